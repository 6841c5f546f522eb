// ECS task scale-in protection: while a task holds sessions, the service's autoscaling must not stop it.
// The ECS agent endpoint ($ECS_AGENT_URI/task-protection/v1/state) is asked to protect the task when the first
// session opens, renewed at half its expiry, and released when the last one closes. A session opens only once
// protection is confirmed (a task could otherwise be scaled in under it); failures are logged.
import type { Logger } from './log.js';

export class TaskProtection {
  private wanted = false;
  private held = false;
  private queue: Promise<void> = Promise.resolve();
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly agentUri: string,
    private readonly minutes: number,
    private readonly log: Logger,
  ) {}

  /**
   * Asks for protection on or off; calls are serialized and only changes reach the agent. Resolves true when
   * the agent has confirmed that state (always outside ECS).
   */
  set(active: boolean): Promise<boolean> {
    if (this.agentUri === '') return Promise.resolve(true);
    this.wanted = active;
    this.queue = this.queue.then(() => this.sync());
    return this.queue.then(() => this.held === active);
  }

  /** Releases protection and stops renewing. */
  async close(): Promise<void> {
    await this.set(false);
    clearInterval(this.renewal);
  }

  private async sync(force = false): Promise<void> {
    if (this.wanted === this.held && !force) return;
    const enabled = this.wanted;
    const body = enabled ? { ProtectionEnabled: true, ExpiresInMinutes: this.minutes } : { ProtectionEnabled: false };
    try {
      const response = await fetch(`${this.agentUri}/task-protection/v1/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok || answer.failure || answer.error) {
        throw new Error(`HTTP ${response.status} ${JSON.stringify(answer.failure ?? answer.error ?? answer)}`);
      }
      this.held = enabled;
      this.log.log('info', enabled ? 'task scale-in protection held' : 'task scale-in protection released', {
        expiresInMinutes: enabled ? this.minutes : undefined,
      });
      this.scheduleRenewal();
    } catch (error) {
      this.log.log('warn', 'task scale-in protection update failed', { enabled, error: String(error) });
    }
  }

  private scheduleRenewal(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
    if (!this.held) return;
    this.renewal = setInterval(
      () => {
        this.queue = this.queue.then(() => this.sync(true));
      },
      (this.minutes * 60_000) / 2,
    );
    this.renewal.unref();
  }
}
