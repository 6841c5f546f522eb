// npm run sample-data -- --out DIR [--seed N] [--rows N]: writes the generated sales datasets, one folder per
// variant (en, ko, ko-bom), each with sales.csv and column_definitions.json.
import { parseArgs } from 'node:util';
import { DEFINITIONS_NAME } from './sample-data/generate.js';
import { DEFAULT_ROWS, DEFAULT_SEED, writeSampleData } from './sample-data/write.js';

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
  const rows = whole('rows', values.rows, DEFAULT_ROWS);
  if (rows < 1) throw new Error('--rows must be at least 1.');
  for (const csv of writeSampleData(values.out, whole('seed', values.seed, DEFAULT_SEED), rows)) {
    console.log(`wrote ${csv} (${rows} rows) and ${DEFINITIONS_NAME}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
