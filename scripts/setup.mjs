#!/usr/bin/env node
// node scripts/setup.mjs <test|start> (or setUp(purpose)): what `npm test` and `npm start` need before they run, installed when
// missing, so each works on a fresh clone: the Debian packages of that purpose (apt-get as root, or through
// sudo) and the npm packages of the lockfile (`npm ci` when node_modules is missing or older than the lockfile).
// Node 24 itself is scripts/node24.mjs's job. On a machine without apt it says in one sentence what to install.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The executor's Python stack and fonts, and the PDF tools that check its reports. */
const EXECUTOR = [
  'python3',
  'python3-pandas',
  'python3-matplotlib',
  'python3-reportlab',
  'fonts-nanum',
  'poppler-utils',
];
/** The image tests: a registry, podman's API for the docker CLI, builds from a debootstrapped base. */
const IMAGES = ['podman', 'buildah', 'runc', 'docker-registry', 'debootstrap'];
const DEBIAN_PACKAGES = { start: EXECUTOR, test: [...EXECUTOR, ...IMAGES] };

const WITHOUT_APT =
  'This machine has no apt: install Python 3 with pandas, matplotlib and reportlab, the Nanum Gothic font and ' +
  'poppler (on a Mac: `brew install python poppler font-nanum-gothic && pip3 install pandas matplotlib reportlab`), ' +
  'then run again.';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const succeeds = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

function missingDebianPackages(packages) {
  return packages.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return !query.stdout?.includes('install ok installed');
  });
}

function ensureDebianPackages(packages) {
  if (!succeeds('sh', ['-c', 'command -v apt-get && command -v dpkg-query'])) {
    if (succeeds('python3', ['-c', 'import pandas, matplotlib, reportlab'])) return;
    console.error(WITHOUT_APT);
    process.exit(1);
  }
  const missing = missingDebianPackages(packages);
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  if (asRoot.length > 0 && !succeeds('sh', ['-c', 'command -v sudo'])) {
    console.error(`Debian packages missing and no sudo to install them: apt-get install ${missing.join(' ')}`);
    process.exit(1);
  }
  console.error(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing],
  ]) {
    const run = spawnSync([...asRoot, ...args][0], [...asRoot, ...args].slice(1), { stdio: 'inherit', env });
    if (run.status !== 0) {
      console.error(
        `Could not install ${missing.join(' ')} (${args.slice(0, 2).join(' ')} failed); install them and run again.`,
      );
      process.exit(1);
    }
  }
}

function ensureNpmPackages() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lockfile = join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs) return;
  console.error('installing npm packages (npm ci)');
  const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('npm ci failed (see above); fix it and run again.');
    process.exit(1);
  }
}

/** Installs what `purpose` (test or start) needs and is missing; exits with one sentence when it cannot. */
export function setUp(purpose) {
  if (!(purpose in DEBIAN_PACKAGES)) {
    console.error(`usage: node scripts/setup.mjs <${Object.keys(DEBIAN_PACKAGES).join('|')}>`);
    process.exit(2);
  }
  ensureDebianPackages(DEBIAN_PACKAGES[purpose]);
  ensureNpmPackages();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) setUp(process.argv[2]);
