// Poll until a condition holds, with jittered backoff and a hard deadline that fails.
import { type BackoffOptions, backoffDelay } from '../../lib/backoff.js';
import { type Clock, systemClock } from '../../lib/clock.js';

export type PollResult<T> = { done: true; value: T } | { done: false; status: string };

export interface PollOptions {
  /** What is being waited for, for the timeout message: "stack dev-network to finish UPDATE_IN_PROGRESS". */
  what: string;
  /** Absolute deadline, ms since the epoch. */
  deadline: number;
  backoff?: BackoffOptions;
  clock?: Clock;
  random?: () => number;
  /** Called after each unfinished check, e.g. to print progress. */
  onPending?: (status: string, attempt: number) => void | Promise<void>;
}

export class PollTimeoutError extends Error {
  override name = 'PollTimeoutError';
  constructor(
    readonly what: string,
    readonly lastStatus: string,
    readonly waitedMs: number,
  ) {
    super(`Timed out after ${formatDuration(waitedMs)} waiting for ${what}; last status: ${lastStatus}.`);
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes}m` : `${minutes}m ${rest}s`;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 30_000 };

/**
 * Calls `check` until it reports done, sleeping a jittered, growing delay between calls and never past the
 * deadline; the last check happens at the deadline itself. Errors thrown by `check` propagate: retrying them is the AWS client's job.
 */
export async function pollUntil<T>(check: () => Promise<PollResult<T>>, options: PollOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  let status: string;
  for (let attempt = 0; ; attempt++) {
    const result = await check();
    if (result.done) return result.value;
    status = result.status;
    await options.onPending?.(status, attempt);
    const remaining = options.deadline - clock.now();
    if (remaining <= 0) throw new PollTimeoutError(options.what, status, clock.now() - started);
    await clock.sleep(Math.min(remaining, backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF, options.random)));
  }
}
