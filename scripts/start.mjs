#!/usr/bin/env node
// npm start: the set-up a fresh clone needs (scripts/setup.mjs), then the local system (scripts/start/main.ts)
// under Node 24 (scripts/node24.mjs).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setUp } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
setUp('start');
// Ctrl-C reaches the whole process group: main.ts stops what it started, and this waits for its exit code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
const child = spawnSync(
  process.execPath,
  [
    join(root, 'scripts', 'node24.mjs'),
    'node',
    join(root, 'scripts', 'run-ts.mjs'),
    join(root, 'scripts', 'start', 'main.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exit(child.status ?? 1);
