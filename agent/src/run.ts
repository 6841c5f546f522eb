// What one invocation shares between the workflow, the agents and the tools: the event sink, the executor
// session, the token budget and what has been spent, one abort signal (client gone, time limit, or a fatal
// executor error) and the first fatal error, if any.
import type { EventSink } from './events.js';
import type { ExecutorSession } from './executor-client.js';
import type { Budget, UsageLedger } from './usage.js';

export interface RunOptions {
  emit: EventSink;
  session: ExecutorSession;
  executeTimeoutSeconds: number;
  budget: Budget;
  /** Where the agents' token usage is counted (the workflow's, which reports it even when no run started). */
  ledger: UsageLedger;
  /** Aborts the run from outside: the client leaving, the time limit. */
  signal: AbortSignal;
}

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
  readonly emit: EventSink;
  readonly session: ExecutorSession;
  readonly executeTimeoutSeconds: number;
  readonly budget: Budget;
  readonly ledger: UsageLedger;

  constructor(options: RunOptions) {
    this.emit = options.emit;
    this.session = options.session;
    this.executeTimeoutSeconds = options.executeTimeoutSeconds;
    this.budget = options.budget;
    this.ledger = options.ledger;
    const outer = options.signal;
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
