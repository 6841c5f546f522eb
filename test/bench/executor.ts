// npm run bench:executor — the executor's figures for one workload: new-session latency from the warm pool,
// back-to-back sessions (POST → first execute done → DELETE), a session asked while the pool is empty, a session
// whose kernel was killed running again, execute round-trips for a trivial snippet and a pandas group-by on a
// generated sales CSV, concurrent sessions, memory per idle kernel (USS and PSS from /proc/<pid>/smaps_rollup),
// and the ratio against the reference's pattern (write the snippet to a file, run a fresh python3 on it).
// Ends with a table (figure | value | goal) and one machine-readable line: BENCH_JSON {"figures":[...]}.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../docker/executor/src/config.js';
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

async function timed<T>(action: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await action();
  return [performance.now() - started, result];
}

const sessionsDir = mkdtempSync(join(tmpdir(), 'executor-bench-'));
// The default pool size: the back-to-back and empty-pool figures are those of a task as deployed.
const executor = await startExecutor({
  host: '127.0.0.1',
  port: 0,
  sessionsDir,
  maxSessions: CONCURRENT,
  log: silentLogger,
});
const POOL = resolveConfig().poolSize;

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

/** POST → first execute done, per session; each session is deleted before the next is asked for. */
async function backToBack(count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let round = 0; round < count; round++) {
    const [elapsed, id] = await timed(async () => {
      const session = await newSession();
      await execute(session, 'print(1)');
      return session;
    });
    latencies.push(elapsed);
    await call('DELETE', `/sessions/${id}`);
  }
  return latencies;
}

/** Every warm kernel taken, then one more session asked for at once: it waits for a kernel to start. */
async function emptyPool(rounds: number): Promise<number[]> {
  const waits: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await waitForWarmPool(POOL);
    const held = await Promise.all(Array.from({ length: POOL }, newSession));
    const [elapsed, id] = await timed(newSession);
    waits.push(elapsed);
    for (const session of [...held, id]) await call('DELETE', `/sessions/${session}`);
  }
  return waits;
}

/** The cell kills its own kernel (the reply must say its state is gone); then the next execute is timed. */
async function killedKernel(id: string, rounds: number): Promise<number[]> {
  const again: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const died = await call('POST', `/sessions/${id}/execute`, { code: 'import os\nos.kill(os.getpid(), 9)' });
    const error = died.json.error as { type?: string; message?: string } | undefined;
    if (error?.type !== 'KernelDied' || !error.message?.includes('variables and imports are lost')) {
      throw new Error(`the killed kernel was not reported as such: ${JSON.stringify(died.json)}`);
    }
    again.push(await execute(id, 'print(1)'));
  }
  return again;
}

interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: string;
}
const figures: Figure[] = [];
function figure(name: string, value: number, unit: string, goal = ''): void {
  figures.push({ name, value: Math.round(value * 10) / 10, unit, goal });
}
function percentiles(name: string, values: number[], goal95 = ''): void {
  figure(`${name} p50`, percentile(values, 50), 'ms');
  figure(`${name} p95`, percentile(values, 95), 'ms', goal95);
  figure(`${name} p99`, percentile(values, 99), 'ms');
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
  figure('new session, warm pool p50', percentile(warm, 50), 'ms');

  await waitForWarmPool(POOL);
  percentiles('30 back-to-back sessions, POST → first execute done', await backToBack(30), '< 20 ms');
  await waitForWarmPool(POOL);
  percentiles('100 back-to-back sessions, POST → first execute done', await backToBack(100), '< 20 ms');
  figure('new session, pool empty p50', percentile(await emptyPool(5), 50), 'ms', '< 60 ms');

  await waitForWarmPool(1);
  const id = await newSession();
  await fetch(`${executor.url}/sessions/${id}/files/sales.csv`, { method: 'PUT', body: csv });
  // Measure once the pool has refilled: a kernel importing pandas in the background competes for the cores.
  await waitForWarmPool(POOL);
  for (let round = 0; round < 10; round++) await execute(id, TRIVIAL_SNIPPET);
  await waitForWarmPool(POOL);
  figure('killed kernel, next execute done p50', percentile(await killedKernel(id, 10), 50), 'ms', '< 60 ms');
  await waitForWarmPool(POOL);
  const trivial: number[] = [];
  for (let round = 0; round < 200; round++) trivial.push(await execute(id, TRIVIAL_SNIPPET));
  const pandas: number[] = [];
  for (let round = 0; round < 30; round++) pandas.push(await execute(id, PANDAS_SNIPPET));
  figure('execute, trivial snippet p50', percentile(trivial, 50), 'ms', '< 5 ms');
  figure('execute, pandas group-by p50', percentile(pandas, 50), 'ms', '18 ms ± 10%');

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
  figure('fresh python3 per snippet, trivial p50', freshTrivial, 'ms');
  figure('fresh python3 per snippet, pandas p50', freshPandas, 'ms');
  await call('DELETE', `/sessions/${id}`);

  // Concurrent sessions, each running the pandas snippet repeatedly.
  await waitForWarmPool(POOL);
  const ids: string[] = [];
  for (let index = 0; index < CONCURRENT; index++) ids.push(await newSession());
  for (const session of ids) {
    await fetch(`${executor.url}/sessions/${session}/files/sales.csv`, { method: 'PUT', body: csv });
  }
  // Idle kernels: every session has its file but has run nothing yet.
  const memory = kernelMemory();
  const pss = percentile(
    memory.map((kernel) => kernel.pss),
    50,
  );
  figure(
    'idle kernel USS (median)',
    percentile(
      memory.map((kernel) => kernel.uss),
      50,
    ),
    'MiB',
    '< 25 MiB',
  );
  figure('idle kernel PSS (median)', pss, 'MiB');
  figure(
    'idle kernel RSS (median)',
    percentile(
      memory.map((kernel) => kernel.rss),
      50,
    ),
    'MiB',
  );
  figure('sessions per GiB (1024 / PSS)', 1024 / pss, 'sessions', '> 40');
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
  figure(`${CONCURRENT} concurrent sessions × 10 pandas executes`, (all.length / wall) * 1000, 'executes/s');
  figure(`${CONCURRENT} concurrent sessions, pandas execute p95`, percentile(all, 95), 'ms');
  for (const session of ids) await call('DELETE', `/sessions/${session}`);
  printTable(figures);
} finally {
  await executor.close();
  rmSync(sessionsDir, { recursive: true, force: true });
}

function printTable(rows: Figure[]): void {
  const cells = rows.map((row) => [row.name, `${row.value} ${row.unit}`, row.goal]);
  const header = ['figure', 'value', 'goal'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]?.length ?? 0)),
  );
  const line = (cell: string[]) => `| ${cell.map((text, column) => text.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const cell of cells) console.log(line(cell));
  console.log(`BENCH_JSON ${JSON.stringify({ figures: rows })}`);
}

/** USS, PSS and RSS in MiB of each kernel of this benchmark (a Python process whose cwd is a session's folder). */
function kernelMemory(): { uss: number; pss: number; rss: number }[] {
  const found: { uss: number; pss: number; rss: number }[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readlinkSync(`/proc/${pid}/cwd`).startsWith(sessionsDir)) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
      found.push({
        uss: (kib('Private_Clean') + kib('Private_Dirty')) / 1024,
        pss: kib('Pss') / 1024,
        rss: kib('Rss') / 1024,
      });
    } catch {
      // the process ended while being read
    }
  }
  return found;
}
