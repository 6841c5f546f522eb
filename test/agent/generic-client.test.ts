// What a generic AgentCore client (the AgentCore CLI's `agentcore dev`, its chat UI) sends and reads: a short
// session id, its own keys in the body, no /ping; it shows only the `text` of frames and recognises errors only
// as {"error": "<message>"}. The real server, the built-in catalogue, the real executor and s3rver.
import { describe, expect, it } from 'vitest';
import { formatFigure } from '../../agent/src/figures.js';
import { REQUEST_ID_HEADER, startAgentServer } from '../../agent/src/server.js';
import { TEST_BUCKET } from '../executor/support/s3.js';
import { useAgentStack } from './support/agent-stack.js';
import { salesCsv, totalAmount } from './support/sales-fixture.js';
import { invoke, only, SESSION_ID } from './support/stack.js';

const stack = useAgentStack(1);
const CLI_SESSION = 'local-dev-session';
const CHAT_KEYS = { agentName: 'bedrock-manus', sessionId: CLI_SESSION, userId: 'local-user' };

/** A generic client's view of the stream: the `text` of every frame, and the `error` strings. */
function genericView(events: object[]): { text: string; errors: string[] } {
  const frames = events as { text?: unknown; error?: unknown }[];
  return {
    text: frames.map((frame) => (typeof frame.text === 'string' ? frame.text : '')).join(''),
    errors: frames.flatMap((frame) => (typeof frame.error === 'string' ? [frame.error] : [])),
  };
}

describe('a generic AgentCore client', () => {
  it('gets the answer from text frames, with its short session id and its own body keys', async () => {
    const csv = salesCsv(60, 9);
    const url = await stack.start(undefined);
    const { status, events } = await invoke(
      url,
      {
        prompt: 'Compute the total sales: the sum of the "Amount" column in sales.csv. State the total in your answer.',
        data: { files: [{ path: 'sales.csv', content: csv }] },
        ...CHAT_KEYS,
      },
      { headers: { 'x-amzn-bedrock-agentcore-runtime-session-id': CLI_SESSION, [REQUEST_ID_HEADER]: 'req-cli-1' } },
    );
    expect(status).toBe(200);
    expect(events[0]).toMatchObject({ type: 'start', sessionId: CLI_SESSION });
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.answer).toContain(formatFigure(totalAmount(csv)));
    const view = genericView(events);
    expect(view.text).toContain(done.answer);
    expect(view.errors).toEqual([]);

    const log = stack.agent?.log ?? [];
    expect(log.length).toBeGreaterThanOrEqual(3);
    for (const line of log) expect(line).toMatch(/^\[request req-cli-1\] /);
    expect(log.filter((line) => line.includes('ignoring body keys'))).toEqual([
      '[request req-cli-1] ignoring body keys the contract does not know (logged once each): "agentName", "sessionId", "userId"',
    ]);
  });

  it('reads an error as {"error": message}, and the same unknown keys are not logged again', async () => {
    const url = await stack.start(undefined);
    const invocation = () =>
      invoke(url, {
        prompt: 'What were the total sales?',
        data: `s3://${TEST_BUCKET}/runs/${SESSION_ID}/no/such/prefix/`,
        ...CHAT_KEYS,
      });
    const { events } = await invocation();
    const [error] = only(events, 'error');
    expect(error).toMatchObject({ code: 'data_not_found' });
    expect(genericView(events).errors).toEqual([error?.message]);
    expect(events.at(-1)?.type).toBe('done');

    await invocation();
    const log = stack.agent?.log ?? [];
    expect(log.filter((line) => line.includes('ignoring body keys'))).toHaveLength(1);
    // Without the request id header, each invocation gets an id of its own, on each of its lines.
    const ids = new Set(log.map((line) => /^\[request ([0-9a-f-]{36})\] /.exec(line)?.[1]));
    expect(ids.has(undefined)).toBe(false);
    expect(ids.size).toBe(2);
    expect(log.some((line) => line.includes(`invocation for session ${SESSION_ID}`))).toBe(true);
    expect(log.some((line) => line.includes('error data_not_found: No objects found at'))).toBe(true);
  });

  it('warms the workflow up at start, without waiting for a /ping', async () => {
    let warmUps = 0;
    let warmed: () => void = () => {};
    const called = new Promise<void>((resolve) => {
      warmed = resolve;
    });
    const server = await startAgentServer(
      {
        heartbeatMs: 60_000,
        handler: () => Promise.reject(new Error('not used')),
        warmUp: () => {
          warmUps++;
          warmed();
        },
        log: () => {},
      },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      await called;
      expect(await (await fetch(`${server.url}/ping`)).json()).toMatchObject({ status: 'Healthy' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warmUps).toBe(1);
    } finally {
      await server.close();
    }
  });
});
