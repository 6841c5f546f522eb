// A slot is everything a session needs before anyone asks for it: an id, its directories and a started
// kernel. When the server runs as root, each slot also gets a user id of its own, so a session's code can
// neither read another session's files nor signal its processes; the uid is reused only after every
// process left under it has been killed.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutorConfig } from './config.js';
import type { KernelForker } from './forked-kernel.js';
import { Kernel, type KernelSpec } from './kernel.js';
import { OWNER_FILE } from './stale-sessions.js';

export interface KernelUser {
  uid: number;
  gid: number;
}

export interface Slot {
  id: string;
  /** The session's own folder: `work/` (the code's cwd and the files API root) and `scratch/` (HOME, TMPDIR). */
  dir: string;
  workDir: string;
  scratchDir: string;
  user?: KernelUser;
  kernel: Kernel;
}

/**
 * Hands out distinct uids of the executor's claimed block when the server is root; without root every kernel
 * runs as the server's own user. The block also names this executor in its session folders.
 */
export class KernelUsers {
  private readonly free: number[];
  readonly isolated: boolean;

  constructor(
    readonly base: number,
    private readonly count: number,
    isolated = process.getuid?.() === 0,
  ) {
    this.isolated = isolated;
    this.free = Array.from({ length: count }, (_, index) => base + index);
  }

  /** Every uid of the block, handed out or not. */
  get all(): KernelUser[] {
    return Array.from({ length: this.count }, (_, index) => ({ uid: this.base + index, gid: this.base + index }));
  }

  acquire(): KernelUser | undefined {
    if (!this.isolated) return undefined;
    const uid = this.free.shift();
    if (uid === undefined) throw new Error('No kernel user id is free; this is a bug in the session accounting.');
    return { uid, gid: uid };
  }

  release(user: KernelUser | undefined): void {
    if (user) this.free.push(user.uid);
  }
}

export function kernelSpec(
  config: ExecutorConfig,
  zygote: KernelForker,
  slot: Omit<Slot, 'kernel' | 'id' | 'dir'>,
): KernelSpec {
  return {
    zygote,
    pythonDir: config.pythonDir,
    workDir: slot.workDir,
    scratchDir: slot.scratchDir,
    captureDir: config.sessionsDir,
    // No single file may be larger than the whole quota.
    limits: { ...config.limits, fileSizeBytes: Math.min(config.limits.fileSizeBytes, config.diskQuotaBytes) },
    outputCapBytes: config.outputCapBytes,
    ...(slot.user ? { user: slot.user } : {}),
  };
}

export async function createSlot(config: ExecutorConfig, zygote: KernelForker, users: KernelUsers): Promise<Slot> {
  const id = randomUUID();
  const dir = join(config.sessionsDir, id);
  const workDir = join(dir, 'work');
  const scratchDir = join(dir, 'scratch');
  const user = users.acquire();
  try {
    await mkdir(dir, { mode: 0o711 });
    await writeFile(join(dir, OWNER_FILE), String(users.base), { mode: 0o600 });
    for (const path of [workDir, scratchDir]) {
      await mkdir(path, { mode: 0o700 });
      if (user) await chown(path, user.uid, user.gid);
    }
  } catch (error) {
    users.release(user);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const base = { workDir, scratchDir, ...(user ? { user } : {}) };
  return { id, dir, ...base, kernel: new Kernel(kernelSpec(config, zygote, base)) };
}

/**
 * Kills everything running as `user`: kill(-1, SIGKILL) issued under that uid reaches exactly its processes,
 * including any that left the kernel's process group with setsid.
 */
export function killUserProcesses(python: string, user: KernelUser): Promise<void> {
  return new Promise((resolve) => {
    const killer = spawn(python, ['-S', '-c', 'import os, signal\nos.kill(-1, signal.SIGKILL)'], {
      uid: user.uid,
      gid: user.gid,
      stdio: 'ignore',
      env: {},
    });
    killer.on('error', () => resolve());
    killer.on('exit', () => resolve());
  });
}

/** Stops the slot's kernel and every process of its user; the directories stay. */
export async function stopKernel(config: ExecutorConfig, slot: Slot): Promise<void> {
  await slot.kernel.kill();
  if (slot.user) await killUserProcesses(config.python, slot.user);
}

/** Stops the kernel, removes the directories and frees the uid. */
export async function disposeSlot(config: ExecutorConfig, users: KernelUsers, slot: Slot): Promise<void> {
  await stopKernel(config, slot);
  await rm(slot.dir, { recursive: true, force: true });
  users.release(slot.user);
}
