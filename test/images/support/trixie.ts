// The Debian trixie base image, made here because no base image can be pulled: debootstrap (minbase) into a
// cache folder kept between runs, then `buildah from scratch` + copy + commit into a container store.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * What makes debian:trixie-slim slim, so sizes measured here match the real base: documentation, manuals and
 * translations are removed and kept out of every later package install (copyright notices stay).
 */
const SLIM = `set -e
root="$1"
mkdir -p "$root/etc/dpkg/dpkg.cfg.d"
cat > "$root/etc/dpkg/dpkg.cfg.d/slim" <<'RULES'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
RULES
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$root"/usr/share/man/* "$root"/usr/share/groff/* "$root"/usr/share/info/* "$root"/usr/share/lintian/*
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
`;

const HOST_CAS = '/usr/local/share/ca-certificates';

/**
 * This machine reaches HTTPS registries (npm) through a proxy whose CA only the host trusts, so an image build's
 * `npm install` would fail where a GitHub runner's would not. The stand-in base image trusts what its build host
 * trusts: the local CAs go where update-ca-certificates finds them, and into NODE_EXTRA_CA_CERTS for Node.
 * Returns the buildah config arguments that set the variable.
 */
function addHostTrust(mountPoint: string): string[] {
  const certificates = existsSync(HOST_CAS) ? readdirSync(HOST_CAS).filter((name) => name.endsWith('.crt')) : [];
  if (certificates.length === 0) return [];
  const target = join(mountPoint, HOST_CAS);
  mkdirSync(target, { recursive: true });
  for (const name of certificates) copyFileSync(join(HOST_CAS, name), join(target, name));
  const bundle = '/etc/ssl/build-host-cas.pem';
  mkdirSync(dirname(join(mountPoint, bundle)), { recursive: true });
  writeFileSync(
    join(mountPoint, bundle),
    certificates.map((name) => readFileSync(join(HOST_CAS, name), 'utf8')).join('\n'),
  );
  return ['--env', `NODE_EXTRA_CA_CERTS=${bundle}`];
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
    await exec('sh', ['-c', SLIM, 'slim', mountPoint]);
    const trust = addHostTrust(mountPoint);
    await run(['umount', container]);
    await run(['config', '--cmd', '/bin/bash', '--env', 'LANG=C.UTF-8', ...trust, container]);
    await run(['commit', '--quiet', container, name]);
  } finally {
    await run(['rm', container]).catch(() => undefined);
  }
}
