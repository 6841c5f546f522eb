// The executor client against a scripted HTTP server standing in for the internal ALB: capacity waits,
// stickiness cookies and failure modes the real executor cannot produce on demand.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutorClient, ExecutorError, retryAfterMs } from '../../agent/src/executor-client.js';
import { FakeClock } from '../support/fake-clock.js';
import { type StandIn, type StandInHandler, startStandIn } from './support/http-stand-in.js';

const standIns: StandIn[] = [];

async function albStandIn(
  handler: StandInHandler,
): Promise<{ url: string; seen: { method: string; url: string; cookie?: string }[]; close(): Promise<void> }> {
  const seen: { method: string; url: string; cookie?: string }[] = [];
  const standIn = await startStandIn((request, response, body) => {
    seen.push({
      method: request.method ?? '',
      url: request.url ?? '',
      ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
    });
    handler(request, response, body);
  });
  standIns.push(standIn);
  return { ...standIn, seen };
}

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

const signal = () => new AbortController().signal;

describe('ExecutorClient', () => {
  it('waits out Retry-After while scaled to zero, then keeps the stickiness cookie on every call', async () => {
    let creates = 0;
    const alb = await albStandIn((request, response) => {
      if (request.url === '/sessions') {
        creates++;
        if (creates === 1) return reply(response, 503, { error: 'capacity' }, { 'retry-after': '2' });
        if (creates === 2) return reply(response, 503, { error: 'capacity' }, { 'retry-after': '3' });
        return reply(
          response,
          201,
          { sessionId: 's1' },
          { 'set-cookie': ['AWSALB=task-a; Path=/', 'AWSALBCORS=task-a; SameSite=None'] },
        );
      }
      reply(response, 200, { status: 'ok', stdout: '2\n', stderr: '', durationMs: 5, files: [] });
    });
    const clock = new FakeClock();
    const waits: string[] = [];
    const client = new ExecutorClient({
      url: alb.url,
      token: 't0k',
      clock,
      capacityWaitMs: 60_000,
      onWait: (w) => waits.push(w),
    });
    const session = await client.createSession(signal());
    expect(session.id).toBe('s1');
    expect(clock.sleeps).toEqual([2000, 3000]);
    expect(waits).toEqual([
      'waiting 2 s for executor capacity (HTTP 503, attempt 1)',
      'waiting 3 s for executor capacity (HTTP 503, attempt 2)',
    ]);
    const result = await session.execute('print(1+1)', 30, signal());
    expect(result.stdout).toBe('2\n');
    expect(alb.seen.at(-1)).toEqual({
      method: 'POST',
      url: '/sessions/s1/execute',
      cookie: 'AWSALB=task-a; AWSALBCORS=task-a',
    });
  });

  it('gives up with a clear error when capacity does not come within the wait', async () => {
    const alb = await albStandIn((_request, response) => reply(response, 503, {}, { 'retry-after': '30' }));
    const clock = new FakeClock();
    const client = new ExecutorClient({ url: alb.url, clock, capacityWaitMs: 100_000 });
    const error = await client.createSession(signal()).catch((e: ExecutorError) => e);
    expect(error).toBeInstanceOf(ExecutorError);
    expect((error as ExecutorError).code).toBe('executor_capacity');
    expect((error as ExecutorError).message).toContain('within 100 s');
    expect(clock.sleeps).toEqual([30_000, 30_000, 30_000]);
  });

  it('reports an unreachable executor after a few connection attempts', async () => {
    const alb = await albStandIn(() => {});
    await alb.close();
    const client = new ExecutorClient({ url: alb.url, clock: new FakeClock(), capacityWaitMs: 60_000 });
    const error = (await client.createSession(signal()).catch((e) => e)) as ExecutorError;
    expect(error.code).toBe('executor_unreachable');
    expect(error.message).toMatch(/unreachable after 3 attempts: ECONNREFUSED/);
  });

  it('never re-sends an execute whose connection broke', async () => {
    const alb = await albStandIn((request, response) => {
      if (request.url === '/sessions') return reply(response, 201, { sessionId: 's2' });
      response.socket?.destroy();
    });
    const client = new ExecutorClient({ url: alb.url, clock: new FakeClock(), capacityWaitMs: 1000 });
    const session = await client.createSession(signal());
    const error = (await session.execute('x = 1', 10, signal()).catch((e) => e)) as ExecutorError;
    expect(error.code).toBe('execute_outcome_unknown');
    expect(error.fatal).toBe(false);
    expect(alb.seen.filter((call) => call.url.endsWith('/execute'))).toHaveLength(1);
  });

  it('refuses file paths that would leave the session, before sending anything', async () => {
    const alb = await albStandIn((request, response) => {
      if (request.url === '/sessions') return reply(response, 201, { sessionId: 's5' });
      reply(response, 200, {});
    });
    const client = new ExecutorClient({ url: alb.url, clock: new FakeClock(), capacityWaitMs: 1000 });
    const session = await client.createSession(signal());
    for (const path of ['../../other/files/secret.csv', './x', 'a//b', '/etc/passwd', 'out/..']) {
      await expect(session.getFile(path, signal())).rejects.toThrow(
        `The file path ${JSON.stringify(path)} is not a relative path inside the session folder.`,
      );
      await expect(session.putFile(path, new Uint8Array([1]), signal())).rejects.toThrow('not a relative path');
    }
    expect(alb.seen.map((call) => call.url)).toEqual(['/sessions']);
    await session.getFile('charts/sales by day.png', signal());
    expect(alb.seen.at(-1)?.url).toBe('/sessions/s5/files/charts/sales%20by%20day.png');
  });

  it('turns session_not_found and a rejected token into fatal errors', async () => {
    const alb = await albStandIn((request, response) => {
      if (request.url === '/sessions') return reply(response, 201, { sessionId: 's3' });
      if (request.url?.includes('/files')) return reply(response, 401, { error: 'unauthorized', message: 'no' });
      reply(response, 404, { error: 'session_not_found', message: 'Unknown session s3.' });
    });
    const client = new ExecutorClient({ url: alb.url, clock: new FakeClock(), capacityWaitMs: 1000 });
    const session = await client.createSession(signal());
    const lost = (await session.execute('1', 10, signal()).catch((e) => e)) as ExecutorError;
    expect([lost.code, lost.fatal]).toEqual(['session_not_found', true]);
    const denied = (await session.listFiles(signal()).catch((e) => e)) as ExecutorError;
    expect([denied.code, denied.fatal]).toEqual(['executor_unauthorized', true]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:09 GMT', now)).toBe(9000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('ExecutorClient capacity wait', () => {
  it('opens no session once the caller has gone during the wait', async () => {
    const alb = await albStandIn((_request, response) => reply(response, 503, {}, { 'retry-after': '1' }));
    const controller = new AbortController();
    const clock = new FakeClock();
    const client = new ExecutorClient({
      url: alb.url,
      clock,
      capacityWaitMs: 60_000,
      onWait: () => controller.abort(new Error('client gone')),
    });
    await expect(client.createSession(controller.signal)).rejects.toThrow('client gone');
    expect(alb.seen).toHaveLength(1);
  });
});
