// The sessions of one executor: created from the warm pool, one execute at a time each, a dead or timed-out
// kernel replaced in place (files kept), closed by DELETE, idle expiry or shutdown — always uploading the
// output files first and removing them only once S3 has confirmed every one.
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { ExecuteResult } from '../../../lib/executor-contract.js';
import { type Artifact, type ArtifactTarget, ArtifactUploadError, uploadArtifacts } from './artifacts.js';
import type { ExecutorConfig } from './config.js';
import { diskUsage, freeDiskBytes, watchDiskQuota } from './disk-quota.js';
import { HttpError } from './http.js';
import { type CellResult, Kernel, KernelStartError } from './kernel.js';
import { KernelPool } from './pool.js';
import { TaskProtection } from './protection.js';
import { publishPythonDir } from './python-dir.js';
import { changedPaths, MAX_ENTRIES, scanFiles, snapshot } from './session-files.js';
import { createSlot, disposeSlot, KernelUsers, kernelSpec, killUserProcesses, type Slot, stopKernel } from './slots.js';
import { removeStaleSessions } from './stale-sessions.js';
import { claimUidBlock, type UidBlock } from './uid-lock.js';
import { Zygote } from './zygote.js';

export interface Session {
  readonly slot: Slot;
  /** An execute or a DELETE is running; a second one is refused with 409. */
  busy: boolean;
  lastUsed: number;
  /** Signatures of the files uploaded with PUT: unchanged inputs are not artifacts. */
  readonly inputs: Map<string, string>;
}

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly uidBlock: UidBlock;
  private readonly users: KernelUsers;
  private readonly zygote: Zygote;
  private readonly pool: KernelPool;
  private readonly protection: TaskProtection;
  private readonly artifacts: ArtifactTarget | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly stoppedForShutdown = new Set<string>();
  private creating = 0;
  draining = false;
  private readonly config: ExecutorConfig;
  /** The checkout's python/ folder, copied at start where the kernels run from when they are isolated. */
  private readonly sourcePythonDir: string;

  constructor(given: ExecutorConfig) {
    // Every live session and every pooled kernel holds a uid (a replacement kernel reuses its session's); the
    // second poolSize covers kernels still being cleaned up while their replacements start.
    const uids = given.maxSessions + 2 * given.poolSize;
    this.uidBlock = claimUidBlock(given.uidLockDir, given.kernelUidBase, uids);
    this.users = new KernelUsers(this.uidBlock.base, uids);
    this.sourcePythonDir = given.pythonDir;
    // Kernels under uids of their own import from a copy they can all read (python-dir.ts), one per uid block.
    const config = this.users.isolated
      ? { ...given, pythonDir: join(given.sessionsDir, `.python-${this.uidBlock.base}`) }
      : given;
    this.config = config;
    this.zygote = new Zygote({
      python: config.python,
      pythonDir: config.pythonDir,
      privateDir: join(config.sessionsDir, '.zygote'),
      preloadModules: config.preloadModules,
      log: config.log,
    });
    this.pool = new KernelPool(
      config.poolSize,
      () => createSlot(config, this.zygote, this.users),
      (slot) => disposeSlot(config, this.users, slot),
      config.log,
    );
    this.protection = new TaskProtection(config.ecsAgentUri, config.protectionMinutes, config.log);
    this.artifacts = config.artifactsBucket
      ? {
          // One attempt per SDK call: a file stream cannot be replayed, so uploadArtifacts retries itself.
          s3: new S3Client({ ...config.s3, maxAttempts: 1, requestChecksumCalculation: 'WHEN_REQUIRED' }),
          bucket: config.artifactsBucket,
          prefix: config.artifactsPrefix,
          attempts: config.uploadAttempts,
          backoff: config.uploadBackoff,
          clock: config.clock,
          log: config.log,
        }
      : undefined;
  }

  async start(): Promise<void> {
    await mkdir(this.config.sessionsDir, { recursive: true });
    // Kernels of other uids must be able to reach their own folder, never list the others.
    if (this.users.isolated) {
      await chmod(this.config.sessionsDir, 0o711);
      await publishPythonDir(this.sourcePythonDir, this.config.pythonDir);
    }
    // A predecessor killed on this block left folders and maybe kernels under its uids: neither may outlive it.
    const removed = await removeStaleSessions(this.config.sessionsDir, this.config.uidLockDir, this.users.base);
    if (removed > 0) this.config.log.log('info', 'stale session folders removed', { removed });
    if (this.users.isolated) {
      await Promise.all(this.users.all.map((user) => killUserProcesses(this.config.python, user)));
    }
    await this.zygote.start();
    this.pool.fill();
  }

  health() {
    return {
      status: this.draining ? 'draining' : 'ok',
      sessions: this.sessions.size,
      capacity: this.config.maxSessions,
      available: Math.max(0, this.config.maxSessions - this.sessions.size - this.creating),
      warmKernels: this.pool.readyCount,
      isolatedUsers: this.users.isolated,
    };
  }

  /** Tracked, so a shutdown starting meanwhile waits for this session and closes it too. */
  create(): Promise<string> {
    if (this.draining) throw unavailable('draining', 'The executor is shutting down; open the session elsewhere.');
    if (this.sessions.size + this.creating >= this.config.maxSessions) {
      throw unavailable(
        'capacity_exhausted',
        `All ${this.config.maxSessions} session slots are in use; retry shortly.`,
      );
    }
    this.creating++;
    return this.track(this.open()).then(
      (id) => {
        this.creating--;
        return id;
      },
      (error: unknown) => {
        this.creating--;
        this.releaseProtectionWhenIdle();
        throw error;
      },
    );
  }

  /** A session exists only once the disk has room for it and ECS has confirmed the task's protection. */
  private async open(): Promise<string> {
    const free = await freeDiskBytes(this.config.sessionsDir);
    if (free < this.config.minFreeDiskBytes) {
      throw unavailable(
        'disk_full',
        `The executor's disk has ${mebibytes(free)} MiB free, under its ${mebibytes(this.config.minFreeDiskBytes)} MiB floor; open the session elsewhere or retry later.`,
      );
    }
    const slot = await this.pool.take().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new HttpError(500, 'kernel_start_failed', reason);
    });
    if (!(await this.protection.set(true))) {
      await disposeSlot(this.config, this.users, slot);
      throw unavailable(
        'protection_unavailable',
        'ECS did not confirm scale-in protection for this task, so no session was opened; retry shortly.',
      );
    }
    this.sessions.set(slot.id, { slot, busy: false, lastUsed: this.config.clock.now(), inputs: new Map() });
    this.config.log.log('info', 'session created', { sessionId: slot.id, uid: slot.user?.uid });
    return slot.id;
  }

  /** Protection goes once no session is open and none is being opened. */
  private releaseProtectionWhenIdle(): void {
    if (this.sessions.size === 0 && this.creating === 0) void this.protection.set(false);
  }

  /** The session, marked as used now; unknown ids are a 404, never another session. */
  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new HttpError(404, 'session_not_found', `There is no session ${JSON.stringify(id)} here.`);
    session.lastUsed = this.config.clock.now();
    return session;
  }

  async execute(id: string, code: string, timeoutSeconds: number): Promise<ExecuteResult> {
    const session = this.claim(id);
    const work = this.track(this.runCell(session, code, timeoutSeconds));
    try {
      return await work;
    } finally {
      session.busy = false;
      session.lastUsed = this.config.clock.now();
    }
  }

  /** Uploads the session's outputs, then removes it. Throws (files kept, session alive) when S3 fails. */
  delete(id: string, reason = 'deleted'): Promise<Artifact[]> {
    return this.track(this.closeSession(id, this.claim(id), reason));
  }

  private async closeSession(id: string, session: Session, reason: string): Promise<Artifact[]> {
    try {
      // Nothing may change the files while they are hashed and uploaded.
      await stopKernel(this.config, session.slot);
      const scanned = scanFiles(session.slot.workDir);
      if (scanned.length >= MAX_ENTRIES) {
        this.config.log.log('warn', `only the first ${MAX_ENTRIES} files of the session are uploaded`, {
          sessionId: id,
        });
      }
      const files = scanned.filter((file) => session.inputs.get(file.path) !== file.signature);
      let artifacts: Artifact[] = [];
      if (this.artifacts) {
        const paths = files.map((file) => file.path);
        artifacts = await uploadArtifacts(this.artifacts, id, session.slot.workDir, paths).catch((error) => {
          if (!(error instanceof ArtifactUploadError)) throw error;
          throw new HttpError(502, 'artifact_upload_failed', error.message);
        });
      } else if (files.length > 0) {
        this.config.log.log('warn', 'no artifacts bucket configured: output files discarded', {
          sessionId: id,
          files: files.length,
        });
      }
      this.sessions.delete(id);
      await disposeSlot(this.config, this.users, session.slot);
      this.releaseProtectionWhenIdle();
      this.config.log.log('info', 'session closed', { sessionId: id, reason, artifacts: artifacts.length });
      return artifacts;
    } finally {
      session.busy = false;
    }
  }

  /** Closes every session idle for longer than the idle timeout; a failed upload keeps it for the next sweep. */
  async expireIdle(): Promise<string[]> {
    const cutoff = this.config.clock.now() - this.config.idleTimeoutSeconds * 1000;
    const expired: string[] = [];
    for (const [id, session] of this.sessions) {
      if (session.busy || session.lastUsed > cutoff) continue;
      try {
        await this.delete(id, 'idle');
        expired.push(id);
      } catch (error) {
        this.config.log.log('error', 'idle session could not be closed', { sessionId: id, error: String(error) });
      }
    }
    return expired;
  }

  /** Graceful stop: no new sessions, running executes finish, every session's outputs go to S3. */
  async close(): Promise<void> {
    this.draining = true;
    if (!(await settledWithin(this.inFlight, this.config.drainTimeoutSeconds * 1000))) {
      // ECS sends SIGKILL when the task's stop timeout ends: stop what still runs so its outputs get uploaded.
      this.config.log.log('warn', 'executes still running at the drain timeout are stopped', {
        running: this.inFlight.size,
      });
      for (const session of this.sessions.values()) {
        if (!session.busy) continue;
        this.stoppedForShutdown.add(session.slot.id);
        await stopKernel(this.config, session.slot);
      }
      await Promise.allSettled(this.inFlight);
    }
    for (const id of [...this.sessions.keys()]) {
      await this.delete(id, 'shutdown').catch((error) => {
        this.config.log.log('error', 'session outputs could not be uploaded at shutdown', {
          sessionId: id,
          error: String(error),
        });
      });
    }
    await this.pool.close();
    await this.zygote.close();
    await this.protection.close();
    this.uidBlock.release();
  }

  private claim(id: string): Session {
    const session = this.get(id);
    if (session.busy) {
      throw new HttpError(409, 'session_busy', 'This session is already running a request; wait for it to finish.');
    }
    session.busy = true;
    return session;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const settle = () => this.inFlight.delete(work);
    work.then(settle, settle);
    return work;
  }

  private async runCell(session: Session, code: string, timeoutSeconds: number): Promise<ExecuteResult> {
    const { slot } = session;
    if (!slot.kernel.alive) {
      // It died between executes (or a DELETE stopped it and its upload failed): start over cleanly.
      await stopKernel(this.config, slot);
      slot.kernel = new Kernel(kernelSpec(this.config, this.zygote, slot));
    }
    const before = snapshot(slot.workDir);
    const started = performance.now();
    let usageOverQuota: number | undefined;
    const { diskQuotaBytes, diskCheckIntervalMs } = this.config;
    // A session already over its quota (a stopped cell keeps its files) may run code that frees space: only
    // growth past both the quota and what it holds now stops the cell.
    const ceiling = Math.max(diskQuotaBytes, await diskUsage(slot.dir));
    const stopWatching = watchDiskQuota(slot.dir, ceiling, diskCheckIntervalMs, (usage) => {
      usageOverQuota = usage;
      void slot.kernel.kill();
    });
    let result: CellResult;
    try {
      result = await slot.kernel.run(code, timeoutSeconds * 1000);
    } catch (error) {
      if (!(error instanceof KernelStartError)) throw error;
      throw new HttpError(500, 'kernel_start_failed', `${error.message} Retry the execute or open a new session.`);
    } finally {
      stopWatching();
    }
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const files = changedPaths(before, snapshot(slot.workDir));
    if (result.status !== 'timeout' && result.status !== 'died') {
      const { status, stdout, stderr, error } = result;
      return { status, stdout, stderr, ...(error ? { error } : {}), durationMs, files };
    }
    // The kernel is gone: keep what the cell printed, clear out whatever it left running, start its replacement.
    await stopKernel(this.config, slot);
    const { stdout, stderr } = result;
    if (!this.draining) slot.kernel = new Kernel(kernelSpec(this.config, this.zygote, slot));
    this.config.log.log('warn', 'kernel replaced', { sessionId: slot.id, cause: result.status });
    const lost = 'A fresh kernel replaces it: variables and imports are lost, files are kept.';
    const error =
      result.status === 'timeout'
        ? { type: 'Timeout', message: `The code ran longer than ${timeoutSeconds} s and was stopped. ${lost}` }
        : this.stoppedForShutdown.has(slot.id)
          ? {
              type: 'Shutdown',
              message: `The executor is shutting down and stopped the code after waiting ${this.config.drainTimeoutSeconds} s; the session's files are uploaded as artifacts.`,
            }
          : usageOverQuota !== undefined
            ? {
                type: 'DiskQuotaExceeded',
                message: `The session's files grew to ${mebibytes(usageOverQuota)} MiB, past its ${mebibytes(diskQuotaBytes)} MiB disk quota, and the code was stopped. Delete files to get under it (all are kept until then). ${lost}`,
              }
            : { type: 'KernelDied', message: `The Python kernel stopped: ${result.reason}. ${lost}` };
    return {
      status: result.status === 'timeout' ? 'timeout' : 'error',
      stdout,
      stderr,
      error: { ...error, traceback: '' },
      durationMs,
      files,
    };
  }
}

async function settledWithin(work: Set<Promise<unknown>>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = Promise.allSettled(work).then(() => true as const);
  try {
    return await Promise.race([settled, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function mebibytes(bytes: number): number {
  return Math.floor(bytes / (1024 * 1024));
}

function unavailable(code: string, message: string): HttpError {
  return new HttpError(503, code, message, { 'retry-after': '5' });
}
