// What one invocation shares between the workflow and the tools: the event sink, the executor session, one
// abort signal (client gone, time limit, or a fatal executor error) and the first fatal error, if any.
import type { EventSink } from './events.js';
import type { ExecutorSession } from './executor-client.js';

export class WorkflowError extends Error {
  override name = 'WorkflowError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Run {
  private readonly controller = new AbortController();
  private fatalError: Error | undefined;

  constructor(
    readonly emit: EventSink,
    readonly session: ExecutorSession,
    readonly executeTimeoutSeconds: number,
    outer: AbortSignal,
  ) {
    if (outer.aborted) this.controller.abort(outer.reason);
    outer.addEventListener('abort', () => this.controller.abort(outer.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The first error that must end the run; later ones are consequences of it. */
  get fatal(): Error | undefined {
    return this.fatalError;
  }

  /** Stops everything: a tool that cannot trust the session any more calls this instead of returning. */
  fail(error: Error): void {
    this.fatalError ??= error;
    this.controller.abort(error);
  }
}
