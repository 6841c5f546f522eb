// Runs one job against an agent and judges it: the stream must end with `done`, carry no `error` event (even
// after a right answer), and hold what the dataset says the answer is. Retries only before the stream starts.
import { randomUUID } from 'node:crypto';
import { backoffDelay } from '../../../lib/backoff.js';
import type { Clock } from '../../../lib/clock.js';
import { closestStated, statesTotal } from './answer-figures.js';
import type { Expectation } from './expectation.js';
import { type InvocationBody, type JobName, jobBody } from './jobs.js';
import { StreamError, sseEvents } from './sse.js';
import { InvokeError, type Transport } from './transport.js';

export interface JobReport {
  job: JobName;
  passed: boolean;
  /** Why it failed, one sentence each; empty when it passed. */
  failures: string[];
  sessionId: string;
  requestId?: string;
  attempts: number;
  timeToFirstEventMs?: number;
  totalMs: number;
  answerExcerpt: string;
  artifacts: string[];
  /** Where a PDF was saved locally, when the caller keeps one. */
  savedPdf?: string;
}

export interface Dataset {
  fileName: string;
  data: InvocationBody['data'];
  expectation: Expectation;
}

export interface JobContext {
  transport: Transport;
  clock: Clock;
  /** Absolute deadline for this job, ms since the epoch. */
  deadline: number;
  retries: number;
  log: (line: string) => void;
  /** Reads an artifact's bytes by its s3:// URI; undefined when artifacts cannot be read here. */
  readArtifact?: (uri: string) => Promise<Uint8Array>;
  /** The text of a PDF, or undefined when no PDF text extractor is installed. */
  pdfText?: (bytes: Uint8Array) => Promise<string | undefined>;
  /** Called with each PDF the job produced, e.g. to keep a copy. */
  onPdf?: (uri: string, bytes: Uint8Array) => Promise<string | undefined>;
  random?: () => number;
}

const RETRY_BACKOFF = { baseMs: 2_000, capMs: 30_000 };
const EXCERPT = 400;

/** AgentCore wants 33 to 256 characters; a UUID with the job's name is unique per run and readable in logs. */
export function newSessionId(job: JobName): string {
  return `smoke-${job}-${randomUUID()}`;
}

export function formatAmount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export async function runPing(context: JobContext): Promise<JobReport> {
  const started = context.clock.now();
  const report: JobReport = {
    job: 'ping',
    passed: false,
    failures: [],
    sessionId: '',
    attempts: 1,
    totalMs: 0,
    answerExcerpt: '',
    artifacts: [],
  };
  if (!context.transport.ping) {
    report.failures.push('ping needs a url: AgentCore does not expose /ping through InvokeAgentRuntime.');
  } else {
    try {
      const reply = await context.transport.ping(AbortSignal.timeout(Math.max(1, context.deadline - started)));
      const status = (() => {
        try {
          return (JSON.parse(reply.body) as { status?: unknown }).status;
        } catch {
          return undefined;
        }
      })();
      report.answerExcerpt = reply.body.slice(0, EXCERPT);
      if (reply.status !== 200 || (status !== 'Healthy' && status !== 'HealthyBusy')) {
        report.failures.push(
          `GET ${context.transport.target}/ping answered HTTP ${reply.status} ${JSON.stringify(reply.body.slice(0, 200))}; a healthy agent answers 200 {"status":"Healthy"} (see the agent's log).`,
        );
      }
    } catch (error) {
      report.failures.push(`GET ${context.transport.target}/ping failed: ${(error as Error).message}.`);
    }
  }
  report.totalMs = context.clock.now() - started;
  report.passed = report.failures.length === 0;
  return report;
}

export async function runJob(job: Exclude<JobName, 'ping'>, dataset: Dataset, context: JobContext): Promise<JobReport> {
  const body = jobBody(job, {
    fileName: dataset.fileName,
    amountColumn: dataset.expectation.amountColumn,
    data: dataset.data,
  });
  const sessionId = newSessionId(job);
  const started = context.clock.now();
  const report: JobReport = {
    job,
    passed: false,
    failures: [],
    sessionId,
    attempts: 0,
    totalMs: 0,
    answerExcerpt: '',
    artifacts: [],
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(1, context.deadline - started));
  try {
    const opened = await openWithRetries(body, sessionId, report, context, controller.signal);
    if (opened.requestId) report.requestId = opened.requestId;
    const outcome = await readStream(opened.stream, started, report, context);
    if (outcome) await judge(job, outcome, dataset.expectation, report, context);
  } catch (error) {
    report.failures.push(
      controller.signal.aborted
        ? `${job} did not finish within its time limit (session ${sessionId}); look at the runtime's log for this session id.`
        : (error as Error).message,
    );
  } finally {
    clearTimeout(timer);
  }
  report.totalMs = context.clock.now() - started;
  report.passed = report.failures.length === 0;
  return report;
}

