// An executor whose python/ folder lies below a folder only root can enter (a checkout cloned into a 0700 home or
// mktemp folder): its kernels, under uids of their own, still import its modules, and cannot change them.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { itRequires, ROOT } from '../support/requires.js';
import { startTestExecutor, type TestExecutor } from './support/harness.js';

const PYTHON_DIR = new URL('../../docker/executor/python/', import.meta.url).pathname;

describe('the python folder of a private checkout', () => {
  let closed: string;
  let env: TestExecutor;

  beforeAll(async () => {
    // mkdtemp makes the folder 0700: no kernel uid can enter it.
    closed = mkdtempSync(join(tmpdir(), 'executor-private-checkout-'));
    cpSync(PYTHON_DIR, join(closed, 'python'), { recursive: true });
    env = await startTestExecutor({ pythonDir: join(closed, 'python'), poolSize: 1, maxSessions: 2 });
  });
  afterAll(async () => {
    await env?.client.closeAll();
    await env?.stop();
    rmSync(closed, { recursive: true, force: true });
  });

  itRequires(ROOT, 'is imported by the kernels from a copy they can read but not write', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      [
        'import os, manus_report',
        'folder = os.path.dirname(manus_report.__file__)',
        'print(os.access(folder, os.W_OK), os.access(manus_report.__file__, os.W_OK))',
        'print(os.getuid() != 0)',
      ].join('\n'),
    );
    expect(reply.json.status).toBe('ok');
    expect(reply.json.stdout).toBe('False False\nTrue\n');
  });
});
