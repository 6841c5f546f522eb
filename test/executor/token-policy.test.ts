// On ECS or in production the executor never starts without a strong token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../docker/executor/src/log.js';
import { startExecutor } from '../../docker/executor/src/server.js';
import { runsDeployed } from '../../docker/executor/src/token-policy.js';

const sessionsDir = mkdtempSync(join(tmpdir(), 'executor-token-'));
afterAll(() => rmSync(sessionsDir, { recursive: true, force: true }));

function start(token: string) {
  return startExecutor({
    host: '127.0.0.1',
    port: 0,
    token,
    deployed: true,
    sessionsDir,
    poolSize: 0,
    preloadModules: [],
    log: silentLogger,
  });
}

describe('the token where the executor is deployed', () => {
  it('refuses to start without a token or with one under 32 characters', async () => {
    await expect(start('')).rejects.toThrow('EXECUTOR_TOKEN is not set; on ECS or with NODE_ENV=production');
    await expect(start('a'.repeat(31))).rejects.toThrow('EXECUTOR_TOKEN is only 31 characters long');
    const executor = await start('a'.repeat(32));
    const health = await fetch(`${executor.url}/health`);
    expect(health.status).toBe(200);
    await executor.close();
  });

  it('counts as deployed on ECS or with NODE_ENV=production', () => {
    const cases = [
      { ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc' },
      { ECS_AGENT_URI: 'http://169.254.170.2/api/abc' },
      { NODE_ENV: 'production' },
      { NODE_ENV: 'test' },
      {},
    ];
    expect(cases.map((env) => runsDeployed(env))).toEqual([true, true, true, false, false]);
  });
});
