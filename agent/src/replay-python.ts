// The Python the built-in replay jobs run in the executor, for any CSV file and amount column. It holds no
// figures: every number is computed by this Python from the data. Names from the request reach Python only
// as JSON string literals (valid Python), never as code.
import { FIGURES_FILE, validationFile } from './figures.js';
import type { Turn } from './script.js';

export interface Dataset {
  /** The CSV file in the session directory. */
  file: string;
  /** The amount column, matched case-insensitively (a UTF-8 BOM and surrounding spaces ignored). */
  amountColumn: string;
  /** The category column, matched the same way. */
  categoryColumn: string;
}

export const SHARES_TABLE = 'category_shares.csv';
export const SHARES_CHART = 'category_share.png';
/** At most this many categories get a share figure each (figures.json holds at most 50 figures). */
const MAX_CATEGORIES = 40;

const literal = (value: string): string => JSON.stringify(value);

export const python = (code: string, extra: Partial<Turn> = {}): Turn => ({
  tools: [{ name: 'run_python', input: { code } }],
  ...extra,
});

/** Reads the CSV with pandas and finds the amount column; prints the row count. */
export function loadData(dataset: Dataset): string {
  return [
    'import pandas as pd',
    `DATA_FILE = ${literal(dataset.file)}`,
    'def find_column(frame, wanted):',
    '    for column in frame.columns:',
    '        if str(column).strip().casefold() == wanted.casefold():',
    '            return column',
    '    raise KeyError(f"{DATA_FILE} has no column {wanted!r}; its columns are {\', \'.join(map(str, frame.columns))}")',
    "df = pd.read_csv(DATA_FILE, encoding='utf-8-sig')",
    `amount = find_column(df, ${literal(dataset.amountColumn)})`,
    "print(len(df), 'rows in', DATA_FILE, '- amount column', repr(amount))",
  ].join('\n');
}

/** Saves the sum of the amount column as total_sales (after loadData). */
export const SAVE_TOTAL = `import json\njson.dump({'total_sales': float(df[amount].sum())}, open('${FIGURES_FILE}', 'w'))`;

/**
 * Saves total_sales and share_<n> (percent of the total, categories by sales, largest first, ties by name),
 * the table of categories as CSV for the report, and a bar chart of the shares (after loadData).
 */
export function saveShares(dataset: Dataset): string {
  return [
    'import csv, json',
    'import matplotlib',
    "matplotlib.use('Agg')",
    'import matplotlib.pyplot as plt',
    'from manus_report import use_korean_font',
    `category = find_column(df, ${literal(dataset.categoryColumn)})`,
    "labels = df[category].fillna('(none)').astype(str)",
    'total = float(df[amount].sum())',
    'sums = df[amount].groupby(labels).sum()',
    'ordered = sorted(((name, float(value)) for name, value in sums.items()), key=lambda item: (-item[1], item[0]))',
    `if len(ordered) > ${MAX_CATEGORIES}:`,
    `    raise ValueError(f'{category} has {len(ordered)} categories; the replayed report covers at most ${MAX_CATEGORIES}')`,
    'money = lambda value: f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"',
    "figures = {'total_sales': total}",
    `with open('${SHARES_TABLE}', 'w', newline='', encoding='utf-8') as handle:`,
    '    writer = csv.writer(handle)',
    "    writer.writerow([str(category), 'Sales', 'Share of total'])",
    '    for index, (name, value) in enumerate(ordered, 1):',
    "        figures[f'share_{index}'] = 100 * value / total",
    "        writer.writerow([name, money(value), f'{100 * value / total:.1f}%'])",
    "    writer.writerow(['Total', money(total), '100.0%'])",
    `json.dump(figures, open('${FIGURES_FILE}', 'w'))`,
    'use_korean_font()',
    'figure, axis = plt.subplots(figsize=(7, 1.5 + 0.45 * len(ordered)))',
    'shares = [100 * value / total for _, value in ordered][::-1]',
    "bars = axis.barh([name for name, _ in ordered][::-1], shares, color='#2f6db5')",
    "axis.bar_label(bars, labels=[f'{share:.1f}%' for share in shares], padding=3)",
    "axis.set_xlabel('Share of total sales (%)')",
    "axis.set_title(f'Share of total sales by {category}')",
    'axis.set_xlim(0, max(shares) * 1.2)',
    'figure.tight_layout()',
    `figure.savefig('${SHARES_CHART}', dpi=110)`,
    'plt.close(figure)',
    `print('saved ${FIGURES_FILE}, ${SHARES_TABLE} and ${SHARES_CHART} for', len(ordered), 'categories')`,
  ].join('\n');
}

/**
 * The Validator's own re-derivation with the csv module (no pandas, nothing from the Coder's session state):
 * total_sales, and with `shares` each share_<n> by the same ordering rule.
 */
export function validatorRecomputes(round: number, dataset: Dataset, options: { shares?: boolean } = {}): Turn[] {
  const code = [
    'import csv, json',
    `DATA_FILE = ${literal(dataset.file)}`,
    `with open(DATA_FILE, newline='', encoding='utf-8-sig') as handle:`,
    '    reader = csv.DictReader(handle)',
    '    def header(wanted):',
    '        for name in reader.fieldnames or []:',
    '            if name.strip().casefold() == wanted.casefold():',
    '                return name',
    "        raise KeyError(f'{DATA_FILE} has no column {wanted!r}')",
    `    amount_column = header(${literal(dataset.amountColumn)})`,
    `    category_column = header(${literal(dataset.categoryColumn)}) if ${options.shares ? 'True' : 'False'} else None`,
    "    rows = [((row[category_column] or '(none)') if category_column else '', float(row[amount_column])) for row in reader if row[amount_column].strip()]",
    'total = sum(value for _, value in rows)',
    "result = {'total_sales': {'value': total, 'method': f'csv.DictReader sum of {amount_column} over {len(rows)} rows'}}",
    'if category_column:',
    '    sums = {}',
    '    for name, value in rows:',
    '        sums[name] = sums.get(name, 0.0) + value',
    '    ordered = sorted(sums.items(), key=lambda item: (-item[1], item[0]))',
    '    for index, (name, value) in enumerate(ordered, 1):',
    "        result[f'share_{index}'] = {'value': 100 * value / total, 'method': f'csv.DictReader: rows of {name[:80]!r} summed, over the total'}",
    `json.dump(result, open('${validationFile(round)}', 'w'))`,
  ].join('\n');
  return [python(code), { text: 'Re-derived the figures from the raw CSV.' }];
}

/** For a question the catalogue cannot replay: counts the CSV files, the one figure the run then holds. */
export const COUNT_CSV_FILES = [
  'import json, pathlib',
  "csv_files = sorted(str(path) for path in pathlib.Path('.').rglob('*') if path.is_file() and path.suffix.lower() == '.csv')",
  "print(len(csv_files), 'CSV files:', csv_files)",
  `json.dump({'csv_files': len(csv_files)}, open('${FIGURES_FILE}', 'w'))`,
].join('\n');

export function validatorCountsCsvFiles(round: number): Turn[] {
  const code = [
    'import json, os',
    "count = sum(1 for _, _, names in os.walk('.') for name in names if name.lower().endswith('.csv'))",
    `json.dump({'csv_files': {'value': count, 'method': 'os.walk count of *.csv files'}}, open('${validationFile(round)}', 'w'))`,
  ].join('\n');
  return [python(code), { text: 'Counted the CSV files.' }];
}
