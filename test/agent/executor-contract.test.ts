// The executor's contract, declared once in lib/executor-contract.ts: the agent's client against the real
// session server (real kernel, s3rver), and the server's raw answers checked against the same schemas.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorClient } from '../../agent/src/executor-client.js';
import {
  errorBodySchema,
  executeResultSchema,
  fileListingSchema,
  sessionClosedSchema,
  sessionCreatedSchema,
} from '../../lib/executor-contract.js';
import { startTestExecutor, type TestExecutor, TOKEN } from '../executor/support/harness.js';
import { FakeClock } from '../support/fake-clock.js';
import { ROOMY_LIMITS } from './support/agent-stack.js';

let executor: TestExecutor;
const signal = new AbortController().signal;

beforeAll(async () => {
  executor = await startTestExecutor({ poolSize: 1, limits: ROOMY_LIMITS });
});
afterAll(async () => {
  await executor?.stop();
});

function raw(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${executor.executor.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('the executor contract', () => {
  it("the agent's client runs a whole session against the real server", async () => {
    const client = new ExecutorClient({
      url: executor.executor.url,
      token: TOKEN,
      clock: new FakeClock(),
      capacityWaitMs: 1000,
    });
    const session = await client.createSession(signal);
    await session.putFile('in/data.csv', new TextEncoder().encode('a,b\n1,2\n'), signal);
    const result = await session.execute(
      "import pandas as pd\nd = pd.read_csv('in/data.csv')\nopen('sum.txt', 'w').write(str(int(d.a.sum() + d.b.sum())))\nprint('ok')",
      60,
      signal,
    );
    expect(result).toMatchObject({ status: 'ok', stdout: 'ok\n', stderr: '', files: ['sum.txt'] });
    const listed = await session.listFiles(signal);
    expect(listed.map(({ path, input }) => [path, input]).sort()).toEqual([
      ['in/data.csv', true],
      ['sum.txt', false],
    ]);
    expect(new TextDecoder().decode(await session.getFile('sum.txt', signal))).toBe('3');
    const artifacts = await session.delete();
    expect(artifacts).toEqual([
      { key: `sessions/${session.id}/sum.txt`, size: 1, sha256: createHash('sha256').update('3').digest('hex') },
    ]);
  });

  it("the server's answers match the schemas, an error as {error, message}", async () => {
    const created = sessionCreatedSchema.parse(await (await raw('POST', '/sessions')).json());
    const failed = executeResultSchema.parse(
      await (await raw('POST', `/sessions/${created.sessionId}/execute`, { code: '1/0' })).json(),
    );
    expect([failed.status, failed.error?.type]).toEqual(['error', 'ZeroDivisionError']);
    expect(failed.error?.traceback).toContain('ZeroDivisionError');
    fileListingSchema.parse(await (await raw('GET', `/sessions/${created.sessionId}/files`)).json());
    expect(sessionClosedSchema.parse(await (await raw('DELETE', `/sessions/${created.sessionId}`)).json())).toEqual({
      artifacts: [],
    });
    const missing = await raw('POST', `/sessions/${created.sessionId}/execute`, { code: '1' });
    expect(missing.status).toBe(404);
    expect(errorBodySchema.parse(await missing.json()).error).toBe('session_not_found');
  });
});
