// The environment variables of the executor image, mapped onto ExecutorOptions. Every variable is optional
// except where noted; a malformed number stops the start with a sentence naming the variable.
import { resolveEndpoint, resolveRegion } from '../../../lib/aws.js';
import type { ExecutorOptions } from './config.js';

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} is ${JSON.stringify(raw)}; it must be a whole number.`);
  }
  return value;
}

/** A comma-separated list of Python module names; an empty value preloads nothing. */
function moduleList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const modules = raw
    .split(',')
    .map((module) => module.trim())
    .filter((module) => module !== '');
  const invalid = modules.find((module) => !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(module));
  if (invalid !== undefined)
    throw new Error(`${name} lists ${JSON.stringify(invalid)}, which is not a Python module name.`);
  return modules;
}

const MIB = 1024 * 1024;

function scaled(value: number | undefined, factor: number): number | undefined {
  return value === undefined ? undefined : value * factor;
}

/** Drops undefined values so the defaults in resolveConfig apply. */
function defined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ExecutorOptions {
  const bucket = env.ARTIFACTS_BUCKET?.trim() ?? '';
  const endpoint = resolveEndpoint('S3', env);
  return {
    ...defined({
      port: positiveInteger(env, 'PORT'),
      host: env.HOST?.trim() || undefined,
      token: env.EXECUTOR_TOKEN,
      python: env.PYTHON?.trim() || undefined,
      sessionsDir: env.SESSIONS_DIR?.trim() || undefined,
      pythonDir: env.EXECUTOR_PYTHON_DIR?.trim() || undefined,
      maxSessions: positiveInteger(env, 'MAX_SESSIONS'),
      sessionMemoryBytes: scaled(positiveInteger(env, 'SESSION_MEMORY_MB'), MIB),
      poolSize: positiveInteger(env, 'POOL_SIZE'),
      preloadModules: moduleList(env, 'PRELOAD_MODULES'),
      defaultTimeoutSeconds: positiveInteger(env, 'EXECUTE_TIMEOUT_SECONDS'),
      maxTimeoutSeconds: positiveInteger(env, 'MAX_EXECUTE_TIMEOUT_SECONDS'),
      idleTimeoutSeconds: positiveInteger(env, 'IDLE_TIMEOUT_SECONDS'),
      drainTimeoutSeconds: positiveInteger(env, 'DRAIN_TIMEOUT_SECONDS'),
      outputCapBytes: scaled(positiveInteger(env, 'OUTPUT_CAP_KB'), 1024),
      maxUploadBytes: scaled(positiveInteger(env, 'MAX_UPLOAD_MB'), MIB),
      diskQuotaBytes: scaled(positiveInteger(env, 'SESSION_DISK_QUOTA_MB'), MIB),
      minFreeDiskBytes: scaled(positiveInteger(env, 'MIN_FREE_DISK_MB'), MIB),
      kernelUidBase: positiveInteger(env, 'KERNEL_UID_BASE'),
      uidLockDir: env.KERNEL_UID_LOCK_DIR?.trim() || undefined,
      artifactsPrefix: env.ARTIFACTS_PREFIX,
      ecsAgentUri: env.ECS_AGENT_URI?.trim() || undefined,
    }),
    artifactsBucket: bucket,
    s3: bucket === '' ? {} : { region: resolveRegion(env), ...(endpoint ? { endpoint, forcePathStyle: true } : {}) },
    limits: defined({
      cpuSeconds: positiveInteger(env, 'KERNEL_CPU_SECONDS'),
      memoryBytes: scaled(positiveInteger(env, 'KERNEL_MEMORY_MB'), MIB),
      processes: positiveInteger(env, 'KERNEL_PROCESSES'),
      fileSizeBytes: scaled(positiveInteger(env, 'KERNEL_FILE_SIZE_MB'), MIB),
      openFiles: positiveInteger(env, 'KERNEL_OPEN_FILES'),
    }),
  };
}
