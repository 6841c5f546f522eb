// The executor's whole configuration in one place: the type, its defaults, and how `startExecutor` fills in
// what a caller leaves out. main.ts maps the environment onto it; tests pass tight limits directly.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { BackoffOptions } from '../../../lib/backoff.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import { sessionsFor, taskMemoryBytes } from './capacity.js';
import { jsonLogger, type Logger } from './log.js';
import { runsDeployed } from './token-policy.js';
import { UID_BLOCK } from './uid-lock.js';

/** Limits applied to every kernel with setrlimit (soft = hard, so the code cannot raise them). */
export interface KernelLimits {
  /** CPU seconds for the kernel's whole life (the wall-clock timeout bounds a single execute). */
  cpuSeconds: number;
  /** Address space of the kernel and of each process it starts, in bytes. */
  memoryBytes: number;
  /** Processes and threads of the kernel's user (per session when the server runs as root). */
  processes: number;
  /** Largest file the code may write, in bytes. */
  fileSizeBytes: number;
  openFiles: number;
}

export interface ExecutorConfig {
  /** Listen address; tests use 127.0.0.1. */
  host: string;
  /** Listen port; 0 picks a free one (the URL returned says which). */
  port: number;
  /** Bearer token required on every route but /health; empty means no authentication (local use only). */
  token: string;
  /** On ECS or in production: the server refuses to start without a token of at least 32 characters. */
  deployed: boolean;
  /** Interpreter with pandas, numpy, matplotlib and reportlab (Debian's python3). */
  python: string;
  /** Writable directory holding one folder per session. */
  sessionsDir: string;
  /** Directory holding kernel.py and manus_report.py (on each kernel's PYTHONPATH). */
  pythonDir: string;
  /**
   * Sessions alive at once; POST /sessions answers 503 + Retry-After beyond it. Unless given, derived from the
   * task's memory (capacity.ts) and `sessionMemoryBytes`.
   */
  maxSessions: number;
  /** What one session may use: an idle forked kernel (≈20 MiB of its own) plus its data. */
  sessionMemoryBytes: number;
  /** Kernels kept started and pre-imported, ready to become sessions. */
  poolSize: number;
  /** What each kernel imports before it joins the pool (the first import in a session is then instant). */
  preloadModules: string[];
  /** Wall-clock limit of an execute when the request names none, and the largest it may name. */
  defaultTimeoutSeconds: number;
  maxTimeoutSeconds: number;
  /** Graceful stop waits this long for running executes, then stops them (keep it under ECS's stopTimeout). */
  drainTimeoutSeconds: number;
  /** Sessions without a request for this long are closed, their artifacts uploaded first. */
  idleTimeoutSeconds: number;
  limits: KernelLimits;
  /** What a session's folder may hold; past it the running cell is stopped with a DiskQuotaExceeded error. */
  diskQuotaBytes: number;
  /** How often a running cell's folder is measured against the quota. */
  diskCheckIntervalMs: number;
  /** POST /sessions answers 503 + Retry-After while the sessions' file system has less free space than this. */
  minFreeDiskBytes: number;
  /** stdout and stderr each keep this many bytes per execute (half head, half tail). */
  outputCapBytes: number;
  /** Largest JSON request body. */
  maxRequestBytes: number;
  /** Largest file a PUT may upload. */
  maxUploadBytes: number;
  /**
   * Lowest uid of the kernels' users when the server runs as root; each live kernel gets its own. The executor
   * claims the first free block of 1000 uids at or above it (see uid-lock.ts).
   */
  kernelUidBase: number;
  /** Where the uid blocks' lock files live: one folder for every executor of the machine. */
  uidLockDir: string;
  /** Artifacts bucket; empty means DELETE discards the files (local use only, logged as a warning). */
  artifactsBucket: string;
  /** Key prefix: artifacts land at `<prefix><sessionId>/<relative path>`. */
  artifactsPrefix: string;
  /** S3 client settings (region, endpoint, forcePathStyle, credentials); retries are the executor's own. */
  s3: S3ClientConfig;
  /** Attempts per artifact upload, with `uploadBackoff` between them. */
  uploadAttempts: number;
  uploadBackoff: BackoffOptions;
  /** `$ECS_AGENT_URI` on ECS: scale-in protection is held while sessions are alive. */
  ecsAgentUri: string;
  /** Protection expiry asked of ECS; renewed at half of it while sessions remain. */
  protectionMinutes: number;
  log: Logger;
  clock: Clock;
}

export type ExecutorOptions = Partial<Omit<ExecutorConfig, 'limits'>> & { limits?: Partial<KernelLimits> };

const MIB = 1024 * 1024;

export const DEFAULT_LIMITS: KernelLimits = {
  cpuSeconds: 900,
  memoryBytes: 2048 * MIB,
  processes: 64,
  fileSizeBytes: 512 * MIB,
  openFiles: 256,
};

/** Where kernel.py lives: beside src/ when running from source, or docker/executor/python beside build/. */
function defaultPythonDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const fromSource = resolve(here, '..', 'python');
  return existsSync(join(fromSource, 'kernel.py'))
    ? fromSource
    : resolve(here, '..', '..', 'docker', 'executor', 'python');
}

export function resolveConfig(options: ExecutorOptions = {}): ExecutorConfig {
  const config: Omit<ExecutorConfig, 'maxSessions'> & { maxSessions?: number } = {
    host: '0.0.0.0',
    port: 8080,
    token: '',
    deployed: runsDeployed(process.env),
    python: '/usr/bin/python3',
    sessionsDir: join(tmpdir(), 'executor-sessions'),
    pythonDir: defaultPythonDir(),
    sessionMemoryBytes: 256 * MIB,
    poolSize: 2,
    preloadModules: ['numpy', 'pandas', 'matplotlib.pyplot'],
    defaultTimeoutSeconds: 60,
    maxTimeoutSeconds: 600,
    idleTimeoutSeconds: 1800,
    drainTimeoutSeconds: 90,
    diskQuotaBytes: 1024 * MIB,
    diskCheckIntervalMs: 250,
    minFreeDiskBytes: 1024 * MIB,
    outputCapBytes: 64 * 1024,
    maxRequestBytes: 1 * MIB,
    maxUploadBytes: 256 * MIB,
    kernelUidBase: 20000,
    uidLockDir: process.getuid?.() === 0 ? '/run/executor-uids' : join(tmpdir(), `executor-uids-${process.getuid?.()}`),
    artifactsBucket: '',
    artifactsPrefix: 'sessions/',
    s3: {},
    uploadAttempts: 5,
    uploadBackoff: { baseMs: 500, capMs: 10_000 },
    ecsAgentUri: '',
    protectionMinutes: 60,
    log: jsonLogger(),
    clock: systemClock,
    ...options,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  // Every session and twice the pool need a uid of the executor's block.
  const maxSessions =
    config.maxSessions ??
    Math.min(sessionsFor(taskMemoryBytes(), config.sessionMemoryBytes), UID_BLOCK - 2 * config.poolSize);
  if (config.poolSize > maxSessions) config.poolSize = maxSessions;
  if (config.artifactsPrefix !== '' && !config.artifactsPrefix.endsWith('/')) config.artifactsPrefix += '/';
  return { ...config, maxSessions };
}
