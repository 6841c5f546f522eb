// npm start [-- --data <csv or folder> --prompt "<question>" [--report pdf] [--port N] [--out DIR]]: the whole
// system on this machine, the smoke-test jobs (or the user's question) through the smoke-test code, a
// readable report, the PDF kept in ./out, and everything stopped afterwards, also on Ctrl-C.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsv } from '../../actions/smoke-test/src/csv.js';
import { inlineFiles, localDataset, readLocalCsv, readS3Object } from '../../actions/smoke-test/src/dataset-source.js';
import { pdfText } from '../../actions/smoke-test/src/pdf-text.js';
import { type JobContext, type JobReport, runJob } from '../../actions/smoke-test/src/run-job.js';
import { sseEvents } from '../../actions/smoke-test/src/sse.js';
import { seconds } from '../../actions/smoke-test/src/summary.js';
import { urlTransport } from '../../actions/smoke-test/src/url-transport.js';
import { systemClock } from '../../lib/clock.js';
import { CSV_NAME, DEFINITIONS_NAME, generateDataset } from '../sample-data/generate.js';
import { type LocalStack, startLocalStack } from './local-stack.js';
import { chooseModel } from './model-choice.js';

class UsageError extends Error {}

const started = Date.now();
const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);

function options() {
  try {
    const { values } = parseArgs({
      options: {
        data: { type: 'string' },
        prompt: { type: 'string' },
        report: { type: 'string' },
        port: { type: 'string' },
        out: { type: 'string' },
        'amount-column': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.report !== undefined && values.report !== 'pdf' && values.report !== 'none') {
      throw new UsageError(`--report is ${JSON.stringify(values.report)}; use --report pdf (or none).`);
    }
    if (
      values.port !== undefined &&
      !(/^\d{1,5}$/.test(values.port) && Number(values.port) > 0 && Number(values.port) < 65536)
    ) {
      throw new UsageError(`--port is ${JSON.stringify(values.port)}; give a port number from 1 to 65535.`);
    }
    if (values.prompt !== undefined && values.prompt.trim() === '')
      throw new UsageError('--prompt is empty; ask a question.');
    if (values.prompt !== undefined && values.data === undefined)
      throw new UsageError('--prompt needs --data: the CSV file or folder the question is about.');
    return values;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message.replace(/\. To specify.*$/s, '').replace(/\.$/, '');
    throw new UsageError(
      `${message}; the options are --data, --prompt, --report pdf, --port, --out and --amount-column.`,
    );
  }
}

/** A CSV file, or the first CSV in a folder. */
function csvPath(data: string): string {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(data);
  } catch {
    throw new UsageError(`${data} does not exist: give a CSV file or a folder holding one.`);
  }
  if (stats.isFile()) return data;
  const csv = readdirSync(data)
    .filter((name) => name.toLowerCase().endsWith('.csv'))
    .sort()[0];
  if (!csv) throw new UsageError(`The folder ${data} holds no .csv file.`);
  return join(data, csv);
}

function generated(): string {
  const folder = mkdtempSync(join(tmpdir(), 'bedrock-manus-data-'));
  const dataset = generateDataset({ seed: 20250501, rows: 400, language: 'en', bom: false });
  writeFileSync(join(folder, CSV_NAME), dataset.csv);
  writeFileSync(join(folder, DEFINITIONS_NAME), dataset.columnDefinitions);
  return join(folder, CSV_NAME);
}

function printReport(report: JobReport): void {
  console.log('');
  console.log(
    `  ${report.job}: ${report.passed ? 'PASSED' : 'FAILED'}  (first event ${seconds(report.timeToFirstEventMs)}, total ${seconds(report.totalMs)}, session ${report.sessionId})`,
  );
  if (report.answerExcerpt) console.log(`  answer: ${report.answerExcerpt}`);
  for (const artifact of report.artifacts) console.log(`  artifact: ${artifact}`);
  if (report.savedPdf) console.log(`  PDF saved to ${report.savedPdf}`);
  for (const failure of report.failures) console.log(`  problem: ${failure}`);
  console.log('');
}

/** The user's own question: stream it and print the answer; no expectation to judge against. */
async function ask(
  stack: LocalStack,
  path: string,
  prompt: string,
  report: 'pdf' | 'none',
  out: string,
): Promise<boolean> {
  const transport = urlTransport(stack.agentUrl);
  const opened = await transport.open(
    { prompt, data: inlineFiles(path, readLocalCsv(path)), report },
    `local-question-${crypto.randomUUID()}`,
    AbortSignal.timeout(20 * 60_000),
  );
  let ok = false;
  for await (const event of sseEvents(opened.stream)) {
    if (event.type === 'tool') say(`${String(event.agent)} ran ${String(event.tool)} → ${String(event.status)}`);
    if (event.type === 'error') say(`error: ${String(event.message)}`);
    if (event.type === 'done') {
      ok = true;
      console.log(`\nanswer: ${String(event.answer)}\n`);
      for (const artifact of (event.artifacts as { uri: string }[]) ?? []) {
        const bytes = await readS3Object(stack.s3, artifact.uri);
        const file = join(out, basename(artifact.uri));
        writeFileSync(file, bytes);
        say(`artifact saved to ${file}`);
      }
    }
  }
  return ok;
}

async function main(): Promise<number> {
  const values = options();
  const path = values.data === undefined ? generated() : csvPath(resolve(values.data));
  const csv = readLocalCsv(path);
  try {
    if (parseCsv(csv).rows.length === 0) throw new Error('it has a header but no rows');
  } catch (error) {
    throw new UsageError(`${path} is not a usable CSV: ${(error as Error).message}.`);
  }
  const out = resolve(values.out ?? 'out');
  const model = chooseModel(process.env);
  say(model.description);
  let stack: LocalStack | undefined;
  const starting = startLocalStack({ agentPort: Number(values.port ?? 0), modelEnv: model.env, log: say });
  const interrupted = () => {
    interruption = true;
    say('interrupted: stopping everything this run started');
    // Even mid-start: wait for what is starting (its kernels are child processes), then stop it.
    starting
      .then(
        (started) => started.stop(),
        () => {},
      )
      .finally(() => {
        say('stopped everything this run started');
        process.exit(130);
      });
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    stack = await starting;
    mkdirSync(out, { recursive: true });
    if (values.prompt !== undefined) {
      return (await ask(stack, path, values.prompt, values.report === 'pdf' ? 'pdf' : 'none', out)) ? 0 : 1;
    }
    const local = stack;
    const dataset = localDataset(path, values['amount-column'] ?? 'Amount');
    say(
      `dataset ${path}: ${dataset.expectation.rows} rows, total of ${dataset.expectation.amountColumn} computed from it`,
    );
    const context: JobContext = {
      transport: urlTransport(local.agentUrl),
      clock: systemClock,
      deadline: Date.now() + 20 * 60_000,
      retries: 2,
      log: say,
      readArtifact: (uri) => readS3Object(local.s3, uri),
      pdfText,
      onPdf: async (uri, bytes) => {
        const file = join(out, basename(uri));
        writeFileSync(file, bytes);
        return file;
      },
    };
    let passed = true;
    for (const job of ['total-sales', 'pdf-report'] as const) {
      say(`${job}: running`);
      const report = await runJob(job, dataset, { ...context, deadline: Date.now() + 20 * 60_000 });
      printReport(report);
      passed &&= report.passed;
    }
    say(passed ? 'both jobs passed' : 'a job failed (see the problems above)');
    return passed ? 0 : 1;
  } finally {
    await stack?.stop();
    if (values.data === undefined) rmSync(resolve(path, '..'), { recursive: true, force: true });
    say('stopped everything this run started');
  }
}

/** Set on Ctrl-C (or SIGTERM): from then on only the interruption handler ends the process. */
let interruption = false;

main().then(
  (code) => {
    // After Ctrl-C the interruption handler stops everything and exits 130; a job failing under it is no result.
    if (!interruption) process.exit(code);
  },
  (error: Error) => {
    if (interruption) return;
    console.error(error instanceof UsageError || error.name.endsWith('Error') ? error.message : String(error));
    process.exit(1);
  },
);
