// The warm pool: slots whose kernels have already started and imported pandas, numpy and matplotlib, so a
// new session costs a hand-over instead of a Python start. Taking a slot starts its replacement; when the
// pool is empty the taker waits for the next kernel to become ready.
import type { Logger } from './log.js';
import type { Slot } from './slots.js';

interface Waiter {
  resolve(slot: Slot): void;
  reject(error: unknown): void;
}

export class KernelPool {
  private readonly ready: Slot[] = [];
  private readonly waiters: Waiter[] = [];
  private starting = 0;
  private readonly startups = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly makeSlot: () => Promise<Slot>,
    private readonly dispose: (slot: Slot) => Promise<void>,
    private readonly log: Logger,
  ) {}

  get readyCount(): number {
    return this.ready.length;
  }

  /** Starts kernels until the pool (plus anyone waiting) is covered. */
  fill(): void {
    if (this.closed) return;
    const wanted = this.size + this.waiters.length - this.ready.length - this.starting;
    for (let index = 0; index < wanted; index++) this.startOne();
  }

  async take(): Promise<Slot> {
    for (let slot = this.ready.shift(); slot; slot = this.ready.shift()) {
      this.fill();
      if (slot.kernel.alive) return slot;
      this.log.log('warn', 'a pooled kernel had died; discarding it', { sessionId: slot.id });
      void this.dispose(slot);
    }
    const taken = new Promise<Slot>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.fill();
    return taken;
  }

  /** Stops the pooled kernels; waiters are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('The executor is shutting down.'));
    await Promise.all(this.ready.splice(0).map((slot) => this.dispose(slot)));
    await Promise.all(this.startups);
  }

  private startOne(): void {
    this.starting++;
    const startup = this.startSlot().finally(() => this.startups.delete(startup));
    this.startups.add(startup);
  }

  private async startSlot(): Promise<void> {
    const started = Date.now();
    let slot: Slot | undefined;
    try {
      slot = await this.makeSlot();
      await slot.kernel.ready;
    } catch (error) {
      this.starting--;
      if (slot) await this.dispose(slot);
      this.log.log('error', 'kernel failed to start', { error: String(error) });
      // No retry loop here: a broken interpreter would spin. The next take() tries again.
      this.waiters.shift()?.reject(error);
      return;
    }
    this.starting--;
    this.log.log('debug', 'kernel ready', { sessionId: slot.id, startMs: Date.now() - started });
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(slot);
    else if (this.closed) await this.dispose(slot);
    else this.ready.push(slot);
  }
}