async function openWithRetries(
  body: InvocationBody,
  sessionId: string,
  report: JobReport,
  context: JobContext,
  signal: AbortSignal,
) {
  for (let attempt = 0; ; attempt++) {
    report.attempts = attempt + 1;
    try {
      return await context.transport.open(body, sessionId, signal);
    } catch (error) {
      if (!(error instanceof InvokeError) || !error.retryable || attempt >= context.retries) throw error;
      const delay = backoffDelay(attempt, RETRY_BACKOFF, context.random);
      if (context.clock.now() + delay >= context.deadline) throw error;
      context.log(`${report.job}: ${error.message} Retrying in ${Math.round(delay / 1000)} s.`);
      await context.clock.sleep(delay);
    }
  }
}

interface Outcome {
  answer: string;
  artifacts: string[];
}

async function readStream(
  stream: AsyncIterable<Uint8Array | string>,
  started: number,
  report: JobReport,
  context: JobContext,
): Promise<Outcome | undefined> {
  let done: Record<string, unknown> | undefined;
  const artifacts = new Set<string>();
  try {
    for await (const event of sseEvents(stream)) {
      report.timeToFirstEventMs ??= context.clock.now() - started;
      if (event.type === 'error' || (event.type === undefined && 'error' in event)) {
        const message = String(event.message ?? event.error ?? 'no message');
        const code = event.code ? ` ${String(event.code)}` : '';
        report.failures.push(`The agent sent an error event${code}: ${message}`);
      } else if (event.type === 'artifact' && typeof event.uri === 'string') {
        artifacts.add(event.uri);
      } else if (event.type === 'tool') {
        context.log(
          `${report.job}: ${String(event.agent)} ran ${String(event.tool)} → ${String(event.status)} (${String(event.durationMs)} ms)`,
        );
      } else if (event.type === 'done') {
        done = event;
      }
    }
  } catch (error) {
    if (!(error instanceof StreamError)) throw error;
    report.failures.push(`The event stream broke: ${error.message}.`);
    return undefined;
  }
  if (!done) {
    report.failures.push(
      `The event stream ended without a done event (session ${report.sessionId}); the agent stopped mid-run, look at its log for this session id.`,
    );
    return undefined;
  }
  for (const artifact of Array.isArray(done.artifacts) ? done.artifacts : []) {
    const uri = (artifact as { uri?: unknown }).uri;
    if (typeof uri === 'string') artifacts.add(uri);
  }
  const answer = typeof done.answer === 'string' ? done.answer : '';
  report.answerExcerpt = answer.slice(0, EXCERPT);
  report.artifacts = [...artifacts];
  return { answer, artifacts: report.artifacts };
}

async function judge(
  job: Exclude<JobName, 'ping'>,
  outcome: Outcome,
  expectation: Expectation,
  report: JobReport,
  context: JobContext,
): Promise<void> {
  const expected = expectation.total;
  if (job === 'total-sales') {
    if (!statesTotal(outcome.answer, expected))
      report.failures.push(wrongTotal('The answer', outcome.answer, expected));
    return;
  }
  const pdfs = outcome.artifacts.filter((uri) => uri.toLowerCase().endsWith('.pdf'));
  if (pdfs.length === 0) {
    report.failures.push(`pdf-report produced no PDF artifact (artifacts: ${outcome.artifacts.join(', ') || 'none'}).`);
    return;
  }
  if (!context.readArtifact) return;
  for (const uri of pdfs) {
    let bytes: Uint8Array;
    try {
      bytes = await context.readArtifact(uri);
    } catch (error) {
      report.failures.push(`The PDF ${uri} could not be read: ${(error as Error).message}`);
      continue;
    }
    if (new TextDecoder().decode(bytes.subarray(0, 5)) !== '%PDF-') {
      report.failures.push(`The artifact ${uri} does not start with %PDF-: it is not a PDF.`);
      continue;
    }
    const saved = await context.onPdf?.(uri, bytes);
    if (saved) report.savedPdf = saved;
    const text = await context.pdfText?.(bytes);
    if (text === undefined) context.log(`pdf-report: the text of ${uri} was not checked (pdftotext is not installed).`);
    else if (!statesTotal(text, expected)) report.failures.push(wrongTotal(`The PDF ${uri}`, text, expected));
  }
}

function wrongTotal(where: string, text: string, expected: number): string {
  const stated = closestStated(text, expected);
  const said = stated === undefined ? 'states no number' : `states ${formatAmount(stated)} at best`;
  return `${where} ${said}, but the dataset's total is ${formatAmount(expected)}: the total is wrong.`;
}
