#!/usr/bin/env node
// The set-up npm start and npm test share on a fresh clone: npm packages (npm ci when node_modules is missing or
// older than the lockfile) and the Debian packages the executor's Python and the PDF checks need (apt-get as
// root or through sudo). Node 24 comes from scripts/node24.mjs. `node scripts/setup.mjs` runs it alone.
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

export function ensureNpmPackages() {
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

export function ensureDebianPackages() {
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

export function setUp() {
  ensureNpmPackages();
  ensureDebianPackages();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) setUp();
