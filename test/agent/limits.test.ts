// Limits and lost sessions end a run with one clear error, and `done` still comes last.
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/src/events.js';
import type { Script } from '../../agent/src/script.js';
import { useAgentStack } from './support/agent-stack.js';
import { startStandIn } from './support/http-stand-in.js';
import { COLUMN_DEFINITIONS, salesCsv } from './support/sales-fixture.js';
import { invoke, only } from './support/stack.js';

const data = {
  files: [
    { path: 'sales.csv', content: salesCsv(20) },
    { path: 'column_definitions.json', content: COLUMN_DEFINITIONS },
  ],
};
const listFiles = { tools: [{ name: 'list_files', input: {} }] };
const busyCoder = (turns: number, extra: Partial<Script['coder'][number]> = {}): Script => ({
  coder: Array.from({ length: turns }, () => ({ ...listFiles, ...extra })),
  validator: [],
  reporter: [],
});

const stack = useAgentStack(1);

async function run(script: Script, env: Record<string, string>, onEvent?: (event: AgentEvent) => void) {
  const url = await stack.start(script, env);
  const { events } = await invoke(url, { prompt: 'Total sales?', data }, onEvent ? { onEvent } : {});
  return events;
}

const sessionGone = (events: AgentEvent[]) => stack.sessionGone(only(events, 'start')[0]?.executorSessionId ?? '');

describe('limits', () => {
  it('stops an agent that uses up its model turns', async () => {
    const events = await run(busyCoder(5), { AGENT_MAX_TURNS: '2' });
    expect(only(events, 'error')).toEqual([
      {
        type: 'error',
        code: 'turn_limit',
        message: 'The coder agent used its 2 model turns without finishing (AGENT_MAX_TURNS).',
        error: 'The coder agent used its 2 model turns without finishing (AGENT_MAX_TURNS).',
      },
    ]);
    expect(only(events, 'tool')).toHaveLength(2);
    expect(events.at(-1)?.type).toBe('done');
    expect(await sessionGone(events)).toBe(true);
  });

  it('stops a run that uses up its token budget across agents', async () => {
    const events = await run(busyCoder(5), { AGENT_MAX_TOTAL_TOKENS: '300' });
    const [error] = only(events, 'error');
    expect(error?.code).toBe('token_limit');
    expect(error?.message).toContain('budget of 300 tokens');
    const done = events.at(-1);
    expect(done?.type === 'done' && done.usage.total.totalTokens).toBeGreaterThanOrEqual(300);
  });

  it('stops a run that exceeds its time limit, even inside a slow model call', async () => {
    await stack.warmKernel();
    const events = await run(busyCoder(2, { delayMs: 20_000 }), { AGENT_MAX_DURATION_SECONDS: '3' });
    expect(only(events, 'agent')).toEqual([{ type: 'agent', agent: 'coder', phase: 'start', round: 1 }]);
    expect(only(events, 'error').map((error) => error.code)).toEqual(['time_limit']);
    expect(events.at(-1)?.type).toBe('done');
    expect(await sessionGone(events)).toBe(true);
  });
});

describe('executor capacity', () => {
  it('waits visibly while the executor is scaled to zero, then gives up with a clear error', async () => {
    const alb = await startStandIn((_request, response) => {
      response.writeHead(503, { 'retry-after': '5', 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'capacity_exhausted', message: 'full' }));
    });
    try {
      const events = await run(busyCoder(1), { EXECUTOR_URL: alb.url, EXECUTOR_CAPACITY_WAIT_SECONDS: '12' });
      expect(events).toEqual([
        { type: 'heartbeat', waiting: 'waiting 5 s for executor capacity (HTTP 503, attempt 1)' },
        { type: 'heartbeat', waiting: 'waiting 5 s for executor capacity (HTTP 503, attempt 2)' },
        {
          type: 'error',
          code: 'executor_capacity',
          message: expect.stringContaining('no capacity for a new session within 12 s'),
          error: expect.stringContaining('no capacity for a new session within 12 s'),
        },
        expect.objectContaining({ type: 'done', artifacts: [] }),
      ]);
      expect(stack.agent?.clock.sleeps).toEqual([5000, 5000]);
    } finally {
      await alb.close();
    }
  });
});

describe('lost executor session', () => {
  it('reports session_not_found and stops instead of carrying on elsewhere', async () => {
    let deleted: Promise<unknown> | undefined;
    const script: Script = {
      // The slow second turn leaves the executor time to forget the session before the code is sent.
      coder: [
        listFiles,
        { tools: [{ name: 'run_python', input: { code: 'print(1)' } }], delayMs: 3000 },
        { text: 'x' },
      ],
      validator: [],
      reporter: [],
    };
    let executorSessionId = '';
    const events = await run(script, {}, (event) => {
      if (event.type === 'start') executorSessionId = event.executorSessionId;
      // The task restarted under the session: the executor forgets it while the Coder thinks.
      if (event.type === 'tool' && !deleted)
        deleted = stack.executor.client.request('DELETE', `/sessions/${executorSessionId}`);
    });
    await deleted;
    const errors = only(events, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('session_not_found');
    expect(errors[0]?.message).toContain('The run stops');
    expect(only(events, 'tool').map((tool) => `${tool.tool}:${tool.status}`)).toEqual([
      'list_files:ok',
      'run_python:error',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'done', artifacts: [] });
  });
});
