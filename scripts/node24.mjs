#!/usr/bin/env node
// Runs a command under Node 24. Where the Node running this script is older, Node 24 is installed
// once from the npm registry (the node-<platform>-<arch> packages ship the official binary) into
// .cache/node24 and put first on PATH, so `npm test` works on a fresh clone of any machine with npm.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REQUIRED_MAJOR = 24;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function nodeBinDir() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= REQUIRED_MAJOR) return dirname(process.execPath);
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.cache', 'node24');
  const bin = join(prefix, 'node_modules', pkg, 'bin');
  if (!existsSync(join(bin, 'node'))) {
    console.error(
      `Node ${process.versions.node} is older than ${REQUIRED_MAJOR}: installing ${pkg}@${REQUIRED_MAJOR} into ${prefix}`,
    );
    const npm = spawnSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `${pkg}@${REQUIRED_MAJOR}`],
      {
        stdio: 'inherit',
      },
    );
    if (npm.status !== 0) {
      console.error(
        `Could not install ${pkg}@${REQUIRED_MAJOR} from the npm registry; install Node ${REQUIRED_MAJOR} and retry.`,
      );
      process.exit(1);
    }
  }
  return bin;
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/node24.mjs <command> [args…]');
  process.exit(2);
}
const binDir = nodeBinDir();
const env = { ...process.env, PATH: [binDir, join(root, 'node_modules', '.bin'), process.env.PATH].join(':') };
// Ctrl-C reaches the whole process group: the command decides how to stop (npm start cleans up first), and this
// wrapper waits to pass its exit code on instead of dying first.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
const child = spawnSync(command, args, { stdio: 'inherit', env, cwd: process.cwd() });
if (child.error) {
  console.error(`Could not start ${command}: ${child.error.message}`);
  process.exit(1);
}
process.exit(child.status ?? 1);
