// How a job reaches an agent: a deployed runtime through InvokeAgentRuntime, or a local agent over HTTP. Both
// hand back the raw event stream; the job decides what it means.
import type { InvocationBody } from './jobs.js';

export interface Opened {
  /** The response body, as it arrives. */
  stream: AsyncIterable<Uint8Array | string>;
  /** The request id the service gave the call, when it gives one. */
  requestId?: string;
}

export interface Transport {
  /** "runtime arn:… (endpoint dev)" or "http://127.0.0.1:8080", for messages. */
  readonly target: string;
  open(body: InvocationBody, sessionId: string, signal: AbortSignal): Promise<Opened>;
  /** GET /ping where the transport can reach it; undefined where it cannot (AgentCore offers no ping). */
  ping?(signal: AbortSignal): Promise<{ status: number; body: string }>;
}

/** An invocation that failed before its stream started; `retryable` for throttling and cold starts. */
export class InvokeError extends Error {
  override name = 'InvokeError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
