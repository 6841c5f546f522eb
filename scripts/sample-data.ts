// npm run sample-data -- --out DIR [--seed N] [--rows N]: writes the generated sales datasets, one folder per
// variant (en, ko, ko-bom), each with sales.csv and column_definitions.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CSV_NAME, DEFINITIONS_NAME, generateDataset, variants } from './sample-data/generate.js';

function whole(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`--${name} is ${JSON.stringify(raw)}; give a whole number.`);
  return Number(raw);
}

try {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, seed: { type: 'string' }, rows: { type: 'string' } },
    strict: true,
  });
  if (!values.out) throw new Error('Give the folder to write to: npm run sample-data -- --out DIR');
  const rows = whole('rows', values.rows, 400);
  if (rows < 1) throw new Error('--rows must be at least 1.');
  for (const variant of variants(whole('seed', values.seed, 20250501), rows)) {
    const folder = join(values.out, variant.name);
    mkdirSync(folder, { recursive: true });
    const dataset = generateDataset(variant.options);
    writeFileSync(join(folder, CSV_NAME), dataset.csv);
    writeFileSync(join(folder, DEFINITIONS_NAME), dataset.columnDefinitions);
    console.log(`wrote ${join(folder, CSV_NAME)} (${rows} rows) and ${DEFINITIONS_NAME}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
