// One invocation end to end: executor session → data → Coder ⇄ Validator rounds → Reporter → teardown.
// Whatever happens (an error, the time limit, the client leaving), the executor session is deleted — its
// artifacts safely in S3 — before `done`, which is always the last event.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock } from '../../lib/clock.js';
import { createAgent, runAgent } from './agent-runner.js';
import { coderBrief, coderMissingFiguresBrief, coderRetryBrief, reporterBrief, validatorBrief } from './briefs.js';
import type { AgentConfig } from './config.js';
import { type LoadedData, loadData, runDataScope } from './data-loader.js';
import { errorEvent } from './errors.js';
import type { ArtifactRef, EventSink, FigureCheck } from './events.js';
import { ExecutorClient, ExecutorError, type ExecutorSession } from './executor-client.js';
import {
  compareFigures,
  describeDiscrepancy,
  FIGURES_FILE,
  type Figures,
  figuresSchema,
  fillFigures,
  parseFigureFile,
  StreamingFigureFiller,
  validationFile,
  validationSchema,
} from './figures.js';
import type { ModelSet } from './models.js';
import type { Invocation } from './payload.js';
import { prompts } from './prompts.generated.js';
import type { ReplayRequest } from './replay-jobs.js';
import { Run, WorkflowError } from './run.js';
import type { InvocationHandler } from './server.js';
import { buildPdfTool, listFilesTool, REPORT_FILE, readFileTool, runPythonTool } from './tools.js';
import { UsageLedger } from './usage.js';

export interface WorkflowDeps {
  config: AgentConfig;
  /** The models for one invocation: what it asks and the data files it brought (the scripted model picks its job by them). */
  models: (request: ReplayRequest) => ModelSet;
  s3: () => S3Client;
  clock: Clock;
  fetch?: typeof fetch;
}

/** The server's handler for these dependencies. */
export function workflowHandler(deps: WorkflowDeps): InvocationHandler {
  return (invocation, sessionId, emit, signal) => runWorkflow(invocation, sessionId, deps, emit, signal);
}

