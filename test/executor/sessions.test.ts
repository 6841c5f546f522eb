// The executor's everyday contract against a real server, real Python kernels and a real S3 (s3rver).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestExecutor } from './support/harness.js';

const env = useTestExecutor();

describe('sessions', () => {
  it('keeps Python state between executes and echoes a final expression', async () => {
    const id = await env.client.createSession();
    const first = await env.client.execute(id, 'total = 40\nprint("set")');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'ok', stdout: 'set\n', stderr: '', files: [] });
    expect(first.json.durationMs).toBeGreaterThan(0);
    const second = await env.client.execute(id, 'total + 2');
    expect(second.json).toMatchObject({ status: 'ok', stdout: '42\n' });
  });

  it('reports an exception with its type, message and the traceback of the cell', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(id, 'def ratio(a, b):\n    return a / b\n\nprint("before")\nratio(1, 0)');
    expect(reply.status).toBe(200);
    expect(reply.json.status).toBe('error');
    expect(reply.json.stdout).toBe('before\n');
    expect(reply.json.error.type).toBe('ZeroDivisionError');
    expect(reply.json.error.message).toBe('division by zero');
    expect(reply.json.error.traceback).toContain('line 2, in ratio');
    expect(reply.json.error.traceback).not.toContain('kernel.py');
  });

  it('reports a syntax error with its line', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(id, 'x = 1\nif x\n  print(x)');
    expect(reply.json.status).toBe('error');
    expect(reply.json.error.type).toBe('SyntaxError');
    expect(reply.json.error.message).toContain('line 2');
  });

  it('captures stderr and the output of subprocesses', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      'import subprocess, sys\nprint("warn", file=sys.stderr)\nsubprocess.run(["echo", "from a child"])',
    );
    expect(reply.json.status).toBe('ok');
    expect(reply.json.stderr).toBe('warn\n');
    expect(reply.json.stdout).toContain('from a child\n');
  });

  it('runs pandas on an uploaded CSV and lists the files the execute created', async () => {
    const id = await env.client.createSession();
    const csv = 'Category,Amount\nFruit,100\nTea,50\nFruit,25\n';
    const put = await env.client.put(id, 'data/sales.csv', csv);
    expect(put.status).toBe(201);
    expect(put.json).toEqual({ path: 'data/sales.csv', size: csv.length });
    const reply = await env.client.execute(
      id,
      [
        'import pandas as pd',
        'df = pd.read_csv("data/sales.csv")',
        'totals = df.groupby("Category")["Amount"].sum()',
        'import os\nos.makedirs("out", exist_ok=True)',
        'totals.to_csv("out/totals.csv")',
        'print(int(totals["Fruit"]))',
      ].join('\n'),
    );
    expect(reply.json).toMatchObject({ status: 'ok', stdout: '125\n', files: ['out/totals.csv'] });
    const listing = await env.client.request('GET', `/sessions/${id}/files`);
    expect(listing.json.files.map((file: { path: string; input: boolean }) => [file.path, file.input])).toEqual([
      ['data/sales.csv', true],
      ['out/totals.csv', false],
    ]);
    const output = await env.client.get(id, 'out/totals.csv');
    expect(output.status).toBe(200);
    expect(output.text).toBe('Category,Amount\nFruit,125\nTea,50\n');
  });

  it('uploads only the outputs on DELETE, with their SHA-256, then removes the session', async () => {
    const id = await env.client.createSession();
    await env.client.put(id, 'input.csv', 'a,b\n1,2\n');
    const code = [
      'import os',
      'import matplotlib.pyplot as plt',
      'plt.plot([1, 2, 3])',
      'plt.savefig("chart.png")',
      'os.makedirs("notes", exist_ok=True)',
      'open("notes/summary.txt", "w").write("총 매출 125")',
    ].join('\n');
    const run = await env.client.execute(id, code);
    expect(run.json.status).toBe('ok');
    expect(run.json.files).toEqual(['chart.png', 'notes/summary.txt']);
    const chart = Buffer.from((await env.client.get(id, 'chart.png')).body);
    const closed = await env.client.request('DELETE', `/sessions/${id}`);
    expect(closed.status).toBe(200);
    const summary = Buffer.from('총 매출 125');
    expect(closed.json.artifacts).toEqual([
      { key: `sessions/${id}/chart.png`, size: chart.length, sha256: createHash('sha256').update(chart).digest('hex') },
      {
        key: `sessions/${id}/notes/summary.txt`,
        size: summary.length,
        sha256: createHash('sha256').update(summary).digest('hex'),
      },
    ]);
    expect(await env.s3.keys(`sessions/${id}/`)).toEqual([
      `sessions/${id}/chart.png`,
      `sessions/${id}/notes/summary.txt`,
    ]);
    expect((await env.s3.read(`sessions/${id}/notes/summary.txt`)).toString()).toBe('총 매출 125');
    expect((await env.s3.read(`sessions/${id}/chart.png`)).equals(chart)).toBe(true);
    const gone = await env.client.execute(id, '1');
    expect(gone.status).toBe(404);
    expect(gone.json.error).toBe('session_not_found');
  });

  it('answers 404 session_not_found for an unknown session on every route', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['POST', `/sessions/${unknown}/execute`],
      ['GET', `/sessions/${unknown}/files`],
      ['GET', `/sessions/${unknown}/files/a.txt`],
      ['DELETE', `/sessions/${unknown}`],
      ['DELETE', '/sessions/not-a-uuid'],
    ]) {
      const reply = await env.client.request(
        method as string,
        path as string,
        method === 'POST' ? { json: { code: '1' } } : {},
      );
      expect([method, path, reply.status, reply.json.error]).toEqual([method, path, 404, 'session_not_found']);
    }
  });

  it('refuses a second concurrent execute in one session with 409 and runs neither twice', async () => {
    const id = await env.client.createSession();
    await env.client.execute(id, 'runs = 0');
    const slow = env.client.execute(id, 'import time\nruns += 1\nopen("started", "w").close()\ntime.sleep(1.5)');
    await env.client.waitForFile(id, 'started');
    const second = await env.client.execute(id, 'runs += 1');
    expect(second.status).toBe(409);
    expect(second.json.error).toBe('session_busy');
    expect((await slow).json.status).toBe('ok');
    expect((await env.client.execute(id, 'runs')).json.stdout).toBe('1\n');
  });

  it('reports health with capacity without a token', async () => {
    const reply = await env.client.request('GET', '/health', { token: null });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: 'ok', capacity: 8 });
    expect(typeof reply.json.sessions).toBe('number');
  });
});
