// Executors side by side on one machine: each claims a block of kernel uids of its own, so cleaning up one
// executor's kernels never reaches the other's; and at start an executor removes the session folders a killed
// predecessor left, never those of an executor still running.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { itRequires, ROOT } from '../support/requires.js';
import { startTestExecutor, type TestExecutor } from './support/harness.js';

const running: TestExecutor[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const env of running.splice(0).reverse()) {
    await env.client.closeAll();
    await env.stop();
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestExecutor>[0] = {}): Promise<TestExecutor> {
  const env = await startTestExecutor({ preloadModules: [], poolSize: 1, maxSessions: 2, ...options });
  running.push(env);
  return env;
}

describe('kernel uids', () => {
  itRequires(
    ROOT,
    'are disjoint for two executors given the same base, and one closing kills none of the other',
    async () => {
      const base = 500_000 + Math.floor(Math.random() * 400) * 1000;
      const first = await start({ kernelUidBase: base });
      const second = await start({ kernelUidBase: base });
      const uidOf = async (env: TestExecutor, id: string) =>
        Number((await env.client.execute(id, 'import os\nos.getuid()')).json.stdout);
      const mine = await second.client.createSession();
      await second.client.execute(mine, 'kept = 7');
      const theirs = await first.client.createSession();
      const [firstUid, secondUid] = [await uidOf(first, theirs), await uidOf(second, mine)];
      expect(Math.floor(firstUid / 1000)).not.toBe(Math.floor(secondUid / 1000));
      // The first executor's clean-up kills every process of each of its uids.
      await first.client.closeAll();
      await first.stop();
      running.splice(running.indexOf(first), 1);
      expect((await second.client.execute(mine, 'kept')).json.stdout).toBe('7\n');
    },
  );
});

describe('session folders left behind', () => {
  it('are removed at start when their executor is gone, and kept while it still runs', async () => {
    const sessionsDir = mkdtempSync(join(tmpdir(), 'executor-shared-'));
    const lockDir = mkdtempSync(join(tmpdir(), 'executor-locks-'));
    folders.push(sessionsDir, lockDir);
    // A predecessor killed while holding block 900000: its lock names a process that does not run.
    writeFileSync(join(lockDir, 'uids-900000.lock'), '999999999 1');
    const left = join(sessionsDir, '0b8c54f4-4a4e-4d3c-9a51-6a3c1d1f2e10');
    mkdirSync(join(left, 'work'), { recursive: true });
    writeFileSync(join(left, '.executor'), '900000');
    const live = await start({ sessionsDir, uidLockDir: lockDir, kernelUidBase: 700_000 });
    expect(existsSync(left)).toBe(false);
    const id = await live.client.createSession();
    await live.client.execute(id, 'kept = 1');
    await start({ sessionsDir, uidLockDir: lockDir, kernelUidBase: 700_000 });
    expect(existsSync(join(sessionsDir, id))).toBe(true);
    expect((await live.client.execute(id, 'kept')).json.stdout).toBe('1\n');
  });
});
