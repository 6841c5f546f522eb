#!/usr/bin/env node
// node scripts/run-ts.mjs FILE.ts [args…]: runs a TypeScript entry point (a CLI, a benchmark, a local server)
// by bundling it with esbuild into .cache/run-ts/ — packages stay external and load from node_modules — then
// importing it with the remaining arguments. Exit code and signals are the script's own.
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs FILE.ts [args…]');
  process.exit(2);
}
const outdir = join(root, '.cache', 'run-ts');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, `${basename(entry).replace(/\.ts$/, '')}-${process.pid}.mjs`);
await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node24',
  format: 'esm',
  sourcemap: 'inline',
  keepNames: true,
  logLevel: 'warning',
});
process.on('exit', () => rmSync(outfile, { force: true }));
process.argv = [process.argv[0], resolve(entry), ...args];
await import(pathToFileURL(outfile).href);
