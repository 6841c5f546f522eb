#!/usr/bin/env node
// npm start: everything a fresh clone needs, then the local system (scripts/start/main.ts) under Node 24.
// Set-up: npm packages (npm ci when node_modules is missing or older than the lockfile), the Debian packages
// the executor's Python needs (apt-get as root or through sudo), Node 24 (scripts/node24.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEBIAN_PACKAGES = [
  'python3',
  'python3-pandas',
  'python3-matplotlib',
  'python3-reportlab',
  'fonts-nanum',
  'poppler-utils',
];

function run(command, args, options = {}) {
  return spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
}

function ensureNpmPackages() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('Installing npm packages (npm ci)…');
  if (run('npm', ['ci', '--no-audit', '--no-fund']).status !== 0) {
    console.error('npm ci failed; fix the error above and run npm start again.');
    process.exit(1);
  }
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('install ok installed');
  });
}

function ensureDebianPackages() {
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasApt) {
    const python = spawnSync('python3', ['-c', 'import pandas, matplotlib, reportlab'], { stdio: 'ignore' });
    if (python.status !== 0) {
      console.error(
        'This machine has no apt-get: install Python 3 with pandas, matplotlib and reportlab, poppler (pdftotext) and a Korean font (Nanum), then run npm start again.',
      );
      process.exit(1);
    }
    return;
  }
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const [command, ...rest] = [...prefix, 'apt-get'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = run(command, [...rest, 'update', '-qq'], { env });
  const install =
    update.status === 0
      ? run(command, [...rest, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env })
      : update;
  if (install.status !== 0) {
    console.error(
      `Could not install ${missing.join(' ')}: run "sudo apt-get install ${missing.join(' ')}" and then npm start again.`,
    );
    process.exit(1);
  }
}

ensureNpmPackages();
ensureDebianPackages();
const child = run(
  process.execPath,
  [
    join(root, 'scripts', 'node24.mjs'),
    'node',
    join(root, 'scripts', 'run-ts.mjs'),
    join(root, 'scripts', 'start', 'main.ts'),
    ...process.argv.slice(2),
  ],
  { cwd: process.cwd() },
);
process.exit(child.status ?? 1);
