// The image's environment variables mapped onto the executor configuration.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../docker/executor/src/config.js';
import { optionsFromEnv } from '../../docker/executor/src/env.js';

describe('optionsFromEnv', () => {
  it('maps every variable, in the units the variable names say', () => {
    const config = resolveConfig(
      optionsFromEnv({
        PORT: '9000',
        HOST: '127.0.0.1',
        EXECUTOR_TOKEN: 'token',
        ARTIFACTS_BUCKET: 'artifacts',
        ARTIFACTS_PREFIX: 'runs',
        AWS_REGION: 'ap-northeast-2',
        AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568',
        MAX_SESSIONS: '4',
        POOL_SIZE: '6',
        KERNEL_MEMORY_MB: '512',
        KERNEL_PROCESSES: '16',
        OUTPUT_CAP_KB: '8',
        SESSION_DISK_QUOTA_MB: '64',
        MIN_FREE_DISK_MB: '128',
        PRELOAD_MODULES: 'numpy, scipy.stats',
        ECS_AGENT_URI: 'http://169.254.170.2/api/task',
        SESSION_MEMORY_MB: '300',
        KERNEL_UID_LOCK_DIR: '/var/run/locks',
      }),
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      token: 'token',
      artifactsBucket: 'artifacts',
      artifactsPrefix: 'runs/',
      s3: { region: 'ap-northeast-2', endpoint: 'http://127.0.0.1:4568', forcePathStyle: true },
      maxSessions: 4,
      poolSize: 4,
      outputCapBytes: 8192,
      diskQuotaBytes: 64 * 1024 * 1024,
      minFreeDiskBytes: 128 * 1024 * 1024,
      preloadModules: ['numpy', 'scipy.stats'],
      ecsAgentUri: 'http://169.254.170.2/api/task',
      sessionMemoryBytes: 300 * 1024 * 1024,
      uidLockDir: '/var/run/locks',
    });
    expect(config.limits).toMatchObject({ memoryBytes: 512 * 1024 * 1024, processes: 16, openFiles: 256 });
  });

  it('keeps the defaults when nothing is set, and needs no region without a bucket', () => {
    const config = resolveConfig(optionsFromEnv({}));
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', token: '', artifactsBucket: '', s3: {} });
    expect(config.artifactsPrefix).toBe('sessions/');
  });

  it('names the variable that is not a whole number', () => {
    expect(() => optionsFromEnv({ MAX_SESSIONS: 'eight' })).toThrow(
      'MAX_SESSIONS is "eight"; it must be a whole number.',
    );
    expect(() => optionsFromEnv({ ARTIFACTS_BUCKET: 'b' })).toThrow(/No AWS region is set/);
    expect(() => optionsFromEnv({ PRELOAD_MODULES: 'pandas; import os' })).toThrow(
      'PRELOAD_MODULES is "pandas; import os"; it must be a comma-separated list of Python module names.',
    );
  });
});
