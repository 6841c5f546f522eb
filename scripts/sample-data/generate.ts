// Deterministic sales datasets shaped like a small fresh-food shop's order export: English headers, English or
// Korean values, optionally with a UTF-8 byte-order mark (as spreadsheet exports write it), and the column
// descriptions file the agent reads. Same seed, same bytes; no figure is stored anywhere, callers compute
// what they expect from the CSV itself.

export type Language = 'en' | 'ko';

export interface DatasetOptions {
  seed: number;
  rows: number;
  language: Language;
  /** Starts the CSV with a UTF-8 byte-order mark. */
  bom: boolean;
}

export interface Dataset {
  csv: string;
  columnDefinitions: string;
}

export const HEADERS = ['Date', 'Product', 'Category', 'Size', 'Qty', 'Amount', 'City', 'Gender', 'Age Group'];

interface Product {
  name: Record<Language, string>;
  category: Record<Language, string>;
  sizes: string[];
  /** Unit price range in won. */
  price: [number, number];
}

const PRODUCTS: Product[] = [
  {
    name: { en: 'Seaweed Soup', ko: '미역국' },
    category: { en: 'Soup/Side', ko: '국/반찬' },
    sizes: ['300g', '600g'],
    price: [3000, 6000],
  },
  {
    name: { en: 'Spinach Side', ko: '시금치나물' },
    category: { en: 'Soup/Side', ko: '국/반찬' },
    sizes: ['150g'],
    price: [2500, 4000],
  },
  {
    name: { en: 'Ginger Tea', ko: '생강차' },
    category: { en: 'Coffee/Tea', ko: '커피/차' },
    sizes: ['250ml', '500ml'],
    price: [3500, 5000],
  },
  {
    name: { en: 'Cold Brew', ko: '콜드브루' },
    category: { en: 'Coffee/Tea', ko: '커피/차' },
    sizes: ['500ml', '1L'],
    price: [4000, 9000],
  },
  {
    name: { en: 'Korean Pear', ko: '배' },
    category: { en: 'Fruit', ko: '과일' },
    sizes: ['1kg', '3kg'],
    price: [7000, 19000],
  },
  { name: { en: 'Tangerine', ko: '귤' }, category: { en: 'Fruit', ko: '과일' }, sizes: ['2kg'], price: [9000, 14000] },
  {
    name: { en: 'Napa Cabbage', ko: '배추' },
    category: { en: 'Vegetables', ko: '채소' },
    sizes: ['1 head', '2 heads'],
    price: [3000, 7000],
  },
  {
    name: { en: 'Sweet Potato', ko: '고구마' },
    category: { en: 'Vegetables', ko: '채소' },
    sizes: ['1kg'],
    price: [4500, 8000],
  },
];

const CITIES: Record<Language, string[]> = {
  en: ['Gangseo-gu', 'Jung-gu', 'Mapo-gu', 'Suwon', 'Busan'],
  ko: ['강서구', '중구', '마포구', '수원', '부산'],
};
const AGE_GROUPS: Record<Language, string[]> = {
  en: ['20s', '30s', '40s', '50s', '60s'],
  ko: ['20대', '30대', '40대', '50대', '60대'],
};

const DESCRIPTIONS: Record<Language, string[]> = {
  en: [
    'Date the order was placed (M/D/YY)',
    'Product name',
    'Product category',
    'Package size',
    'Number of units ordered',
    'Order amount in Korean won (KRW)',
    'City or district the order shipped to',
    'Customer gender (F or M)',
    'Customer age group',
  ],
  ko: [
    '주문 날짜 (M/D/YY)',
    '상품명',
    '상품 분류',
    '포장 단위',
    '주문 수량',
    '주문 금액 (원, KRW)',
    '배송 도시 또는 구',
    '고객 성별 (F 또는 M)',
    '고객 연령대',
  ],
};

/** mulberry32: a tiny, well-spread 32-bit PRNG; enough for sample data, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function generateDataset(options: DatasetOptions): Dataset {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const lines = [HEADERS.join(',')];
  for (let row = 0; row < options.rows; row++) {
    const product = pick(PRODUCTS);
    const qty = between(1, 4);
    const day = 1 + Math.floor((row * 30) / Math.max(1, options.rows));
    const amount = qty * between(product.price[0], product.price[1]);
    const fields = [
      `5/${day}/25`,
      product.name[options.language],
      product.category[options.language],
      pick(product.sizes),
      String(qty),
      String(amount),
      pick(CITIES[options.language]),
      pick(['F', 'M']),
      pick(AGE_GROUPS[options.language]),
    ];
    lines.push(fields.map(csvField).join(','));
  }
  const definitions = HEADERS.map((column_name, index) => ({
    column_name,
    column_desc: DESCRIPTIONS[options.language][index] ?? '',
  }));
  return {
    csv: `${options.bom ? '\uFEFF' : ''}${lines.join('\n')}\n`,
    columnDefinitions: `${JSON.stringify(definitions, null, 2)}\n`,
  };
}

export interface Variant {
  /** Folder name under the output directory. */
  name: string;
  options: DatasetOptions;
}

/** The variants `npm run sample-data` writes: English, Korean, and Korean with a byte-order mark. */
export function variants(seed: number, rows: number): Variant[] {
  return [
    { name: 'en', options: { seed, rows, language: 'en', bom: false } },
    { name: 'ko', options: { seed, rows, language: 'ko', bom: false } },
    { name: 'ko-bom', options: { seed, rows, language: 'ko', bom: true } },
  ];
}

/** The CSV's file name in every variant folder. */
export const CSV_NAME = 'sales.csv';
export const DEFINITIONS_NAME = 'column_definitions.json';
