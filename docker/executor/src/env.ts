// The environment variables of the executor image, read by lib/env-config.ts and mapped onto ExecutorOptions.
// Every variable is optional; what is unset keeps the default of resolveConfig.
import { resolveEndpoint, resolveRegion } from '../../../lib/aws.js';
import { readEnvironment, setting } from '../../../lib/env-config.js';
import type { ExecutorOptions } from './config.js';

const MIB = 1024 * 1024;
const PYTHON_MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const whole = () => setting.wholeNumber().optional();
const path = () => setting.text('must be a path').optional();

const variables = {
  PORT: setting.wholeNumber({ max: 65_535 }).optional(),
  HOST: setting.text().optional(),
  EXECUTOR_TOKEN: setting.text().optional(),
  PYTHON: path(),
  SESSIONS_DIR: path(),
  EXECUTOR_PYTHON_DIR: path(),
  MAX_SESSIONS: whole(),
  SESSION_MEMORY_MB: whole(),
  POOL_SIZE: whole(),
  // Blank imports nothing; unset imports the default modules.
  PRELOAD_MODULES: setting.list(PYTHON_MODULE, 'must be a comma-separated list of Python module names'),
  EXECUTE_TIMEOUT_SECONDS: whole(),
  MAX_EXECUTE_TIMEOUT_SECONDS: whole(),
  IDLE_TIMEOUT_SECONDS: whole(),
  DRAIN_TIMEOUT_SECONDS: whole(),
  OUTPUT_CAP_KB: whole(),
  MAX_UPLOAD_MB: whole(),
  SESSION_DISK_QUOTA_MB: whole(),
  MIN_FREE_DISK_MB: whole(),
  KERNEL_UID_BASE: whole(),
  KERNEL_UID_LOCK_DIR: path(),
  ARTIFACTS_BUCKET: setting.text().optional(),
  ARTIFACTS_PREFIX: setting.text().optional(),
  ECS_AGENT_URI: setting.url().optional(),
  KERNEL_CPU_SECONDS: whole(),
  KERNEL_MEMORY_MB: whole(),
  KERNEL_PROCESSES: whole(),
  KERNEL_FILE_SIZE_MB: whole(),
  KERNEL_OPEN_FILES: whole(),
};

function scaled(value: number | undefined, factor: number): number | undefined {
  return value === undefined ? undefined : value * factor;
}

/** Drops undefined values so the defaults in resolveConfig apply. */
function defined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ExecutorOptions {
  const e = readEnvironment('executor', variables, env);
  const bucket = e.ARTIFACTS_BUCKET?.trim() ?? '';
  const endpoint = resolveEndpoint('S3', env);
  return {
    ...defined({
      port: e.PORT,
      host: e.HOST?.trim(),
      token: e.EXECUTOR_TOKEN,
      python: e.PYTHON?.trim(),
      sessionsDir: e.SESSIONS_DIR?.trim(),
      pythonDir: e.EXECUTOR_PYTHON_DIR?.trim(),
      maxSessions: e.MAX_SESSIONS,
      sessionMemoryBytes: scaled(e.SESSION_MEMORY_MB, MIB),
      poolSize: e.POOL_SIZE,
      preloadModules: e.PRELOAD_MODULES,
      defaultTimeoutSeconds: e.EXECUTE_TIMEOUT_SECONDS,
      maxTimeoutSeconds: e.MAX_EXECUTE_TIMEOUT_SECONDS,
      idleTimeoutSeconds: e.IDLE_TIMEOUT_SECONDS,
      drainTimeoutSeconds: e.DRAIN_TIMEOUT_SECONDS,
      outputCapBytes: scaled(e.OUTPUT_CAP_KB, 1024),
      maxUploadBytes: scaled(e.MAX_UPLOAD_MB, MIB),
      diskQuotaBytes: scaled(e.SESSION_DISK_QUOTA_MB, MIB),
      minFreeDiskBytes: scaled(e.MIN_FREE_DISK_MB, MIB),
      kernelUidBase: e.KERNEL_UID_BASE,
      uidLockDir: e.KERNEL_UID_LOCK_DIR?.trim(),
      artifactsPrefix: e.ARTIFACTS_PREFIX,
      ecsAgentUri: e.ECS_AGENT_URI,
    }),
    artifactsBucket: bucket,
    s3: bucket === '' ? {} : { region: resolveRegion(env), ...(endpoint ? { endpoint, forcePathStyle: true } : {}) },
    limits: defined({
      cpuSeconds: e.KERNEL_CPU_SECONDS,
      memoryBytes: scaled(e.KERNEL_MEMORY_MB, MIB),
      processes: e.KERNEL_PROCESSES,
      fileSizeBytes: scaled(e.KERNEL_FILE_SIZE_MB, MIB),
      openFiles: e.KERNEL_OPEN_FILES,
    }),
  };
}
