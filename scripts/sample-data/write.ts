// Writes the generated sales datasets, one folder per variant (en, ko, ko-bom), each with sales.csv and
// column_definitions.json; returns the CSV paths.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_NAME, DEFINITIONS_NAME, generateDataset, variants } from './generate.js';

export const DEFAULT_SEED = 20250501;
export const DEFAULT_ROWS = 400;

export function writeSampleData(out: string, seed = DEFAULT_SEED, rows = DEFAULT_ROWS): string[] {
  return variants(seed, rows).map((variant) => {
    const folder = join(out, variant.name);
    mkdirSync(folder, { recursive: true });
    const dataset = generateDataset(variant.options);
    writeFileSync(join(folder, CSV_NAME), dataset.csv);
    writeFileSync(join(folder, DEFINITIONS_NAME), dataset.columnDefinitions);
    return join(folder, CSV_NAME);
  });
}
