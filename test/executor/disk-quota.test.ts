// Disk space: a cell that fills its session's quota is stopped with a clear error for that session alone, its
// files are kept, and no session opens while the task's disk is below the free-space floor.
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExecutor, useTestExecutor } from './support/harness.js';

const MIB = 1024 * 1024;
const env = useTestExecutor({ preloadModules: [], poolSize: 2, diskQuotaBytes: 4 * MIB, diskCheckIntervalMs: 50 });
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('session disk quota', () => {
  it('stops a cell that fills the disk, for that session only, keeping what it wrote', async () => {
    const filler = await env.client.createSession();
    const neighbour = await env.client.createSession();
    const reply = await env.client.execute(
      filler,
      [
        'import time',
        'for number in range(200):',
        '    with open(f"fill-{number}.bin", "wb") as out:',
        '        out.write(b"x" * (1024 * 1024))',
        '    time.sleep(0.02)',
        'print("wrote 200 MiB")',
      ].join('\n'),
      20,
    );
    expect([reply.json.status, reply.json.error?.type]).toEqual(['error', 'DiskQuotaExceeded']);
    expect(reply.json.error.message).toContain('past its 4 MiB disk quota');
    expect((await env.client.get(filler, 'fill-0.bin')).body.length).toBe(MIB);
    expect((await env.client.execute(neighbour, '6 * 7')).json.stdout).toBe('42\n');
    // The quota is checked every 50 ms: a cell that takes its time before deleting must not be stopped for the
    // files it is about to delete.
    const freed = await env.client.execute(
      filler,
      'import os, time\ntime.sleep(0.5)\nfor name in os.listdir():\n    os.remove(name)\nprint("freed")',
    );
    expect(freed.json.stdout).toBe('freed\n');
  });

  it('refuses one file larger than the whole quota', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(id, 'open("big.bin", "wb").write(b"x" * (5 * 1024 * 1024))');
    // RLIMIT_FSIZE (OSError) refuses it at the write; under load the quota watcher may stop the cell first.
    expect(reply.json.status).toBe('error');
    expect(['OSError', 'DiskQuotaExceeded']).toContain(reply.json.error?.type);
  });
});

describe('free-disk floor', () => {
  it('answers 503 disk_full with Retry-After when the disk has less room than the floor', async () => {
    const low = await startTestExecutor({ preloadModules: [], poolSize: 1, minFreeDiskBytes: Number.MAX_SAFE_INTEGER });
    cleanups.push(low.stop);
    const refused = await low.client.request('POST', '/sessions');
    expect([refused.status, refused.json.error]).toEqual([503, 'disk_full']);
    expect(refused.json.message).toMatch(/MiB free, under its \d+ MiB floor/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
