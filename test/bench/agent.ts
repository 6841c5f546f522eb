// npm run bench:agent — the agent's speed and size figures against the goals: cold start (process
// start to the first /ping 200), bundle size, and the orchestration overhead of a scripted total-sales job
// (wall time not spent in the model or in executor calls), with the real executor and s3rver.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../agent/src/config.js';
import type { AgentEvent } from '../../agent/src/events.js';
import type { ModelSet } from '../../agent/src/models.js';
import { scriptedModels } from '../../agent/src/scripted-model.js';
import { startAgentServer } from '../../agent/src/server.js';
import { workflowHandler } from '../../agent/src/workflow.js';
import { ROOMY_LIMITS } from '../agent/support/agent-stack.js';
import { COLUMN_DEFINITIONS, salesCsv } from '../agent/support/sales-fixture.js';
import { totalSalesScript } from '../agent/support/scripts.js';
import { invoke } from '../agent/support/stack.js';
import { startTestExecutor, TOKEN } from '../executor/support/harness.js';
import { TEST_BUCKET } from '../executor/support/s3.js';
import { FakeClock } from '../support/fake-clock.js';
import { printFigures } from './figures.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BUNDLE = join(root, 'build', 'agent', 'index.mjs');
const COLD_STARTS = 7;
const JOBS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ms = (value: number) => `${value.toFixed(0)} ms`;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * Process start to the first /ping 200, the CPU time the agent reports on listening (independent of how busy
 * the machine is), and process start to "agent ready" (the workflow's SDKs evaluated).
 */
async function coldStart(compileCache?: string): Promise<{ ping: number; listenCpu: number; ready: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BUNDLE], {
    env: {
      PATH: process.env.PATH,
      ...(compileCache ? { NODE_COMPILE_CACHE: compileCache } : {}),
      HOST: '127.0.0.1',
      PORT: String(port),
      MODEL_PROVIDER: 'bedrock',
      AWS_REGION: 'eu-central-1',
      EXECUTOR_URL: 'http://127.0.0.1:9',
      ARTIFACTS_BUCKET: 'bench-artifacts',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let listenCpu = Number.NaN;
  const ready = new Promise<number>((done) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      const cpu = /listening on .*\(CPU (\d+) ms\)/.exec(text);
      if (cpu) listenCpu = Number(cpu[1]);
      if (text.includes('agent ready')) done(performance.now() - started);
    });
  });
  try {
    let ping: number | undefined;
    while (ping === undefined) {
      const ok = await fetch(`http://127.0.0.1:${port}/ping`)
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) ping = performance.now() - started;
      else if (child.exitCode !== null)
        throw new Error(`the agent exited with ${child.exitCode} before answering /ping`);
      else if (performance.now() - started > 10_000) throw new Error('no /ping answer within 10 s');
      else await new Promise((wait) => setTimeout(wait, 2));
    }
    return { ping, listenCpu, ready: await ready };
  } finally {
    child.kill('SIGKILL');
  }
}

/** Times every call into the models: the scripted ones answer at once, so this is the SDK's share. */
function timedModels(scriptPath: string, spent: { model: number }): ModelSet {
  const models = scriptedModels(scriptPath);
  for (const model of Object.values(models)) {
    const original = model.stream.bind(model);
    model.stream = async function* (...args: Parameters<typeof original>) {
      const started = performance.now();
      yield* original(...args);
      spent.model += performance.now() - started;
    };
  }
  return models;
}

