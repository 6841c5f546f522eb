// A kernel whose zygote died after forking it but before it connected: nobody will report its exit and no
// channel will close, yet killing it must still end (the pool's shutdown waits for it), and the process is gone.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../docker/executor/src/config.js';
import type { ForkedKernel, KernelForker } from '../../docker/executor/src/forked-kernel.js';
import { Kernel } from '../../docker/executor/src/kernel.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe('a kernel orphaned before it connected', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is killed, and counts as exited, though neither a report nor a channel says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernel-orphan-'));
    dirs.push(dir);
    // The forked process stands in for the kernel: its own process group, as the kernel makes itself.
    const process_ = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const pid = process_.pid as number;
    const zygote: KernelForker = {
      fork: async (): Promise<ForkedKernel> => ({
        pid,
        channel: new Promise<Socket>(() => {}),
        // The zygote died: no exit report will ever come.
        exit: Promise.resolve(undefined),
      }),
    };
    const kernel = new Kernel({
      zygote,
      pythonDir: dir,
      workDir: dir,
      scratchDir: dir,
      captureDir: dir,
      limits: DEFAULT_LIMITS,
      outputCapBytes: 1024,
    });
    // Let the start reach its wait for the channel, and the missing report be taken in.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(kernel.alive).toBe(true);
    const killed = kernel.kill().then(() => 'exited');
    const outcome = await Promise.race([killed, new Promise((resolve) => setTimeout(resolve, 10_000, 'hung'))]);
    expect(outcome).toBe('exited');
    expect(kernel.alive).toBe(false);
    await expect(kernel.ready).rejects.toThrow(/did not start/);
    expect(await until(() => process_.exitCode !== null || process_.signalCode !== null, 5000)).toBe(true);
    expect(process_.signalCode).toBe('SIGKILL');
    expect(alive(pid)).toBe(false);
  });
});
