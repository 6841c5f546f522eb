// npm run bench:local — the local end-to-end time of each smoke-test job with the scripted model (s3rver, the
// real executor and the agent, as npm start runs them), and the smoke-test code's own overhead: loading the
// dataset and computing the expectation, and reading and judging a recorded event stream with no agent behind it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDataset, readS3Object } from '../../actions/smoke-test/src/dataset-source.js';
import type { JobName } from '../../actions/smoke-test/src/jobs.js';
import { type JobContext, runJob } from '../../actions/smoke-test/src/run-job.js';
import type { Transport } from '../../actions/smoke-test/src/transport.js';
import { urlTransport } from '../../actions/smoke-test/src/url-transport.js';
import { systemClock } from '../../lib/clock.js';
import { CSV_NAME, DEFINITIONS_NAME, generateDataset } from '../../scripts/sample-data/generate.js';
import { startLocalStack } from '../../scripts/start/local-stack.js';
import { type Figure, printFigures } from './figures.js';

const RUNS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Wraps a transport so the raw bytes of the last stream are kept for replay. */
function recording(inner: Transport): Transport & { last: Uint8Array[] } {
  const wrapper = {
    target: inner.target,
    last: [] as Uint8Array[],
    async open(...args: Parameters<Transport['open']>) {
      const opened = await inner.open(...args);
      wrapper.last = [];
      const source = opened.stream;
      async function* tee() {
        for await (const chunk of source) {
          const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
          wrapper.last.push(bytes);
          yield bytes;
        }
      }
      return { ...opened, stream: tee() };
    },
  };
  return wrapper;
}

function replaying(chunks: Uint8Array[]): Transport {
  return {
    target: 'replay',
    async open() {
      return {
        stream: (async function* () {
          yield* chunks;
        })(),
      };
    },
  };
}

const folder = mkdtempSync(join(tmpdir(), 'bench-local-'));
const dataset = generateDataset({ seed: 20250501, rows: 2000, language: 'ko', bom: true });
const csvPath = join(folder, CSV_NAME);
writeFileSync(csvPath, dataset.csv);
writeFileSync(join(folder, DEFINITIONS_NAME), dataset.columnDefinitions);

const figures: Figure[] = [];
const stack = await startLocalStack({ agentPort: 0, modelEnv: { MODEL_PROVIDER: 'scripted' }, log: () => {} });
try {
  const loads: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const begin = performance.now();
    localDataset(csvPath, 'Amount');
    loads.push(performance.now() - begin);
  }
  const loaded = localDataset(csvPath, 'Amount');
  figures.push({ name: 'dataset load and expectation (2000 rows)', value: median(loads), unit: 'ms' });
  console.log(
    `dataset: 2000 rows (Korean, BOM); loading it and computing the expectation: ${median(loads).toFixed(1)} ms (median of ${RUNS})`,
  );
  const transport = recording(urlTransport(stack.agentUrl));
  const context: JobContext = {
    transport,
    clock: systemClock,
    deadline: 0,
    retries: 0,
    log: () => {},
    readArtifact: (uri) => readS3Object(stack.s3, uri),
  };
  for (const job of ['total-sales', 'pdf-report'] as Exclude<JobName, 'ping'>[]) {
    const totals: number[] = [];
    const firsts: number[] = [];
    let passed = 0;
    for (let run = 0; run < RUNS; run++) {
      const report = await runJob(job, loaded, { ...context, deadline: Date.now() + 600_000 });
      totals.push(report.totalMs);
      firsts.push(report.timeToFirstEventMs ?? Number.NaN);
      if (report.passed) passed++;
    }
    const replays: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const begin = performance.now();
      await runJob(job, loaded, {
        ...context,
        transport: replaying(transport.last),
        readArtifact: undefined,
        deadline: Date.now() + 60_000,
      });
      replays.push(performance.now() - begin);
    }
    figures.push(
      { name: `${job}: end to end`, value: median(totals), unit: 'ms' },
      { name: `${job}: first event`, value: median(firsts), unit: 'ms' },
      { name: `${job}: smoke-test overhead`, value: median(replays), unit: 'ms' },
      { name: `${job}: runs passed`, value: passed, unit: `of ${RUNS}`, goal: `${RUNS} of ${RUNS}` },
    );
    console.log(
      `${job}: end to end ${median(totals).toFixed(0)} ms, first event ${median(firsts).toFixed(0)} ms (medians of ${RUNS}; ${passed}/${RUNS} passed); smoke-test overhead reading and judging its ${transport.last.reduce((n, c) => n + c.length, 0)}-byte stream: ${median(replays).toFixed(1)} ms`,
    );
  }
} finally {
  await stack.stop();
  rmSync(folder, { recursive: true, force: true });
}
printFigures(figures);
