// Removes a container lab's folder and everything that still holds it: processes working in it or naming it
// (conmon, `podman container cleanup`, a registry that did not exit), mounts below it (overlay layers, shm,
// the store's own bind mount), loop devices backed by files in it. Mounts can reappear while a container's
// cleanup is still running, so it repeats until the folder is gone, bounded in time, and then says exactly
// what is left when it is not.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exec } from './processes.js';

const OWNER_FILE = 'owner.pid';
/** A lab folder from before owner files, or whose owner file could not be written, is stale after this long. */
const UNOWNED_STALE_MS = 2 * 60 * 60 * 1000;

const isBelow = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** /proc/self/mountinfo escapes space, tab, newline and backslash as octal. */
const unescapeMountPath = (path: string) =>
  path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));

export function mountsBelow(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => unescapeMountPath(line.split(' ')[4] ?? ''))
    .filter((mountPoint) => mountPoint !== '' && isBelow(mountPoint, dir))
    .sort((a, b) => b.length - a.length);
}

function readOrEmpty(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}

/** Processes, other than this one, whose command line, working directory or root is in `dir`. */
export function processesHolding(dir: string): number[] {
  const holders: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const base = join('/proc', entry);
    const cmdline = readOrEmpty(() => readFileSync(join(base, 'cmdline'), 'utf8')).split('\0');
    const cwd = readOrEmpty(() => readlinkSync(join(base, 'cwd')));
    const root = readOrEmpty(() => readlinkSync(join(base, 'root')));
    if (cmdline.some((arg) => arg.includes(dir)) || isBelow(cwd, dir) || isBelow(root, dir)) holders.push(pid);
  }
  return holders;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function stopProcesses(dir: string): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const holders = processesHolding(dir);
    if (holders.length === 0) return;
    for (const pid of holders) {
      try {
        process.kill(pid, signal);
      } catch {
        // Gone already.
      }
    }
    for (let waited = 0; waited < 5_000 && holders.some(isAlive); waited += 100) await sleep(100);
  }
}

async function detachLoopDevices(dir: string): Promise<void> {
  const list = await exec('losetup', ['--list', '--noheadings', '--output', 'NAME,BACK-FILE'], {
    allowFailure: true,
  });
  for (const line of list.stdout.split('\n')) {
    const [device, backingFile] = line.trim().split(/\s+/, 2);
    if (device && backingFile && isBelow(backingFile, dir)) {
      await exec('losetup', ['--detach', device], { allowFailure: true });
    }
  }
}

async function unmountAll(dir: string): Promise<void> {
  for (const mountPoint of mountsBelow(dir)) {
    const plain = await exec('umount', [mountPoint], { allowFailure: true });
    if (plain.code !== 0) await exec('umount', ['--lazy', mountPoint], { allowFailure: true });
  }
}

/** Removes `dir` and whatever holds it; throws, naming what is left, only when that fails for `timeoutMs`. */
export async function removeLabFolder(dir: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (existsSync(dir)) {
    await stopProcesses(dir);
    await detachLoopDevices(dir);
    await unmountAll(dir);
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `Could not remove the container lab ${dir} within ${timeoutMs / 1000} s: ${(error as Error).message}; ` +
            `mounts left: ${mountsBelow(dir).join(', ') || 'none'}; processes left: ${processesHolding(dir).join(', ') || 'none'}.`,
        );
      }
      await sleep(500);
    }
  }
}

/** Marks a lab folder as this process's, so a later run knows whether its owner is still alive. */
export function ownerFile(dir: string): string {
  return join(dir, OWNER_FILE);
}

/** Removes lab folders under `parent` whose owner is gone: what a killed run left behind. */
export async function sweepStaleLabs(parent: string, prefix: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(parent, name);
    const owner = Number(readOrEmpty(() => readFileSync(ownerFile(dir), 'utf8')).trim());
    const stale = owner > 0 ? !isAlive(owner) : Date.now() - modifiedAt(dir) > UNOWNED_STALE_MS;
    if (!stale) continue;
    await removeLabFolder(dir);
    removed.push(dir);
  }
  return removed;
}

function modifiedAt(dir: string): number {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return Date.now();
  }
}
