// One real executor (with s3rver) per test file, and a fresh agent server per test, registered as vitest
// hooks: the shared setup of the end-to-end suites.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Script } from '../../../agent/src/script.js';
import { startTestExecutor, type TestExecutor, TOKEN } from '../../executor/support/harness.js';
import { TEST_BUCKET } from '../../executor/support/s3.js';
import { type AgentUnderTest, startAgent } from './stack.js';

/** The harness's 1 GiB address-space limit is for hostile code; pandas plus matplotlib kernels need room. */
export const ROOMY_LIMITS = { memoryBytes: 4096 * 1024 * 1024 };

export interface AgentStack {
  readonly executor: TestExecutor;
  readonly agent: AgentUnderTest | undefined;
  /** Starts the agent with this script (`undefined`: the built-in catalogue) against the executor; returns its URL. */
  start(script: Script | undefined, env?: Record<string, string>): Promise<string>;
  /** True when the executor answers session_not_found for this session. */
  sessionGone(executorSessionId: string): Promise<boolean>;
  /** Resolves once a pre-started kernel is ready, so a session opens at once (tests of tight time limits). */
  warmKernel(): Promise<void>;
}

export function useAgentStack(poolSize: number): AgentStack {
  let executor: TestExecutor | undefined;
  let agent: AgentUnderTest | undefined;
  beforeAll(async () => {
    executor = await startTestExecutor({ poolSize, limits: ROOMY_LIMITS });
  });
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });
  afterAll(async () => {
    await executor?.stop();
  });
  const running = (): TestExecutor => {
    if (!executor) throw new Error('the executor has not started');
    return executor;
  };
  return {
    get executor() {
      return running();
    },
    get agent() {
      return agent;
    },
    async start(script, env = {}) {
      const target = running();
      agent = await startAgent(
        script,
        { EXECUTOR_URL: target.executor.url, EXECUTOR_TOKEN: TOKEN, ARTIFACTS_BUCKET: TEST_BUCKET, ...env },
        () => target.s3.client(),
      );
      return agent.server.url;
    },
    async sessionGone(executorSessionId) {
      const reply = await running().client.request('GET', `/sessions/${executorSessionId}/files`);
      return reply.status === 404 && reply.json?.error === 'session_not_found';
    },
    async warmKernel() {
      // A real Python process importing pandas: its start cannot be driven by a fake clock, only awaited.
      const deadline = Date.now() + 60_000;
      while ((await running().client.request('GET', '/health')).json?.warmKernels < 1) {
        if (Date.now() > deadline) throw new Error('no warm kernel within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