export async function runWorkflow(
  invocation: Invocation,
  sessionId: string,
  deps: WorkflowDeps,
  emit: EventSink,
  signal: AbortSignal,
): Promise<void> {
  const started = performance.now();
  const ledger = new UsageLedger();
  const { config } = deps;
  let answer = '';
  let figures: Figures = {};
  let artifacts: ArtifactRef[] = [];
  let session: ExecutorSession | undefined;
  const timeLimit = new AbortController();
  const timer = setTimeout(
    () =>
      timeLimit.abort(
        new WorkflowError(
          'time_limit',
          `The run exceeded ${config.limits.durationMs / 1000} s (AGENT_MAX_DURATION_SECONDS).`,
        ),
      ),
    config.limits.durationMs,
  );
  timer.unref();
  const runSignal = AbortSignal.any([signal, timeLimit.signal]);
  try {
    const client = new ExecutorClient({
      url: config.executor.url,
      ...(config.executor.token ? { token: config.executor.token } : {}),
      clock: deps.clock,
      capacityWaitMs: config.executor.capacityWaitMs,
      onWait: (waiting) => emit({ type: 'heartbeat', waiting }),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    session = await client.createSession(runSignal);
    emit({ type: 'start', sessionId, executorSessionId: session.id, report: invocation.report });
    const run = new Run({
      emit,
      session,
      executeTimeoutSeconds: config.executor.executeTimeoutSeconds,
      budget: config.limits,
      ledger,
      signal: runSignal,
    });
    const scope = runDataScope(config.artifactsBucket, sessionId);
    const data = await loadData(invocation.data, session, deps.s3, config.data, scope, run.signal);
    const models = deps.models({
      prompt: invocation.prompt,
      report: invocation.report,
      files: data.files.map((file) => file.path),
    });
    const job: Job = { run, models, invocation, data, rounds: config.limits.validationRounds };
    const validated = await codeAndValidate(job);
    figures = validated.figures;
    answer = await report(job, validated);
  } catch (error) {
    emit(errorEvent(error));
    // The executor no longer has the session: there is nothing to delete, and retrying elsewhere would hide it.
    if (error instanceof ExecutorError && error.code === 'session_not_found') session = undefined;
  } finally {
    clearTimeout(timer);
    if (session) artifacts = await teardown(session, config.artifactsBucket, emit);
    emit({
      type: 'done',
      answer,
      figures,
      artifacts,
      usage: { total: ledger.total, byAgent: ledger.byAgent },
      durationMs: Math.round(performance.now() - started),
    });
  }
}

/** One invocation's work once its session and data are in place. */
interface Job {
  run: Run;
  models: ModelSet;
  invocation: Invocation;
  data: LoadedData;
  /** VALIDATION_ROUNDS: Coder ⇄ Validator rounds before the run gives up. */
  rounds: number;
}

interface Validated {
  figures: Figures;
  checks: FigureCheck[];
}

async function codeAndValidate(job: Job): Promise<Validated> {
  const { run, models, data, rounds } = job;
  const question = job.invocation.prompt;
  const coderTools = [runPythonTool(run, 'coder'), listFilesTool(run, 'coder'), readFileTool(run, 'coder')];
  const coder = createAgent('coder', models.coder, prompts.coder, coderTools);
  let message = coderBrief(question, data);
  let lastProblem = '';
  for (let round = 1; round <= rounds; round++) {
    await runAgent(run, { agent: coder, name: 'coder', round, message });
    let figures: Figures;
    try {
      figures = parseFigureFile(figuresSchema, FIGURES_FILE, await readOutput(run, FIGURES_FILE));
    } catch (error) {
      if (run.signal.aborted || (error instanceof ExecutorError && error.fatal)) throw run.fatal ?? error;
      lastProblem = `The figures could not be read: ${(error as Error).message}`;
      message = coderMissingFiguresBrief(lastProblem);
      continue;
    }
    // A fresh Validator each round: it must not remember the previous round's arguments either.
    const validatorTools = [
      runPythonTool(run, 'validator'),
      listFilesTool(run, 'validator'),
      readFileTool(run, 'validator'),
    ];
    const validator = createAgent('validator', models.validator, prompts.validator, validatorTools);
    const file = validationFile(round);
    await runAgent(run, {
      agent: validator,
      name: 'validator',
      round,
      message: validatorBrief(question, data, Object.keys(figures), file),
    });
    let checks: FigureCheck[];
    try {
      checks = compareFigures(figures, parseFigureFile(validationSchema, file, await readOutput(run, file)));
    } catch (error) {
      if (run.signal.aborted || (error instanceof ExecutorError && error.fatal)) throw run.fatal ?? error;
      throw new WorkflowError(
        'validation_missing',
        `The Validator did not leave a usable ${file}: ${(error as Error).message}`,
      );
    }
    const accepted = checks.every((check) => check.match);
    run.emit({ type: 'validation', round, accepted, checks });
    if (accepted) return { figures, checks };
    lastProblem = describeDiscrepancy(checks);
    message = coderRetryBrief(lastProblem);
  }
  throw new WorkflowError(
    'not_validated',
    `The figures were not confirmed after ${rounds} rounds (VALIDATION_ROUNDS):\n${lastProblem}`,
  );
}

async function report(job: Job, { figures, checks }: Validated): Promise<string> {
  const { run, models, invocation } = job;
  const files = await run.session.listFiles(run.signal);
  const charts = files.map((file) => file.path).filter((path) => /\.png$/i.test(path));
  const tools =
    invocation.report === 'pdf'
      ? [buildPdfTool(run, () => figures), runPythonTool(run, 'reporter'), listFilesTool(run, 'reporter')]
      : [];
  const reporter = createAgent('reporter', models.reporter, prompts.reporter, tools);
  const brief = reporterBrief(invocation.prompt, figures, checks, charts, invocation.report);
  const filler = new StreamingFigureFiller(figures);
  const text = await runAgent(run, { agent: reporter, name: 'reporter', round: 1, message: brief, filler });
  if (invocation.report === 'pdf') {
    const after = await run.session.listFiles(run.signal);
    if (!after.some((file) => file.path === REPORT_FILE)) {
      throw new WorkflowError(
        'report_missing',
        `A PDF report was requested but the Reporter did not build ${REPORT_FILE}.`,
      );
    }
  }
  return fillFigures(text, figures);
}

/** A file an agent was asked to write; missing is a problem the agent can fix, not a transport error. */
async function readOutput(run: Run, path: string): Promise<Uint8Array> {
  try {
    return await run.session.getFile(path, run.signal);
  } catch (error) {
    if (error instanceof ExecutorError && error.code === 'executor_http' && error.status === 404) {
      throw new Error(`${path} does not exist`);
    }
    throw error;
  }
}

/** Deletes the session (the executor uploads its files first) and reports each artifact. */
async function teardown(session: ExecutorSession, bucket: string, emit: EventSink): Promise<ArtifactRef[]> {
  try {
    const artifacts = (await session.delete()).map((artifact) => ({
      uri: `s3://${bucket}/${artifact.key}`,
      size: artifact.size,
      sha256: artifact.sha256,
    }));
    for (const artifact of artifacts) emit({ type: 'artifact', ...artifact });
    return artifacts;
  } catch (error) {
    emit({
      type: 'error',
      code: 'teardown_failed',
      message: `The executor session ${session.id} could not be deleted, so its artifacts may be missing from S3: ${(error as Error).message}`,
    });
    return [];
  }
}
