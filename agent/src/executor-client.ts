// The executor's HTTP contract (ARCHITECTURE.md) as seen from the agent: one session per invocation, reached
// through the internal ALB. The ALB's stickiness cookie is kept so every call lands on the task that holds
// the session; capacity waits follow Retry-After; an execute is never sent twice.
import { backoffDelay } from '../../lib/backoff.js';
import type { Clock } from '../../lib/clock.js';
import {
  type Artifact,
  type ExecuteResult,
  executeResultSchema,
  type FileEntry,
  fileListingSchema,
  sessionClosedSchema,
  sessionCreatedSchema,
} from '../../lib/executor-contract.js';

export type ExecutorErrorCode =
  | 'executor_unreachable'
  | 'executor_capacity'
  | 'executor_unauthorized'
  | 'session_not_found'
  | 'execute_outcome_unknown'
  | 'executor_http';

export class ExecutorError extends Error {
  override name = 'ExecutorError';
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    /** The executor's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }

  /** Errors after which the session cannot be trusted: the workflow stops instead of carrying on elsewhere. */
  get fatal(): boolean {
    return this.code !== 'execute_outcome_unknown' && this.code !== 'executor_http';
  }
}

export interface ExecutorClientOptions {
  url: string;
  token?: string;
  clock: Clock;
  /** How long to wait for capacity (scaled to zero, or every task full) before giving up. */
  capacityWaitMs: number;
  /** Told about every capacity wait, so the caller can show it. */
  onWait?: (message: string) => void;
  fetch?: typeof fetch;
}

const CONNECT_ATTEMPTS = 3;
const CAPACITY_BACKOFF = { baseMs: 2_000, capMs: 15_000 };
const REQUEST_TIMEOUT_MS = 60_000;
const TEARDOWN_TIMEOUT_MS = 180_000;

