// What a right answer must hold, computed from the dataset itself: the total of the amount column (matched
// case-insensitively) and each category's share of it. Nothing here is ever written down by hand.
import { CsvError, parseCsv } from './csv.js';

export interface Expectation {
  /** The amount column's name as the CSV spells it. */
  amountColumn: string;
  rows: number;
  total: number;
  /** Category → share of the total, 0..1; empty when the CSV has no Category column. */
  shares: Record<string, number>;
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

function amount(raw: string, row: number, column: string): number {
  const cleaned = raw.trim().replace(/[,\s₩$€£]/g, '');
  const value = Number(cleaned);
  if (cleaned === '' || !Number.isFinite(value)) {
    throw new DatasetError(`row ${row} has ${JSON.stringify(raw)} in the "${column}" column, which is not a number`);
  }
  return value;
}

/** @param name the file's name, for the messages */
export function expectationOf(csv: string, amountColumn: string, name: string): Expectation {
  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvError)
      throw new DatasetError(`The dataset ${name} is not a readable CSV: ${error.message}.`);
    throw error;
  }
  const wanted = amountColumn.toLowerCase();
  const index = table.headers.findIndex((header) => header.toLowerCase() === wanted);
  if (index < 0) {
    throw new DatasetError(
      `The dataset ${name} has no "${amountColumn}" column (its columns: ${table.headers.join(', ')}); set amount-column to the one holding sales amounts.`,
    );
  }
  if (table.rows.length === 0) throw new DatasetError(`The dataset ${name} has a header but no rows.`);
  const column = table.headers[index] as string;
  const categoryIndex = table.headers.findIndex((header) => header.toLowerCase() === 'category');
  let total = 0;
  const byCategory = new Map<string, number>();
  table.rows.forEach((row, at) => {
    let value: number;
    try {
      value = amount(row[index] ?? '', at + 2, column);
    } catch (error) {
      throw new DatasetError(`The dataset ${name}: ${(error as Error).message}.`);
    }
    total += value;
    if (categoryIndex >= 0) {
      const category = row[categoryIndex] ?? '';
      byCategory.set(category, (byCategory.get(category) ?? 0) + value);
    }
  });
  const shares = Object.fromEntries(
    [...byCategory].map(([category, sum]) => [category, total === 0 ? 0 : sum / total]),
  );
  return { amountColumn: column, rows: table.rows.length, total, shares };
}
