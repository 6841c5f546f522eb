import type { Clock } from '../../lib/clock.js';

/** A clock whose sleep advances time at once and records each delay. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private time = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