export class ExecutorClient {
  private readonly cookies = new Map<string, string>();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ExecutorClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** POST /sessions, waiting through 503s (Retry-After, or backoff when the ALB has no target yet). */
  async createSession(signal: AbortSignal): Promise<ExecutorSession> {
    const { clock, capacityWaitMs } = this.options;
    const deadline = clock.now() + capacityWaitMs;
    let connectFailures = 0;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.request('POST', '/sessions', { signal });
      } catch (error) {
        if (signal.aborted) throw error;
        connectFailures++;
        if (connectFailures >= CONNECT_ATTEMPTS) {
          throw new ExecutorError(
            'executor_unreachable',
            `The executor at ${this.options.url} is unreachable after ${connectFailures} attempts: ${describe(error)}.`,
          );
        }
        await clock.sleep(backoffDelay(attempt, CAPACITY_BACKOFF));
        signal.throwIfAborted();
        continue;
      }
      if (response.status === 201) {
        const body = sessionCreatedSchema.parse(await response.json());
        return new ExecutorSession(this, body.sessionId);
      }
      if (response.status === 503 || response.status === 502 || response.status === 504) {
        await response.body?.cancel();
        const waitMs =
          retryAfterMs(response.headers.get('retry-after'), clock.now()) ?? backoffDelay(attempt, CAPACITY_BACKOFF);
        if (clock.now() + waitMs > deadline) {
          throw new ExecutorError(
            'executor_capacity',
            `The executor had no capacity for a new session within ${Math.round(capacityWaitMs / 1000)} s (last answer HTTP ${response.status}); raise the service's maximum or EXECUTOR_CAPACITY_WAIT_SECONDS.`,
          );
        }
        this.options.onWait?.(
          `waiting ${Math.ceil(waitMs / 1000)} s for executor capacity (HTTP ${response.status}, attempt ${attempt + 1})`,
        );
        await clock.sleep(waitMs);
        // The client may have left during the wait: no session is opened for nobody.
        signal.throwIfAborted();
        continue;
      }
      throw await this.failure(response, 'POST /sessions');
    }
  }

  /** One HTTP call; records cookies the ALB sets and sends them back. */
  async request(
    method: string,
    path: string,
    init: { signal: AbortSignal; body?: string | Uint8Array; contentType?: string; timeoutMs?: number },
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const response = await this.fetch(`${this.options.url}${path}`, {
      method,
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      signal: AbortSignal.any([init.signal, AbortSignal.timeout(init.timeoutMs ?? REQUEST_TIMEOUT_MS)]),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  }

  /** Turns a non-success answer into the error the workflow reports. */
  async failure(response: Response, what: string): Promise<ExecutorError> {
    const text = await response.text().catch(() => '');
    let code = '';
    let message = text.slice(0, 500);
    try {
      const body = JSON.parse(text) as { error?: string; message?: string };
      code = body.error ?? '';
      message = body.message ?? code;
    } catch {
      // Not JSON (a proxy's error page): keep the text.
    }
    if (response.status === 404 && code === 'session_not_found') {
      return new ExecutorError(
        'session_not_found',
        `The executor no longer knows this session (${what} → 404 session_not_found): its task restarted or the request was routed to another task. The run stops rather than continue without the session's files and state.`,
      );
    }
    if (response.status === 401 || response.status === 403) {
      return new ExecutorError(
        'executor_unauthorized',
        `The executor rejected the agent's token (${what} → HTTP ${response.status}); EXECUTOR_TOKEN must match the executor's.`,
      );
    }
    return new ExecutorError(
      'executor_http',
      `${what} → HTTP ${response.status}: ${message || 'no message'}`,
      response.status,
    );
  }

  get teardownTimeoutMs(): number {
    return TEARDOWN_TIMEOUT_MS;
  }
}

export class ExecutorSession {
  private deleted: Promise<Artifact[]> | undefined;

  constructor(
    private readonly client: ExecutorClient,
    readonly id: string,
  ) {}

  private path(suffix: string): string {
    return `/sessions/${encodeURIComponent(this.id)}${suffix}`;
  }

  /**
   * Runs code once. A transport failure after the request left is reported as "outcome unknown" and never
   * retried: the code may already have run, and running it twice could double side effects.
   */
  async execute(code: string, timeoutSeconds: number, signal: AbortSignal): Promise<ExecuteResult> {
    let response: Response;
    try {
      response = await this.client.request('POST', this.path('/execute'), {
        signal,
        body: JSON.stringify({ code, timeoutSeconds }),
        timeoutMs: (timeoutSeconds + 30) * 1000,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ExecutorError(
        'execute_outcome_unknown',
        `The execute call failed in transit (${describe(error)}); the code may or may not have run, so it was not re-sent.`,
      );
    }
    if (!response.ok) throw await this.client.failure(response, 'POST execute');
    return executeResultSchema.parse(await response.json());
  }

  async putFile(path: string, content: Uint8Array, signal: AbortSignal): Promise<void> {
    const response = await this.client.request('PUT', this.path(`/files/${encodePath(path)}`), {
      signal,
      body: content,
      contentType: 'application/octet-stream',
    });
    if (!response.ok) throw await this.client.failure(response, `PUT file ${path}`);
    await response.body?.cancel();
  }

  async getFile(path: string, signal: AbortSignal): Promise<Uint8Array> {
    const response = await this.client.request('GET', this.path(`/files/${encodePath(path)}`), { signal });
    if (!response.ok) throw await this.client.failure(response, `GET file ${path}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async listFiles(signal: AbortSignal): Promise<FileEntry[]> {
    const response = await this.client.request('GET', this.path('/files'), { signal });
    if (!response.ok) throw await this.client.failure(response, 'GET files');
    return fileListingSchema.parse(await response.json()).files;
  }

  /**
   * DELETE the session; the executor answers once the artifacts are in S3. Runs on its own timeout, not the
   * client's signal, so a disconnected client still gets its session torn down. Idempotent per session.
   */
  delete(): Promise<Artifact[]> {
    this.deleted ??= (async () => {
      const signal = AbortSignal.timeout(this.client.teardownTimeoutMs);
      const response = await this.client.request('DELETE', this.path(''), {
        signal,
        timeoutMs: this.client.teardownTimeoutMs,
      });
      if (!response.ok) throw await this.client.failure(response, 'DELETE session');
      return sessionClosedSchema.parse(await response.json()).artifacts;
    })();
    return this.deleted;
  }
}

/** A relative path inside the executor session: no absolute paths, no empty, `.` or `..` segments. */
export function isSessionPath(path: string): boolean {
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Each segment percent-encoded. `.` and `..` are refused, not encoded: fetch would resolve them before sending,
 * so a model-chosen `../../<other id>/files/x` would address another session.
 */
function encodePath(path: string): string {
  if (!isSessionPath(path)) {
    throw new Error(`The file path ${JSON.stringify(path)} is not a relative path inside the session folder.`);
  }
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
