// The Debian trixie base image, made here because no base image can be pulled: debootstrap (minbase) into a
// cache folder kept between runs, then `buildah from scratch` + copy + commit into a container store.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exec } from './processes.js';

/** The folder holding the project's package.json, found upwards (benchmarks run from a bundle in .cache/). */
function projectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'actions'))) return folder;
    if (dirname(folder) === folder) throw new Error(`No project root above ${start}.`);
  }
}

export const PROJECT_ROOT = projectRoot(resolve(import.meta.dirname));
export const ROOTFS = join(PROJECT_ROOT, '.cache', 'images', 'trixie-rootfs');
const MIRROR = 'http://deb.debian.org/debian';

/**
 * Debootstraps once (≈40 s) and reuses the folder afterwards. A lock keeps two runs from building it at once;
 * the folder appears under its final name only when complete. Downloaded packages and package lists are
 * removed: every image build runs apt-get update itself.
 */
export async function ensureTrixieRootfs(): Promise<string> {
  if (existsSync(join(ROOTFS, 'etc', 'debian_version'))) return ROOTFS;
  const script = [
    'set -e',
    `final=${ROOTFS}`,
    'test -f "$final/etc/debian_version" && exit 0',
    'partial="$final.partial"',
    'rm -rf "$partial"',
    `debootstrap --variant=minbase trixie "$partial" ${MIRROR}`,
    'rm -rf "$partial"/var/cache/apt/archives/*.deb "$partial"/var/lib/apt/lists/*',
    'mv "$partial" "$final"',
  ].join('\n');
  mkdirSync(dirname(ROOTFS), { recursive: true });
  await exec('flock', [`${ROOTFS}.lock`, 'sh', '-c', script], { timeoutMs: 600_000 });
  return ROOTFS;
}

/** Commits the root file system as `name` in the store that `buildah` (with its storage options) uses. */
export async function commitBaseImage(buildah: readonly string[], name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const rootfs = await ensureTrixieRootfs();
  const run = (args: string[]) => exec('buildah', [...buildah, ...args], { env });
  const container = (await run(['from', '--quiet', 'scratch'])).stdout.trim();
  try {
    const mountPoint = (await run(['mount', container])).stdout.trim();
    // cp -a keeps owners, modes and links as debootstrap made them.
    await exec('cp', ['-a', `${rootfs}/.`, mountPoint]);
    await run(['umount', container]);
    await run(['config', '--cmd', '/bin/bash', '--env', 'LANG=C.UTF-8', container]);
    await run(['commit', '--quiet', container, name]);
  } finally {
    await run(['rm', container]).catch(() => undefined);
  }
}
