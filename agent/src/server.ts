// The AgentCore HTTP contract on node:http: GET /ping, POST /invocations answered as server-sent events.
// A small server of our own rather than BedrockAgentCoreApp (Fastify): it starts faster, bundles smaller, and
// owns the heartbeat and disconnect handling the contract needs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorEvent } from './errors.js';
import { type AgentEvent, type EventSink, emptyUsage, sseFrame } from './events.js';
import { checkSessionId, type Invocation, parseInvocation, SESSION_HEADER } from './payload.js';
import { WorkflowError } from './run.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** AgentCore's id of one invocation; every log line of the invocation carries it. */
export const REQUEST_ID_HEADER = 'x-amzn-bedrock-agentcore-runtime-request-id';
/** Without a /ping by then (generic clients never send one), the workflow loads this long after listening. */
export const WARM_UP_GRACE_MS = 100;
/** Unknown body keys are logged once each, up to this many distinct names (a client cannot grow the set). */
const MAX_LOGGED_KEYS = 100;

export interface AgentServer {
  url: string;
  /** Resolves when no invocation is in flight (each has torn down its executor session and sent `done`). */
  idle(): Promise<void>;
  /** Stops accepting, cancels in-flight invocations (their sessions are still deleted), waits for them. */
  close(): Promise<void>;
}

/** Runs one parsed invocation, sending its events; resolves after `done`. */
export type InvocationHandler = (
  invocation: Invocation,
  sessionId: string,
  emit: EventSink,
  signal: AbortSignal,
) => Promise<void>;

export interface ServerOptions {
  heartbeatMs: number;
  /**
   * The workflow, loaded on demand: evaluating the SDKs it needs is most of a cold start, and /ping need not
   * wait for it. The server calls this once per invocation; callers cache what it resolves to.
   */
  handler: () => Promise<InvocationHandler>;
  /**
   * Called once at start: after the first /ping answer has gone out, or WARM_UP_GRACE_MS after listening when
   * no ping came first. Loading the workflow blocks the event loop for a few hundred milliseconds, which must
   * not delay the health check that ends a cold start, and a client that never pings must not wait for it.
   */
  warmUp?: () => void;
  /** Where log lines go (default: stdout). */
  log?: (line: string) => void;
}

export async function startAgentServer(
  options: ServerOptions,
  listen: { host: string; port: number },
): Promise<AgentServer> {
  const inFlight = new Map<Promise<void>, AbortController>();
  let lastUpdate = Math.floor(Date.now() / 1000);
  let warmed = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const warmUp = () => {
    clearTimeout(graceTimer);
    if (warmed || !options.warmUp) return;
    warmed = true;
    options.warmUp();
  };
  const log = options.log ?? ((line: string) => console.log(line));
  const loggedKeys = new Set<string>();
  const logIgnoredKeys = (keys: string[], logLine: (line: string) => void) => {
    const fresh = keys.filter((key) => !loggedKeys.has(key) && loggedKeys.size < MAX_LOGGED_KEYS);
    for (const key of fresh) loggedKeys.add(key);
    if (fresh.length > 0) {
      logLine(
        `ignoring body keys the contract does not know (logged once each): ${fresh.map((key) => JSON.stringify(key.slice(0, 64))).join(', ')}`,
      );
    }
  };

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/ping' && request.method === 'GET') {
      if (!warmed) response.once('finish', () => setImmediate(warmUp));
      return json(response, 200, {
        status: inFlight.size > 0 ? 'HealthyBusy' : 'Healthy',
        time_of_last_update: lastUpdate,
      });
    }
    if (path === '/invocations' && request.method === 'POST') {
      const controller = new AbortController();
      const task = invoke(request, response, options, controller, log, logIgnoredKeys)
        .catch(() => {
          response.destroy();
        })
        .finally(() => {
          inFlight.delete(task);
          lastUpdate = Math.floor(Date.now() / 1000);
        });
      inFlight.set(task, controller);
      lastUpdate = Math.floor(Date.now() / 1000);
      return;
    }
    if (path === '/ping' || path === '/invocations') {
      return json(response, 405, {
        error: 'method_not_allowed',
        message: `${request.method} is not allowed on ${path}`,
      });
    }
    json(response, 404, { error: 'not_found', message: `no route ${request.method} ${path}` });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  if (options.warmUp) {
    graceTimer = setTimeout(warmUp, WARM_UP_GRACE_MS);
    graceTimer.unref();
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight.keys()]);
  };
  return {
    url: `http://${host}:${address.port}`,
    idle,
    async close() {
      clearTimeout(graceTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const controller of inFlight.values()) {
        controller.abort(new WorkflowError('shutting_down', 'The agent is shutting down.'));
      }
      await idle();
      server.closeIdleConnections();
      await closed;
    },
  };
}

