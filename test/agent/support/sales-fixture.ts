// A small sales dataset shaped like the Moon Market sample (same columns, units and quirks such as empty
// promotion codes), generated from a seed. The expected figures are computed here from the CSV text itself.

const PRODUCTS = [
  ['Seaweed Soup', 'Soup/Side/Main', '300g', 3540],
  ['Ginger Tea', 'Coffee/Tea', '500ml', 4156],
  ['Apple Box', 'Fruit', '2kg', 18900],
  ['Kimchi', 'Soup/Side/Main', '1kg', 9870],
  ['Cold Brew', 'Coffee/Tea', '1L', 7420],
] as const;
const DISTRICTS = ['Gangseo-gu', 'Jung-gu', 'Jungnang-gu', 'Gangdong-gu', 'Mapo-gu'];
const PROMOTIONS = ['FRUITPROMO5', 'WEEKEND20', 'FRESH10OFF', '', ''];

export const COLUMNS = [
  'Date',
  'Product',
  'Category',
  'Size',
  'Qty',
  'Amount',
  'ship-city',
  'ship-state',
  'ship-postal-code',
  'promotion-ids',
  'Gender',
  'Age Group',
];

export const COLUMN_DEFINITIONS = JSON.stringify(
  [
    ['Date', 'Date when the order was placed (format: M/D/YY)'],
    ['Product', 'Name of the ordered product'],
    ['Category', 'Product category'],
    ['Size', 'Product size or volume'],
    ['Qty', 'Quantity of items ordered'],
    ['Amount', 'Total order amount (unit: KRW)'],
    ['ship-city', 'District-level shipping address'],
    ['ship-state', 'City/province-level shipping address'],
    ['ship-postal-code', 'Postal code of the shipping address'],
    ['promotion-ids', 'Promotion code applied to the order (may be empty)'],
    ['Gender', 'Customer gender (F/M)'],
    ['Age Group', 'Customer age group'],
  ].map(([column_name, column_desc]) => ({ column_name, column_desc })),
  null,
  2,
);

/** A deterministic pseudo-random sequence (mulberry32), so a failing run can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Korean values for the Korean variant of the dataset (the headers stay English, as in the sample). */
const KOREAN: Record<string, string> = {
  'Seaweed Soup': '미역국',
  'Ginger Tea': '생강차',
  'Apple Box': '사과 박스',
  Kimchi: '김치',
  'Cold Brew': '콜드브루',
  'Soup/Side/Main': '국/반찬/메인요리',
  'Coffee/Tea': '커피/차',
  Fruit: '과일',
};

/** The Korean variant: Korean values, CRLF line ends and a UTF-8 byte order mark, like the Korean sample. */
export function koreanSalesCsv(rows: number, seed = 7): string {
  const translated = salesCsv(rows, seed)
    .trimEnd()
    .split('\n')
    .map((line) =>
      line
        .split(',')
        .map((cell) => KOREAN[cell] ?? cell)
        .join(','),
    );
  return `\uFEFF${translated.join('\r\n')}\r\n`;
}

export function salesCsv(rows: number, seed = 7): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines = [COLUMNS.join(',')];
  for (let i = 0; i < rows; i++) {
    const [product, category, size, unit] = pick(PRODUCTS);
    const qty = 1 + Math.floor(next() * 5);
    const amount = Math.round(qty * unit * (0.9 + next() * 0.2));
    const day = 1 + (i % 28);
    lines.push(
      [
        `5/${day}/25`,
        product,
        category,
        size,
        qty,
        amount,
        pick(DISTRICTS),
        'Seoul',
        2000 + Math.floor(next() * 7000),
        pick(PROMOTIONS),
        pick(['F', 'M']),
        pick(['20s', '30s', '40s', '50s']),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function records(csv: string): string[][] {
  return csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));
}

/** Sum of the Amount column, read back from the CSV text the way a user would check it. */
export function totalAmount(csv: string): number {
  const [header, ...rows] = records(csv);
  const index = (header as string[]).indexOf('Amount');
  return rows.reduce((sum, row) => sum + Number(row[index]), 0);
}

/** Each category's sum of Amount, from the CSV text. */
export function categoryTotals(csv: string): Map<string, number> {
  const [header, ...rows] = records(csv);
  const category = (header as string[]).indexOf('Category');
  const amount = (header as string[]).indexOf('Amount');
  const totals = new Map<string, number>();
  for (const row of rows) {
    const name = row[category] as string;
    totals.set(name, (totals.get(name) ?? 0) + Number(row[amount]));
  }
  return totals;
}
