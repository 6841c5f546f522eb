// URL mode against the real local agent (scripted model, real executor, s3rver), and against a server that
// misbehaves the ways a broken agent does: no done, an error event after a right answer, an unhealthy /ping.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDataset } from '../../../actions/smoke-test/src/dataset-source.js';
import { formatAmount, type JobContext } from '../../../actions/smoke-test/src/run-job.js';
import { smokeTest } from '../../../actions/smoke-test/src/smoke.js';
import { urlTransport } from '../../../actions/smoke-test/src/url-transport.js';
import { systemClock } from '../../../lib/clock.js';
import { CSV_NAME, DEFINITIONS_NAME, generateDataset } from '../../../scripts/sample-data/generate.js';
import { useAgentStack } from '../../agent/support/agent-stack.js';
import { startStandIn } from '../../agent/support/http-stand-in.js';

function datasetFile(bom: boolean): string {
  const folder = mkdtempSync(join(tmpdir(), 'smoke-data-'));
  const dataset = generateDataset({ seed: 3, rows: 90, language: bom ? 'ko' : 'en', bom });
  writeFileSync(join(folder, CSV_NAME), dataset.csv);
  writeFileSync(join(folder, DEFINITIONS_NAME), dataset.columnDefinitions);
  return join(folder, CSV_NAME);
}

function context(url: string): JobContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    transport: urlTransport(url),
    clock: systemClock,
    deadline: Date.now() + 120_000,
    retries: 0,
    log: (line) => lines.push(line),
    lines,
  };
}

const stack = useAgentStack(1);

describe('smoke test in URL mode against the real agent', () => {
  it.each([false, true])(
    'passes ping and total-sales (Korean with BOM: %s) with the total the CSV gives',
    async (bom) => {
      const url = await stack.start(undefined);
      const dataset = localDataset(datasetFile(bom), 'amount');
      const result = await smokeTest(['ping', 'total-sales'], dataset, context(url));
      expect(result.jobs.map((job) => [job.job, job.failures])).toEqual([
        ['ping', []],
        ['total-sales', []],
      ]);
      expect(result.passed).toBe(true);
      const [, totalSales] = result.jobs;
      expect(totalSales?.answerExcerpt).toContain(formatAmount(dataset.expectation.total));
      expect(totalSales?.sessionId.length).toBeGreaterThanOrEqual(33);
      expect(totalSales?.timeToFirstEventMs).toBeLessThanOrEqual(totalSales?.totalMs ?? 0);
    },
  );

  it('fails total-sales with both numbers when the data differ from what the expectation was computed on', async () => {
    const url = await stack.start(undefined);
    const dataset = localDataset(datasetFile(false), 'Amount');
    const skewed = { ...dataset, expectation: { ...dataset.expectation, total: dataset.expectation.total + 1000 } };
    const result = await smokeTest(['total-sales'], skewed, context(url));
    expect(result.passed).toBe(false);
    expect(result.jobs[0]?.failures).toEqual([
      `The answer states ${formatAmount(dataset.expectation.total)} at best, but the dataset's total is ${formatAmount(skewed.expectation.total)}: the total is wrong.`,
    ]);
  });
});

describe('smoke test in URL mode against a misbehaving agent', () => {
  const dataset = () => localDataset(datasetFile(false), 'Amount');

  async function against(frames: string[], pingStatus = 200, pingBody = '{"status":"Healthy"}') {
    const server = await startStandIn((request, response) => {
      if (request.url === '/ping') {
        response.writeHead(pingStatus, { 'content-type': 'application/json' }).end(pingBody);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // One byte at a time, so every frame is split across chunks.
      const text = frames.join('');
      let at = 0;
      const tick = () => {
        if (at >= text.length) return void response.end();
        response.write(text.slice(at, at + 7));
        at += 7;
        setImmediate(tick);
      };
      tick();
    });
    try {
      return await smokeTest(['ping', 'total-sales'], dataset(), context(server.url));
    } finally {
      await server.close();
    }
  }

  it('fails a stream that ends without done', async () => {
    const result = await against(['data: {"type":"start"}\n\n', 'data: {"type":"text","text":"Total sales were"}\n\n']);
    expect(result.passed).toBe(false);
    expect(result.jobs[1]?.failures[0]).toMatch(
      /^The event stream ended without a done event \(session smoke-total-sales-/,
    );
  });

  it('fails an error event even when the answer is right', async () => {
    const total = dataset().expectation.total;
    const result = await against([
      'data: {"type":"start"}\n\n',
      'data: {"type":"error","code":"validation_failed","message":"figures did not match"}\n\n',
      `data: ${JSON.stringify({ type: 'done', answer: `Total sales were ${formatAmount(total)} KRW.`, artifacts: [] })}\n\n`,
    ]);
    expect(result.jobs[1]?.failures).toEqual([
      'The agent sent an error event validation_failed: figures did not match',
    ]);
    expect(result.passed).toBe(false);
  });

  it('fails an unhealthy /ping with what it answered', async () => {
    const total = dataset().expectation.total;
    const result = await against(
      [`data: ${JSON.stringify({ type: 'done', answer: `${total}`, artifacts: [] })}\n\n`],
      503,
      '{"status":"Unhealthy"}',
    );
    expect(result.jobs[0]?.failures[0]).toContain('/ping answered HTTP 503 "{\\"status\\":\\"Unhealthy\\"}"');
    expect(result.jobs[1]?.passed).toBe(true);
    expect(result.passed).toBe(false);
  });
});
