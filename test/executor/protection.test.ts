// ECS task scale-in protection against a stand-in agent endpoint: requested once for many sessions,
// renewed at half its expiry while held (driven by fake timers), released at the end, and never fatal.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type LogFields, silentLogger } from '../../docker/executor/src/log.js';
import { TaskProtection } from '../../docker/executor/src/protection.js';
import { startFakeEcsAgent } from './support/fake-ecs-agent.js';

const agent = await startFakeEcsAgent();

afterEach(() => {
  vi.useRealTimers();
  agent.states.length = 0;
});

afterAll(() => agent.close());

async function until(condition: () => boolean): Promise<void> {
  // The agent answers over real HTTP on 127.0.0.1; only the renewal timer is fake.
  for (let round = 0; round < 200 && !condition(); round++) await new Promise((tick) => setImmediate(tick));
}

describe('TaskProtection', () => {
  it('asks once while protection is wanted, renews at half the expiry, releases at the end', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const protection = new TaskProtection(agent.uri, 10, silentLogger);
    await protection.set(true);
    await protection.set(true);
    expect(agent.states).toEqual([true]);
    vi.advanceTimersByTime(5 * 60_000);
    await until(() => agent.states.length === 2);
    expect(agent.states).toEqual([true, true]);
    await protection.close();
    expect(agent.states).toEqual([true, true, false]);
    vi.advanceTimersByTime(60 * 60_000);
    await until(() => agent.states.length > 3);
    expect(agent.states).toEqual([true, true, false]);
  });

  it('logs a failing agent and goes on', async () => {
    const warnings: LogFields[] = [];
    const protection = new TaskProtection(`${agent.uri}/wrong-path`, 10, {
      log: (level, _message, fields = {}) => {
        if (level === 'warn') warnings.push(fields);
      },
    });
    await protection.set(true);
    expect(warnings).toEqual([expect.objectContaining({ enabled: true, error: expect.stringContaining('HTTP 404') })]);
  });

  it('does nothing outside ECS', async () => {
    const protection = new TaskProtection('', 10, silentLogger);
    await protection.set(true);
    expect(agent.states).toEqual([]);
  });
});
