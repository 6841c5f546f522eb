// npm run bench:executor — the executor's figures for one workload: new-session latency (warm pool, and cold),
// execute round-trips for a trivial snippet and a pandas group-by on a generated sales CSV, concurrent sessions,
// and the ratio against the reference's pattern (write the snippet to a file, run a fresh python3 on it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../docker/executor/src/log.js';
import { startExecutor } from '../../docker/executor/src/server.js';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const CONCURRENT = Number(process.env.BENCH_SESSIONS ?? 8);

/** A sales table shaped like the product's sample data (date, product, category, size, quantity, amount, city). */
function salesCsv(rows: number): string {
  const products = [
    ['Seaweed Soup', 'Soup/Side/Main'],
    ['Ginger Tea', 'Coffee/Tea'],
    ['Korean Pear', 'Fruit'],
    ['Spinach', 'Vegetables'],
    ['Mackerel', 'Seafood'],
    ['Tofu', 'Processed'],
  ];
  const cities = ['Gangseo-gu', 'Jung-gu', 'Jungnang-gu', 'Gangdong-gu', 'Mapo-gu', 'Songpa-gu'];
  const lines = ['Date,Product,Category,Size,Qty,Amount,ship-city,ship-state,Gender,Age Group'];
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let index = 0; index < rows; index++) {
    const [product, category] = products[next(products.length)] as [string, string];
    const qty = 1 + next(5);
    const day = 1 + (index % 28);
    lines.push(
      `5/${day}/25,${product},${category},${['250ml', '500g', '1L'][next(3)]},${qty},${qty * (2000 + next(9000))},${cities[next(cities.length)]},Seoul,${'FM'[next(2)]},${20 + 10 * next(5)}s`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const PANDAS_SNIPPET = [
  'import pandas as pd',
  'df = pd.read_csv("sales.csv")',
  'summary = df.groupby("Category").agg(total=("Amount", "sum"), orders=("Qty", "count")).sort_values("total", ascending=False)',
  'print(summary.to_string())',
].join('\n');
const TRIVIAL_SNIPPET = 'print(1 + 1)';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed<T>(action: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await action();
  return [performance.now() - started, result];
}

const sessionsDir = mkdtempSync(join(tmpdir(), 'executor-bench-'));
const executor = await startExecutor({
  host: '127.0.0.1',
  port: 0,
  sessionsDir,
  poolSize: 4,
  maxSessions: Math.max(CONCURRENT, 4),
  log: silentLogger,
});

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(executor.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function warmKernels(): Promise<number> {
  return (await call('GET', '/health')).json.warmKernels as number;
}

async function waitForWarmPool(count: number): Promise<void> {
  while ((await warmKernels()) < count) await new Promise((tick) => setTimeout(tick, 100));
}

async function newSession(): Promise<string> {
  const reply = await call('POST', '/sessions');
  if (reply.status !== 201) throw new Error(`POST /sessions answered ${reply.status}`);
  return reply.json.sessionId as string;
}

async function execute(id: string, code: string): Promise<number> {
  const [elapsed, reply] = await timed(() => call('POST', `/sessions/${id}/execute`, { code }));
  if (reply.json.status !== 'ok') throw new Error(`execute failed: ${JSON.stringify(reply.json)}`);
  return elapsed;
}

const csv = salesCsv(ROWS);
try {
  console.log(`executor benchmark: ${availableParallelism()} cores, ${PYTHON}, sales CSV of ${ROWS} rows`);

  // New sessions from a warm pool (the pool refills between sessions, as it does between real requests).
  const warm: number[] = [];
  for (let round = 0; round < 20; round++) {
    await waitForWarmPool(1);
    const [elapsed, id] = await timed(newSession);
    warm.push(elapsed);
    await call('DELETE', `/sessions/${id}`);
  }
  // A cold session: every pooled kernel taken at once, so the last one waits for a Python start.
  await waitForWarmPool(4);
  const burst = await Promise.all(Array.from({ length: 5 }, () => timed(newSession)));
  const cold = Math.max(...burst.map(([elapsed]) => elapsed));
  for (const [, id] of burst) await call('DELETE', `/sessions/${id}`);
  console.log(`new session (warm pool): p50 ${ms(percentile(warm, 50))}, p95 ${ms(percentile(warm, 95))}`);
  console.log(`new session (pool exhausted, kernel started on demand): ${ms(cold)}`);

  await waitForWarmPool(1);
  const id = await newSession();
  await fetch(`${executor.url}/sessions/${id}/files/sales.csv`, { method: 'PUT', body: csv });
  // Measure once the pool has refilled: a kernel importing pandas in the background competes for the cores.
  await waitForWarmPool(4);
  for (let round = 0; round < 10; round++) await execute(id, TRIVIAL_SNIPPET);
  const trivial: number[] = [];
  for (let round = 0; round < 200; round++) trivial.push(await execute(id, TRIVIAL_SNIPPET));
  const pandas: number[] = [];
  for (let round = 0; round < 30; round++) pandas.push(await execute(id, PANDAS_SNIPPET));
  console.log(`execute, trivial snippet: p50 ${ms(percentile(trivial, 50))}, p95 ${ms(percentile(trivial, 95))}`);
  console.log(`execute, pandas group-by: p50 ${ms(percentile(pandas, 50))}, p95 ${ms(percentile(pandas, 95))}`);

  // The reference's pattern: write the snippet to a file, run a fresh interpreter on it.
  const scratch = mkdtempSync(join(tmpdir(), 'executor-bench-fresh-'));
  writeFileSync(join(scratch, 'sales.csv'), csv);
  const fresh = (code: string, rounds: number) =>
    Array.from({ length: rounds }, () => {
      const started = performance.now();
      writeFileSync(join(scratch, 'snippet.py'), code);
      execFileSync(PYTHON, ['snippet.py'], { cwd: scratch, stdio: 'ignore' });
      return performance.now() - started;
    });
  const freshTrivial = percentile(fresh(TRIVIAL_SNIPPET, 20), 50);
  const freshPandas = percentile(fresh(PANDAS_SNIPPET, 10), 50);
  rmSync(scratch, { recursive: true, force: true });
  console.log(
    `fresh python3 per snippet: trivial p50 ${ms(freshTrivial)}, pandas p50 ${ms(freshPandas)} → kernel is ${(freshTrivial / percentile(trivial, 50)).toFixed(0)}× faster (trivial), ${(freshPandas / percentile(pandas, 50)).toFixed(0)}× faster (pandas)`,
  );
  await call('DELETE', `/sessions/${id}`);

  // Concurrent sessions, each running the pandas snippet repeatedly.
  await waitForWarmPool(4);
  const ids: string[] = [];
  for (let index = 0; index < CONCURRENT; index++) ids.push(await newSession());
  for (const session of ids) {
    await fetch(`${executor.url}/sessions/${session}/files/sales.csv`, { method: 'PUT', body: csv });
  }
  const rss = kernelRssMiB();
  const [wall, latencies] = await timed(() =>
    Promise.all(
      ids.map(async (session) => {
        const own: number[] = [];
        for (let round = 0; round < 10; round++) own.push(await execute(session, PANDAS_SNIPPET));
        return own;
      }),
    ),
  );
  const all = latencies.flat();
  console.log(
    `concurrent sessions: ${CONCURRENT} sessions × 10 pandas executes, all ok, ${((all.length / wall) * 1000).toFixed(1)} executes/s, p50 ${ms(percentile(all, 50))}, p95 ${ms(percentile(all, 95))}`,
  );
  console.log(`kernel memory (RSS): median ${percentile(rss, 50).toFixed(0)} MiB per session`);
  for (const session of ids) await call('DELETE', `/sessions/${session}`);
} finally {
  await executor.close();
  rmSync(sessionsDir, { recursive: true, force: true });
}

/** Resident memory of each live kernel of this benchmark, in MiB. */
function kernelRssMiB(): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('kernel.py') || !cmdline.includes(sessionsDir)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) found.push(Number(rss[1]) / 1024);
    } catch {
      // the process ended while being read
    }
  }
  return found;
}