async function orchestrationOverhead(): Promise<{ total: number; model: number; executor: number }[]> {
  const executor = await startTestExecutor({ poolSize: 2, limits: ROOMY_LIMITS });
  const dir = mkdtempSync(join(tmpdir(), 'agent-bench-'));
  const scriptPath = join(dir, 'script.json');
  writeFileSync(scriptPath, JSON.stringify(totalSalesScript()));
  const spent = { model: 0, executor: 0 };
  const timedFetch: typeof fetch = async (input, init) => {
    const started = performance.now();
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    spent.executor += performance.now() - started;
    return new Response(response.status === 204 ? null : body, { status: response.status, headers: response.headers });
  };
  const config = loadConfig({
    MODEL_PROVIDER: 'scripted',
    SCRIPTED_MODEL_SCRIPT: scriptPath,
    EXECUTOR_URL: executor.executor.url,
    EXECUTOR_TOKEN: TOKEN,
    ARTIFACTS_BUCKET: TEST_BUCKET,
  });
  const handler = workflowHandler({
    config,
    clock: new FakeClock(),
    models: () => timedModels(scriptPath, spent),
    s3: () => executor.s3.client(),
    fetch: timedFetch,
  });
  const server = await startAgentServer(
    { heartbeatMs: config.heartbeatMs, handler: async () => handler },
    { host: '127.0.0.1', port: 0 },
  );
  const payload = {
    prompt: 'What were the total sales?',
    data: {
      files: [
        { path: 'sales.csv', content: salesCsv(2000) },
        { path: 'column_definitions.json', content: COLUMN_DEFINITIONS },
      ],
    },
  };
  const runs: { total: number; model: number; executor: number }[] = [];
  try {
    for (let i = 0; i <= JOBS; i++) {
      spent.model = 0;
      spent.executor = 0;
      const { events } = await invoke(server.url, payload);
      const done = events.at(-1) as Extract<AgentEvent, { type: 'done' }>;
      if (done?.type !== 'done' || events.some((event) => event.type === 'error')) {
        throw new Error(`the job failed: ${JSON.stringify(events.filter((event) => event.type === 'error'))}`);
      }
      if (i > 0) runs.push({ total: done.durationMs, model: spent.model, executor: spent.executor }); // run 0 warms up
    }
  } finally {
    await server.close();
    await executor.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'agent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const bundleBytes = statSync(BUNDLE).size;

// As the image does at build time (docker/agent/Dockerfile): compile the bundle once into a cache.
const compileCache = mkdtempSync(join(tmpdir(), 'agent-compile-cache-'));
spawnSync(process.execPath, [BUNDLE, '--prepare'], { env: { ...process.env, NODE_COMPILE_CACHE: compileCache } });
const coldStarts: Awaited<ReturnType<typeof coldStart>>[] = [];
const cachedStarts: Awaited<ReturnType<typeof coldStart>>[] = [];
for (let i = 0; i < COLD_STARTS; i++) {
  coldStarts.push(await coldStart());
  cachedStarts.push(await coldStart(compileCache));
}
rmSync(compileCache, { recursive: true, force: true });
const starts = coldStarts.map((start) => start.ping);
const readies = coldStarts.map((start) => start.ready);
const startCpu = coldStarts.map((start) => start.listenCpu);
const jobs = await orchestrationOverhead();
const overheads = jobs.map((job) => job.total - job.model - job.executor);

const bundleMet = bundleBytes < 5 * 1024 * 1024;
const cachedPings = cachedStarts.map((start) => start.ping);
const startMet = median(cachedPings) < 1000;
console.log(`bundle size: ${(bundleBytes / 1024 / 1024).toFixed(2)} MB (goal < 5 MB: ${bundleMet ? 'met' : 'MISSED'})`);
console.log(
  `cold start as in the image (compile cache), process start to /ping 200: median ${ms(median(cachedPings))}, min ${ms(Math.min(...cachedPings))}, max ${ms(Math.max(...cachedPings))} over ${COLD_STARTS} starts (goal < 1 s: ${startMet ? 'met' : 'MISSED'}); CPU until listening: median ${ms(median(cachedStarts.map((start) => start.listenCpu)))}`,
);
console.log(
  `cold start without the compile cache: median ${ms(median(starts))}, min ${ms(Math.min(...starts))}, max ${ms(Math.max(...starts))}; CPU until listening: median ${ms(median(startCpu))} (wall times include waiting for a busy machine; load average ${loadavg()[0]?.toFixed(1)})`,
);
console.log(
  `process start to workflow loaded (Strands, Bedrock, OpenAI, S3 SDKs): median ${ms(median(readies))}, max ${ms(Math.max(...readies))}`,
);
console.log(
  `scripted total-sales job (2,000 rows, ${JOBS} runs after a warm-up): median ${ms(median(jobs.map((job) => job.total)))} total, ${ms(median(jobs.map((job) => job.executor)))} in executor calls, ${ms(median(jobs.map((job) => job.model)))} in the model`,
);
console.log(
  `orchestration overhead (total − model − executor): median ${ms(median(overheads))}, max ${ms(Math.max(...overheads))}`,
);
printFigures([
  { name: 'agent bundle size', value: bundleBytes / 1024 / 1024, unit: 'MiB', goal: '< 5 MiB' },
  { name: 'agent cold start to /ping (compile cache)', value: median(cachedPings), unit: 'ms', goal: '< 1000 ms' },
  { name: 'agent cold start to /ping (no cache)', value: median(starts), unit: 'ms' },
  { name: 'agent start to workflow loaded', value: median(readies), unit: 'ms' },
  { name: 'agent total-sales job (scripted)', value: median(jobs.map((job) => job.total)), unit: 'ms' },
  { name: 'agent orchestration overhead', value: median(overheads), unit: 'ms' },
]);
process.exitCode = bundleMet && startMet ? 0 : 1;
