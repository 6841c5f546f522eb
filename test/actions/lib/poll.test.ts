import { describe, expect, it } from 'vitest';
import { formatDuration, type PollResult, PollTimeoutError, pollUntil } from '../../../actions/lib/poll.js';
import { backoffBounds, backoffDelay } from '../../../lib/backoff.js';
import { FakeClock } from '../../support/fake-clock.js';

describe('backoffDelay', () => {
  const options = { baseMs: 1_000, capMs: 10_000 };

  it('stays within half and all of the exponential step, for any random draw', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const { min, max } = backoffBounds(attempt, options);
      expect(max).toBe(Math.min(10_000, 1_000 * 2 ** attempt));
      expect(min).toBe(max / 2);
      for (const draw of [0, 0.25, 0.5, 0.999_999]) {
        const delay = backoffDelay(attempt, options, () => draw);
        expect(delay).toBeGreaterThanOrEqual(min);
        expect(delay).toBeLessThanOrEqual(max);
      }
    }
  });

  it('spreads delays across the window with real randomness', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, options)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(4_000);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(40, options, () => 1)).toBe(10_000);
  });
});

describe('pollUntil', () => {
  function statuses(...sequence: string[]) {
    let calls = 0;
    const check = async (): Promise<PollResult<string>> => {
      const status = sequence[Math.min(calls++, sequence.length - 1)] as string;
      return status === 'READY' ? { done: true, value: status } : { done: false, status };
    };
    return { check, calls: () => calls };
  }

  it('returns the value once the check is done, sleeping a growing jittered delay between checks', async () => {
    const clock = new FakeClock();
    const { check, calls } = statuses('CREATING', 'CREATING', 'CREATING', 'READY');
    const value = await pollUntil(check, {
      what: 'runtime to be READY',
      deadline: clock.now() + 600_000,
      backoff: { baseMs: 1_000, capMs: 8_000 },
      clock,
      random: () => 1,
    });
    expect(value).toBe('READY');
    expect(calls()).toBe(4);
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it('fails at the deadline, naming what it waited for and the last status, after a last check', async () => {
    const clock = new FakeClock();
    const { check, calls } = statuses('UPDATE_IN_PROGRESS');
    const pending: string[] = [];
    const waiting = pollUntil(check, {
      what: 'stack dev-network to settle',
      deadline: clock.now() + 65_000,
      backoff: { baseMs: 10_000, capMs: 20_000 },
      clock,
      random: () => 1,
      onPending: (status) => {
        pending.push(status);
      },
    });
    await expect(waiting).rejects.toThrow(PollTimeoutError);
    await expect(waiting).rejects.toThrow(
      'Timed out after 1m 5s waiting for stack dev-network to settle; last status: UPDATE_IN_PROGRESS.',
    );
    // Sleeps of 10 s, 20 s, 20 s, then only the 15 s left, then one check exactly at the deadline.
    expect(clock.sleeps).toEqual([10_000, 20_000, 20_000, 15_000]);
    expect(calls()).toBe(5);
    expect(pending).toHaveLength(5);
  });

  it('lets errors from the check propagate', async () => {
    const clock = new FakeClock();
    const failing = pollUntil(
      async () => {
        throw new Error('AccessDenied');
      },
      { what: 'x', deadline: clock.now() + 1_000, clock },
    );
    await expect(failing).rejects.toThrow('AccessDenied');
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes, or both', () => {
    expect(formatDuration(4_400)).toBe('4s');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(3_725_000)).toBe('62m 5s');
  });
});
