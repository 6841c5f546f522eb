// Operations: capacity answers 503 + Retry-After, ECS scale-in protection follows the sessions, and SIGTERM
// to the real entry point lets a running execute finish and uploads its outputs before the process exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeEcsAgent } from './support/fake-ecs-agent.js';
import { ExecutorClient, startTestExecutor, TOKEN } from './support/harness.js';
import { LocalS3, TEST_BUCKET } from './support/s3.js';

const root = resolve(import.meta.dirname, '..', '..');
// None of these scenarios needs pandas: kernels skip the scientific imports and start in milliseconds.
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('capacity and task protection', () => {
  it('answers 503 with Retry-After when full, and holds ECS protection while sessions are open', async () => {
    const agent = await startFakeEcsAgent();
    cleanups.push(agent.close);
    const env = await startTestExecutor({ preloadModules: [], maxSessions: 2, poolSize: 1, ecsAgentUri: agent.uri });
    cleanups.push(env.stop);

    const first = await env.client.createSession();
    const second = await env.client.createSession();
    const full = await env.client.request('POST', '/sessions');
    expect([full.status, full.json.error]).toEqual([503, 'capacity_exhausted']);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);
    const health = await env.client.request('GET', '/health', { token: null });
    expect(health.json).toMatchObject({ status: 'ok', sessions: 2, capacity: 2, available: 0 });

    await env.client.request('DELETE', `/sessions/${first}`);
    expect(agent.states).toEqual([true]);
    await env.client.request('DELETE', `/sessions/${second}`);
    const third = await env.client.createSession();
    await env.client.request('DELETE', `/sessions/${third}`);
    await env.stop();
    expect(agent.states).toEqual([true, false, true, false]);
  });
});

describe('task protection before the session', () => {
  it('answers 201 only once ECS has confirmed the protection', async () => {
    const agent = await startFakeEcsAgent();
    cleanups.push(agent.close);
    agent.delayMs = 300;
    const env = await startTestExecutor({ preloadModules: [], poolSize: 1, ecsAgentUri: agent.uri });
    cleanups.push(env.stop);
    const created = await env.client.request('POST', '/sessions');
    expect([created.status, agent.confirmed]).toEqual([201, [true]]);
  });

  it('answers 503 protection_unavailable and opens nothing when ECS refuses the protection', async () => {
    const agent = await startFakeEcsAgent();
    cleanups.push(agent.close);
    agent.failing = true;
    const env = await startTestExecutor({ preloadModules: [], poolSize: 1, ecsAgentUri: agent.uri });
    cleanups.push(env.stop);
    const refused = await env.client.request('POST', '/sessions');
    expect([refused.status, refused.json.error]).toEqual([503, 'protection_unavailable']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await env.client.request('GET', '/health', { token: null })).json.sessions).toBe(0);
    agent.failing = false;
    expect((await env.client.request('POST', '/sessions')).status).toBe(201);
  });
});

