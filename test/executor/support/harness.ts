// Starts a real executor (real Python kernels) in-process against a LocalS3, with limits tight enough that
// the hostile cases end in seconds, and a small client speaking its HTTP contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ExecutorOptions } from '../../../docker/executor/src/config.js';
import type { LogFields, Logger } from '../../../docker/executor/src/log.js';
import { type RunningExecutor, startExecutor } from '../../../docker/executor/src/server.js';
import { FakeClock } from '../../support/fake-clock.js';
import { LocalS3, TEST_BUCKET } from './s3.js';

export const TOKEN = 'test-token-0123456789';
const MIB = 1024 * 1024;

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered
  json: any;
  text: string;
  body: Uint8Array;
}

export interface RequestOptions {
  json?: unknown;
  body?: string | Uint8Array;
  token?: string | null;
  headers?: Record<string, string>;
}

export class ExecutorClient {
  private readonly opened = new Set<string>();

  constructor(readonly url: string) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? TOKEN : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let requestBody = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      requestBody = JSON.stringify(options.json);
    }
    const response = await fetch(this.url + path, {
      method,
      headers,
      body: requestBody,
      signal: AbortSignal.timeout(60_000),
    });
    const body = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text, body };
  }

  async createSession(): Promise<string> {
    const reply = await this.request('POST', '/sessions');
    if (reply.status !== 201) throw new Error(`POST /sessions answered ${reply.status}: ${reply.text}`);
    this.opened.add(reply.json.sessionId);
    return reply.json.sessionId;
  }

  /** DELETEs every session this client opened that is still open, so each test starts with free capacity. */
  async closeAll(): Promise<void> {
    for (const id of this.opened) {
      const reply = await this.request('DELETE', `/sessions/${id}`);
      if (reply.status !== 200 && reply.status !== 404)
        throw new Error(`DELETE ${id} answered ${reply.status}: ${reply.text}`);
    }
    this.opened.clear();
  }

  execute(sessionId: string, code: string, timeoutSeconds?: number): Promise<Reply> {
    return this.request('POST', `/sessions/${sessionId}/execute`, { json: { code, timeoutSeconds } });
  }

  put(sessionId: string, path: string, body: string | Uint8Array): Promise<Reply> {
    return this.request('PUT', `/sessions/${sessionId}/files/${path}`, { body });
  }

  get(sessionId: string, path: string): Promise<Reply> {
    return this.request('GET', `/sessions/${sessionId}/files/${path}`);
  }

  /**
   * Resolves once a running cell has created `path`: how a test knows the cell is really executing. Real
   * Python runs here, so this waits on the kernel, not on a clock; it gives up after 30 s.
   */
  async waitForFile(sessionId: string, path: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await this.get(sessionId, path)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`${path} did not appear in session ${sessionId} within 30 s`);
      await new Promise((tick) => setTimeout(tick, 25));
    }
  }
}

export interface TestExecutor {
  executor: RunningExecutor;
  client: ExecutorClient;
  s3: LocalS3;
  clock: FakeClock;
  sessionsDir: string;
  logs: { level: string; message: string; fields: LogFields }[];
  stop(): Promise<void>;
}

/** Limits small enough that a memory bomb or fork bomb is contained in well under a second. */
export const TIGHT_LIMITS = {
  cpuSeconds: 60,
  memoryBytes: 1024 * MIB,
  processes: 48,
  fileSizeBytes: 64 * MIB,
  openFiles: 128,
};

export async function startTestExecutor(options: ExecutorOptions = {}): Promise<TestExecutor> {
  const s3 = new LocalS3();
  await s3.start();
  await s3.createBucket();
  const sessionsDir = mkdtempSync(join(tmpdir(), 'executor-sessions-'));
  const clock = new FakeClock(Date.now());
  const logs: TestExecutor['logs'] = [];
  const log: Logger = { log: (level, message, fields = {}) => logs.push({ level, message, fields }) };
  const executor = await startExecutor({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    sessionsDir,
    artifactsBucket: TEST_BUCKET,
    s3: s3.clientConfig,
    poolSize: 2,
    maxSessions: 8,
    defaultTimeoutSeconds: 20,
    uploadAttempts: 3,
    clock,
    log,
    // Test files run in parallel, each with its own executor: their kernel uids must not overlap, or one
    // executor's clean-up (kill every process of a uid) would kill another's kernels.
    kernelUidBase: 100_000 + Math.floor(Math.random() * 9_000) * 100,
    ...options,
    limits: { ...TIGHT_LIMITS, ...options.limits },
  });
  return {
    executor,
    client: new ExecutorClient(executor.url),
    s3,
    clock,
    sessionsDir,
    logs,
    async stop() {
      await executor.close();
      await s3.dispose();
      rmSync(sessionsDir, { recursive: true, force: true });
    },
  };
}

/**
 * One executor for a whole test file, registered as vitest hooks: started before the tests, every session a
 * test opened closed after it (so each test starts with free capacity), stopped at the end. The returned
 * object is filled in when the executor has started.
 */
export function useTestExecutor(options: ExecutorOptions = {}): TestExecutor {
  const env = {} as TestExecutor;
  beforeAll(async () => {
    Object.assign(env, await startTestExecutor(options));
  });
  afterEach(async () => {
    await env.client?.closeAll();
  });
  afterAll(async () => {
    await env.stop?.();
  });
  return env;
}
