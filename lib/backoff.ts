// Exponential backoff with jitter. "Equal jitter" keeps at least half of each step, so a poll never hammers
// an API with back-to-back calls, while the random half spreads concurrent callers apart.
export interface BackoffOptions {
  /** Delay of the first retry before jitter, in ms. */
  baseMs: number;
  /** Largest delay before jitter, in ms. */
  capMs: number;
  /** Growth per attempt. */
  factor?: number;
}

/** Bounds of the delay before retry number `attempt` (0 for the first retry). */
export function backoffBounds(attempt: number, options: BackoffOptions): { min: number; max: number } {
  const growth = options.factor ?? 2;
  const max = Math.min(options.capMs, options.baseMs * growth ** Math.max(0, attempt));
  return { min: max / 2, max };
}

export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const { min, max } = backoffBounds(attempt, options);
  return Math.round(min + (max - min) * random());
}