describe('draining and start failures', () => {
  it('while closing: health answers 503, new sessions are refused, the running execute still completes', async () => {
    const env = await startTestExecutor({ preloadModules: [], poolSize: 1 });
    cleanups.push(env.stop);
    const id = await env.client.createSession();
    const running = env.client.execute(id, 'import time\nopen("started", "w").close()\ntime.sleep(2)\n"done"');
    await env.client.waitForFile(id, 'started');
    const closing = env.executor.close();
    const health = await env.client.request('GET', '/health', { token: null });
    expect([health.status, health.json.status]).toEqual([503, 'draining']);
    const refused = await env.client.request('POST', '/sessions');
    expect([refused.status, refused.json.error]).toEqual([503, 'draining']);
    expect((await running).json).toMatchObject({ status: 'ok', stdout: "'done'\n" });
    await closing;
    expect(await env.s3.keys(`sessions/${id}/`)).toEqual([`sessions/${id}/started`]);
  });

  it('stops an execute still running at the drain timeout and uploads what it wrote so far', async () => {
    const env = await startTestExecutor({ preloadModules: [], poolSize: 1, drainTimeoutSeconds: 1 });
    cleanups.push(env.stop);
    const id = await env.client.createSession();
    const running = env.client.execute(
      id,
      'import time\nopen("partial.csv", "w").write("a,b\\n1,2\\n")\nopen("started", "w").close()\ntime.sleep(120)',
      300,
    );
    await env.client.waitForFile(id, 'started');
    await env.executor.close();
    const reply = await running;
    expect(reply.json.status).toBe('error');
    expect(reply.json.error.type).toBe('Shutdown');
    expect(reply.json.files).toEqual(['partial.csv', 'started']);
    expect((await env.s3.read(`sessions/${id}/partial.csv`)).toString()).toBe('a,b\n1,2\n');
  });

  it('answers 500 kernel_start_failed naming the cause when Python cannot start', async () => {
    const env = await startTestExecutor({ preloadModules: [], poolSize: 1, python: '/nonexistent/python3' });
    cleanups.push(env.stop);
    const reply = await env.client.request('POST', '/sessions');
    expect([reply.status, reply.json.error]).toEqual([500, 'kernel_start_failed']);
    expect(reply.json.message).toContain('/nonexistent/python3');
    expect((await env.client.request('GET', '/health', { token: null })).json.sessions).toBe(0);
  });
});

/** Starts docker/executor/src/main.ts as the image does, configured only through the environment. */
async function startEntryPoint(
  s3: LocalS3,
  sessionsDir: string,
): Promise<{ child: ChildProcess; url: string; logs: Record<string, unknown>[] }> {
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'docker/executor/src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      EXECUTOR_TOKEN: TOKEN,
      ARTIFACTS_BUCKET: TEST_BUCKET,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3.port}`,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      SESSIONS_DIR: sessionsDir,
      KERNEL_UID_BASE: String(100_000 + Math.floor(Math.random() * 9_000) * 100),
      POOL_SIZE: '1',
      MAX_SESSIONS: '2',
      KERNEL_MEMORY_MB: '1024',
      PRELOAD_MODULES: '',
    },
  });
  const logs: Record<string, unknown>[] = [];
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('the executor did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the executor exited with ${code} before listening`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const entry = JSON.parse(line);
      logs.push(entry);
      if (entry.message === 'executor listening') {
        clearTimeout(timer);
        resolveUrl(`http://127.0.0.1:${entry.port}`);
      }
    });
  });
  return { child, url, logs };
}

describe('SIGTERM', () => {
  it('finishes the running execute, uploads the outputs, then exits 0', async () => {
    const s3 = new LocalS3();
    await s3.start();
    await s3.createBucket();
    cleanups.push(() => s3.dispose());
    const sessionsDir = mkdtempSync(join(tmpdir(), 'executor-sigterm-'));
    cleanups.push(async () => rmSync(sessionsDir, { recursive: true, force: true }));
    const { child, url, logs } = await startEntryPoint(s3, sessionsDir);
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    const client = new ExecutorClient(url);

    const id = await client.createSession();
    const running = client.execute(
      id,
      'import time\nopen("started", "w").close()\ntime.sleep(3)\nwith open("result.txt", "w") as out:\n    out.write("finished")',
    );
    // Signal only once the cell is provably running.
    await client.waitForFile(id, 'started');
    child.kill('SIGTERM');

    const reply = await running;
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: 'ok', files: ['result.txt', 'started'] });
    expect(await exited).toBe(0);
    expect(await s3.keys(`sessions/${id}/`)).toEqual([`sessions/${id}/result.txt`, `sessions/${id}/started`]);
    expect((await s3.read(`sessions/${id}/result.txt`)).toString()).toBe('finished');
    expect(logs.find((entry) => entry.message === 'session closed')).toMatchObject({
      sessionId: id,
      reason: 'shutdown',
    });
  });
});