async function invoke(
  request: IncomingMessage,
  response: ServerResponse,
  options: ServerOptions,
  controller: AbortController,
  log: (line: string) => void,
  logIgnoredKeys: (keys: string[], logLine: (line: string) => void) => void,
): Promise<void> {
  const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
  const logLine = (line: string) => log(`[request ${requestId}] ${line}`);
  const refuse = (status: number, error: string, message: string) => {
    logLine(`answered ${status} ${error}: ${message}`);
    json(response, status, { error, message });
  };
  const sessionId = checkSessionId(request.headers[SESSION_HEADER]);
  if (typeof sessionId !== 'string') {
    request.resume();
    return refuse(400, 'missing_session', sessionId.error);
  }
  const body = await readBody(request);
  if (body === undefined) return refuse(413, 'too_large', `body over ${MAX_BODY_BYTES} bytes`);
  const parsed = parseInvocation(body);
  if (!parsed.ok) return refuse(400, 'bad_request', parsed.reason);
  logIgnoredKeys(parsed.ignoredKeys, logLine);
  logLine(`invocation for session ${sessionId}: ${describe(parsed.invocation)}`);

  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();
  response.on('close', () => {
    if (!response.writableFinished) {
      controller.abort(new WorkflowError('client_disconnected', 'The client disconnected.'));
    }
  });

  let heartbeat: NodeJS.Timeout | undefined;
  const armHeartbeat = () => {
    clearTimeout(heartbeat);
    heartbeat = setTimeout(() => send({ type: 'heartbeat' }), options.heartbeatMs);
  };
  const send = (event: AgentEvent) => {
    logEvent(event, logLine);
    if (response.destroyed || response.writableEnded) return;
    response.write(sseFrame(event));
    if (event.type === 'done') clearTimeout(heartbeat);
    else armHeartbeat();
  };
  armHeartbeat();
  const started = performance.now();
  try {
    let handle: InvocationHandler;
    try {
      handle = await options.handler();
    } catch (error) {
      // The workflow could not be loaded (e.g. the executor token secret was unreadable): the contract still
      // ends the stream with `error`, then `done`.
      send(errorEvent(error));
      send({
        type: 'done',
        answer: '',
        figures: {},
        artifacts: [],
        usage: { total: emptyUsage(), byAgent: {} },
        durationMs: Math.round(performance.now() - started),
      });
      return;
    }
    await handle(parsed.invocation, sessionId, send, controller.signal);
  } finally {
    clearTimeout(heartbeat);
    response.end();
  }
}

/** The request id AgentCore sends; a local client may send none, so one is made up (as AgentCore's SDKs do). */
function requestIdOf(value: string | string[] | undefined): string {
  const id = Array.isArray(value) ? value[0] : value;
  // The Web Crypto global loads on first use, so the server's start does not pay for node:crypto.
  return id ? id.slice(0, 128) : globalThis.crypto.randomUUID();
}

function describe(invocation: Invocation): string {
  const data =
    invocation.data === undefined
      ? 'no data'
      : typeof invocation.data === 'string'
        ? `data ${invocation.data}`
        : `${invocation.data.files.length} inline files`;
  return `prompt of ${invocation.prompt.length} characters, ${data}, report ${invocation.report}`;
}

/** The events worth a log line: the start, errors and the end. */
function logEvent(event: AgentEvent, logLine: (line: string) => void): void {
  if (event.type === 'start') logLine(`executor session ${event.executorSessionId} opened`);
  else if (event.type === 'error') logLine(`error ${event.code}: ${event.message}`);
  else if (event.type === 'done') {
    logLine(
      `done in ${event.durationMs} ms: answer of ${event.answer.length} characters, ${event.artifacts.length} artifacts, ${event.usage.total.totalTokens} tokens`,
    );
  }
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
