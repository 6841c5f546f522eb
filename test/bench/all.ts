// npm run bench — every benchmark, one after the other so none disturbs another's timings: each `bench:*` script
// of package.json runs as `npm run` would run it, its output shown as it goes, then one table of every figure
// the benches reported (test/bench/figures.ts). Exits 1 when a bench exited non-zero.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../images/support/trixie.js';
import { type Figure, readFigures } from './figures.js';

interface BenchResult {
  script: string;
  code: number;
  figures: Figure[] | undefined;
}

function benchScripts(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return Object.keys(scripts).filter((name) => name.startsWith('bench:'));
}

/** Runs one script with its output passed through, keeping its standard output for the figures line. */
function runBench(script: string): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let figures: Figure[] | undefined;
      try {
        figures = readFigures(output);
      } catch (error) {
        console.error(`${script}: ${(error as Error).message}`);
      }
      resolve({ script, code: code ?? (signal ? 128 : 1), figures });
    });
  });
}

/** Integers as they are; others to three significant digits, no exponent: 0.123, 12.3, 123, 1234. */
function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

function table(results: readonly BenchResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    const failed = result.code === 0 ? '' : ` (exited ${result.code})`;
    if (!result.figures?.length) {
      rows.push([`${result.script}${failed}`, 'no figures', '']);
      continue;
    }
    for (const figure of result.figures) {
      rows.push([
        `${result.script}${failed}: ${figure.name}`,
        `${formatValue(figure.value)} ${figure.unit}`,
        figure.goal ?? '',
      ]);
    }
  }
  const header = ['figure', 'value', 'goal'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const results: BenchResult[] = [];
for (const script of benchScripts()) {
  console.log(`\n== npm run ${script}`);
  results.push(await runBench(script));
}
console.log(`\n${table(results)}`);
const failures = results.filter((result) => result.code !== 0).map((result) => result.script);
if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}.`);
process.exitCode = failures.length > 0 ? 1 : 0;
