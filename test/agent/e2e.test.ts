// End to end through the agent's real HTTP server: scripted model, real executor (real Python), s3rver.
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { formatFigure } from '../../agent/src/figures.js';
import type { Script } from '../../agent/src/script.js';
import { TEST_BUCKET } from '../executor/support/s3.js';
import { useAgentStack } from './support/agent-stack.js';
import { startStandIn } from './support/http-stand-in.js';
import { COLUMN_DEFINITIONS, salesCsv, totalAmount } from './support/sales-fixture.js';
import {
  forgotFiguresScript,
  pdfScript,
  pythonErrorScript,
  rejectionScript,
  slowAfterFileScript,
  totalSalesScript,
} from './support/scripts.js';
import { invoke, only, SESSION_ID } from './support/stack.js';

const csv = salesCsv(240);
const expectedTotal = totalAmount(csv);
const inlineData = {
  files: [
    { path: 'sales.csv', content: csv },
    { path: 'column_definitions.json', content: COLUMN_DEFINITIONS },
  ],
};

const stack = useAgentStack(2);
const start = (script: Script, env?: Record<string, string>) => stack.start(script, env);

describe('agent end to end', () => {
  it('answers total sales from an S3 prefix with the figure the dataset itself gives', async () => {
    const s3 = stack.executor.s3.client();
    await s3.send(new PutObjectCommand({ Bucket: TEST_BUCKET, Key: `runs/${SESSION_ID}/moon/sales.csv`, Body: csv }));
    await s3.send(
      new PutObjectCommand({
        Bucket: TEST_BUCKET,
        Key: `runs/${SESSION_ID}/moon/column_definitions.json`,
        Body: COLUMN_DEFINITIONS,
      }),
    );
    const url = await start(totalSalesScript());

    const { status, events } = await invoke(url, {
      prompt: 'What were the total sales?',
      data: `s3://${TEST_BUCKET}/runs/${SESSION_ID}/moon/`,
    });

    expect(status).toBe(200);
    expect(events[0]).toMatchObject({ type: 'start', sessionId: SESSION_ID, report: 'none' });
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error(`last event is ${JSON.stringify(done)}`);
    expect(only(events, 'error')).toEqual([]);
    expect(done.figures.total_sales).toBe(expectedTotal);
    expect(done.answer).toBe(
      `Total sales were ${formatFigure(expectedTotal)}: the sum of the "Amount" column in sales.csv, confirmed by an independent re-computation.`,
    );
    const streamed = only(events, 'text').filter((event) => event.agent === 'reporter');
    expect(streamed.map((event) => event.text).join('')).toBe(done.answer);
    const [validation] = only(events, 'validation');
    expect(validation).toMatchObject({ round: 1, accepted: true });
    expect(validation?.checks[0]).toMatchObject({
      figure: 'total_sales',
      reported: expectedTotal,
      recomputed: expectedTotal,
      match: true,
    });
    expect(validation?.checks[0]?.method).toContain('over 240 rows');
    expect(only(events, 'agent').map((e) => `${e.agent}:${e.phase}`)).toEqual([
      'coder:start',
      'coder:end',
      'validator:start',
      'validator:end',
      'reporter:start',
      'reporter:end',
    ]);
    expect(only(events, 'tool').map((e) => `${e.agent}:${e.tool}:${e.status}`)).toEqual([
      'coder:list_files:ok',
      'coder:run_python:ok',
      'coder:run_python:ok',
      'validator:run_python:ok',
    ]);
    expect(Object.keys(done.usage.byAgent).sort()).toEqual(['coder', 'reporter', 'validator']);
    const perAgent = Object.values(done.usage.byAgent).reduce((sum, usage) => sum + usage.totalTokens, 0);
    expect(done.usage.total.totalTokens).toBe(perAgent);
    expect(only(events, 'usage').at(-1)).toMatchObject({ agent: 'reporter', usage: done.usage.byAgent.reporter });

    // The session is gone and its outputs are in S3 with the checksums the agent reported.
    const executorSessionId = (events[0] as { executorSessionId: string }).executorSessionId;
    expect(await stack.sessionGone(executorSessionId)).toBe(true);
    const figures = done.artifacts.find((artifact) => artifact.uri.endsWith('/figures.json'));
    expect(figures?.uri).toBe(`s3://${TEST_BUCKET}/sessions/${executorSessionId}/figures.json`);
    const stored = await stack.executor.s3.read(`sessions/${executorSessionId}/figures.json`);
    expect(JSON.parse(stored.toString())).toEqual({ total_sales: expectedTotal });
    expect(figures?.sha256).toBe(createHash('sha256').update(stored).digest('hex'));
    expect(done.artifacts.some((artifact) => artifact.uri.endsWith('/sales.csv'))).toBe(false);
    expect(only(events, 'artifact').map((e) => e.uri)).toEqual(done.artifacts.map((a) => a.uri));
  });

  it('sends the Coder back when the Validator re-derives a different figure, and reports the fixed one', async () => {
    const url = await start(rejectionScript());
    const { events } = await invoke(url, { prompt: 'Total sales?', data: inlineData });
    const rounds = only(events, 'validation');
    expect(rounds.map((round) => round.accepted)).toEqual([false, true]);
    const first = rounds[0]?.checks[0];
    expect(first?.recomputed).toBe(expectedTotal);
    expect(first?.reported).toBeLessThan(expectedTotal);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', figures: { total_sales: expectedTotal } });
    expect(
      only(events, 'agent')
        .filter((e) => e.agent === 'coder' && e.phase === 'start')
        .map((e) => e.round),
    ).toEqual([1, 2]);
  });

  it('recovers from a Python error in the Coder', async () => {
    const url = await start(pythonErrorScript());
    const { events } = await invoke(url, { prompt: 'Total sales?', data: inlineData });
    const runs = only(events, 'tool').filter((e) => e.agent === 'coder');
    expect(runs.map((e) => e.status)).toEqual(['ok', 'error', 'ok', 'ok']);
    expect(runs[1]?.detail).toContain('KeyError');
    expect(only(events, 'error')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'done', figures: { total_sales: expectedTotal } });
  });

  it('asks the Coder again when it forgot to save its figures', async () => {
    const url = await start(forgotFiguresScript());
    const { events } = await invoke(url, { prompt: 'Total sales?', data: inlineData });
    const coderRounds = only(events, 'agent').filter((e) => e.agent === 'coder' && e.phase === 'start');
    expect(coderRounds.map((e) => e.round)).toEqual([1, 2]);
    expect(only(events, 'validation')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'done', figures: { total_sales: expectedTotal } });
  });

  it('builds a PDF report whose artifact in S3 is a PDF with the validated figure', async () => {
    const url = await start(pdfScript());
    const { events } = await invoke(url, {
      prompt: 'Write a PDF report of total sales by category.',
      data: inlineData,
      report: 'pdf',
    });
    expect(only(events, 'error')).toEqual([]);
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    const pdf = done.artifacts.find((artifact) => artifact.uri.endsWith('/report.pdf'));
    expect(pdf).toBeDefined();
    const key = (pdf?.uri ?? '').replace(`s3://${TEST_BUCKET}/`, '');
    const bytes = await stack.executor.s3.read(key);
    expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
    expect(bytes.length).toBe(pdf?.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf?.sha256);
    expect(done.artifacts.some((artifact) => artifact.uri.endsWith('/category_sales.png'))).toBe(true);
    expect(done.answer).toContain(formatFigure(expectedTotal));
  });

  it('deletes the executor session when the client disconnects mid-run', async () => {
    const url = await start(slowAfterFileScript());
    const { events } = await invoke(
      url,
      { prompt: 'Total sales?', data: inlineData },
      {
        stopWhen: (event) => event.type === 'tool' && event.tool === 'run_python',
      },
    );
    const executorSessionId = (events[0] as { executorSessionId: string }).executorSessionId;
    await stack.agent?.server.idle();
    expect(await stack.sessionGone(executorSessionId)).toBe(true);
    expect(await stack.executor.s3.keys(`sessions/${executorSessionId}/`)).toEqual([
      `sessions/${executorSessionId}/partial.txt`,
    ]);
  });

  it('reports an unreachable executor as an error, then done', async () => {
    // A port this test held and let go: nothing listens there any more.
    const gone = await startStandIn(() => {});
    await gone.close();
    const url = await start(totalSalesScript(), { EXECUTOR_URL: gone.url });
    const { events } = await invoke(url, { prompt: 'Total sales?', data: inlineData });
    expect(events.map((event) => event.type)).toEqual(['error', 'done']);
    expect(events[0]).toMatchObject({ code: 'executor_unreachable' });
    expect((events[0] as { message: string }).message).toContain(`${gone.url} is unreachable after 3 attempts`);
    expect(events[1]).toMatchObject({ answer: '', artifacts: [] });
  });

  it('sends heartbeats while the model is silent', async () => {
    const url = await start(totalSalesScript({ slowFirstTurnMs: 400 }), { HEARTBEAT_SECONDS: '0.05' });
    const { events } = await invoke(url, { prompt: 'Total sales?', data: inlineData });
    const types = events.map((event) => event.type);
    const coderStart = types.indexOf('agent');
    const firstTool = types.indexOf('tool');
    expect(types.slice(coderStart, firstTool).filter((type) => type === 'heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toMatchObject({ type: 'done', figures: { total_sales: expectedTotal } });
  });
});

describe('agent HTTP contract', () => {
  it('answers /ping, rejects bad payloads with a reason, and requires the session header', async () => {
    const url = await start(totalSalesScript());
    expect(await (await fetch(`${url}/ping`)).json()).toMatchObject({ status: 'Healthy' });

    const bad = await invoke(url, { prompt: 'x', report: 'docx' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      error: 'bad_request',
      message: expect.stringContaining('report: Invalid option'),
    });

    const notJson = await invoke(url, '{"prompt":');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).message).toContain('body is not valid JSON');

    const noSession = await invoke(
      url,
      { prompt: 'x' },
      { headers: { 'x-amzn-bedrock-agentcore-runtime-session-id': '' } },
    );
    expect(noSession.status).toBe(400);
    expect(JSON.parse(noSession.body)).toEqual({
      error: 'missing_session',
      message: 'missing x-amzn-bedrock-agentcore-runtime-session-id header',
    });

    const wrongRoute = await fetch(`${url}/invocations`);
    expect(wrongRoute.status).toBe(405);
  });
});
