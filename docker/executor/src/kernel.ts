// One Python kernel process (python/kernel.py): started detached in its own process group, as the session's
// own user when the server is root, with an environment built from nothing (no AWS variables, no token).
// Requests go out on fd 3 and replies come back on fd 4 as length-prefixed JSON frames; the first request is
// the kernel's settings, so nothing about the session shows in its argv (/proc/*/cmdline is world-readable).
// Cells print into the capture files of cell-output.ts on fds 5 and 6.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { CellError } from '../../../lib/executor-contract.js';
import { type CaptureFiles, openCaptureFiles, readAndCloseCapture } from './cell-output.js';
import type { KernelLimits } from './config.js';

export interface KernelSpec {
  python: string;
  pythonDir: string;
  workDir: string;
  scratchDir: string;
  /** Where the capture files are created (and at once unlinked): a directory the session cannot write. */
  captureDir: string;
  limits: KernelLimits;
  outputCapBytes: number;
  /** Modules imported before the kernel reports ready. */
  preloadModules: string[];
  /** Set when the server runs as root: the kernel drops to this uid and gid before Python starts. */
  user?: { uid: number; gid: number };
}

export type CellResult =
  | { status: 'ok' | 'error'; error: CellError | null; stdout: string; stderr: string }
  | { status: 'timeout'; stdout: string; stderr: string }
  | { status: 'died'; reason: string; stdout: string; stderr: string };

/** Thrown by `ready` when the kernel cannot start (wrong interpreter, missing packages). */
export class KernelStartError extends Error {}

const STARTUP_STDERR_CAP = 16 * 1024;
const START_TIMEOUT_MS = 120_000;

/** The kernel's whole environment: a fixed allow-list, never a copy of the server's. */
export function kernelEnvironment(spec: KernelSpec): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    // Every per-user location a library might write to is inside the session's own scratch folder.
    HOME: spec.scratchDir,
    TMPDIR: spec.scratchDir,
    MPLCONFIGDIR: join(spec.scratchDir, '.matplotlib'),
    XDG_CACHE_HOME: join(spec.scratchDir, '.cache'),
    XDG_CONFIG_HOME: join(spec.scratchDir, '.config'),
    XDG_DATA_HOME: join(spec.scratchDir, '.local', 'share'),
    XDG_RUNTIME_DIR: spec.scratchDir,
    MPLBACKEND: 'Agg',
    PYTHONPATH: spec.pythonDir,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
    LANG: 'C.UTF-8',
    // One BLAS thread: the process limit counts threads, and sessions share the task's cores.
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };
}

export class Kernel {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly capture: CaptureFiles;
  /** What the cell running when the kernel exited had printed. */
  private lastOutput = { stdout: '', stderr: '' };
  private readonly requests: Writable;
  private buffer: Buffer = Buffer.alloc(0);
  private exited = false;
  private readonly exitedPromise: Promise<void>;
  private waiter: ((reply: Record<string, unknown> | Error) => void) | undefined;
  private nextId = 1;

  /** stdout and stderr are capped by the kernel; JSON escaping can grow them up to six times. */
  private readonly maxFrameBytes: number;

  constructor(readonly spec: KernelSpec) {
    this.maxFrameBytes = 16 * spec.outputCapBytes + 1024 * 1024;
    const settings = JSON.stringify({
      limits: spec.limits,
      workDir: spec.workDir,
      outputCapBytes: spec.outputCapBytes,
      sharedUser: spec.user === undefined,
      preload: spec.preloadModules,
    });
    this.capture = openCaptureFiles(spec.captureDir);
    this.child = spawn(spec.python, ['-s', join(spec.pythonDir, 'kernel.py')], {
      cwd: spec.workDir,
      env: kernelEnvironment(spec),
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe', this.capture.stdout, this.capture.stderr],
      detached: true,
      ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
    });
    this.requests = this.child.stdio[3] as Writable;
    this.requests.on('error', () => {}); // a dead kernel is reported by 'exit'
    this.send(Buffer.from(settings));
    const replies = this.child.stdio[4] as Readable;
    replies.on('data', (chunk: Buffer) => this.onData(chunk));
    replies.on('error', () => {});
    this.child.stderr?.on('error', () => {});
    let stderr = '';
    this.child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STARTUP_STDERR_CAP) stderr += chunk.toString('utf8');
    });
    this.exitedPromise = new Promise((resolve) => {
      this.child.on('error', (error) => {
        stderr += error.message;
        this.onExit(describeExit(null, null, error.message));
        resolve();
      });
      this.child.on('exit', (code, signal) => {
        this.onExit(describeExit(code, signal));
        resolve();
      });
    });
    // A kernel stuck while importing would hold its session forever: past the start timeout it is killed.
    const startTimer = setTimeout(() => {
      stderr += `(no ready signal within ${START_TIMEOUT_MS / 1000} s)`;
      void this.kill();
    }, START_TIMEOUT_MS);
    this.ready = new Promise<void>((resolve, reject) => {
      this.waiter = (reply) => {
        clearTimeout(startTimer);
        if (reply instanceof Error) {
          reject(new KernelStartError(`The Python kernel did not start: ${reply.message}. ${stderr.trim()}`.trim()));
        } else {
          this.child.stderr?.destroy();
          resolve();
        }
      };
    });
    this.ready.catch(() => {});
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Runs one cell. The timeout kills the whole process group: the kernel is gone afterwards. */
  async run(code: string, timeoutMs: number): Promise<CellResult> {
    await this.ready;
    if (this.exited) return { status: 'died', reason: 'the kernel had already exited', stdout: '', stderr: '' };
    if (this.waiter) throw new Error('The kernel is already running a cell.');
    const id = this.nextId++;
    const reply = new Promise<Record<string, unknown> | Error>((resolve) => {
      this.waiter = resolve;
    });
    this.send(Buffer.from(JSON.stringify({ id, code })));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.kill();
    }, timeoutMs);
    try {
      const answer = await reply;
      if (timedOut) return { status: 'timeout', ...this.lastOutput };
      if (answer instanceof Error) return { status: 'died', reason: answer.message, ...this.lastOutput };
      return parseCellReply(answer, id);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL to the kernel's process group; resolves when the kernel has exited. */
  kill(): Promise<void> {
    if (!this.exited && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return this.exitedPromise;
  }

  private send(body: Buffer): void {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length);
    this.requests.write(Buffer.concat([header, body]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (length > this.maxFrameBytes) {
        this.fail(`the kernel sent a ${length}-byte reply, larger than the ${this.maxFrameBytes}-byte limit`);
        return;
      }
      if (this.buffer.length < 4 + length) return;
      const frame = this.buffer.subarray(4, 4 + length);
      this.buffer = this.buffer.subarray(4 + length);
      let message: unknown;
      try {
        message = JSON.parse(frame.toString('utf8'));
      } catch {
        this.fail('the kernel sent a reply that is not JSON');
        return;
      }
      this.deliver(message as Record<string, unknown>);
    }
  }

  /** A broken protocol means the cell's code tampered with the kernel: treat it as a dead kernel. */
  private fail(reason: string): void {
    this.deliver(new Error(reason));
    void this.kill();
  }

  private deliver(reply: Record<string, unknown> | Error): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(reply);
  }

  private onExit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.lastOutput = readAndCloseCapture(this.capture, this.spec.outputCapBytes);
    this.deliver(new Error(reason));
  }
}

function parseCellReply(reply: Record<string, unknown>, id: number): CellResult {
  const { status, error, stdout, stderr } = reply;
  if (reply.id !== id || (status !== 'ok' && status !== 'error') || typeof stdout !== 'string') {
    return {
      status: 'died',
      reason: 'the kernel sent a reply that does not match the request',
      stdout: '',
      stderr: '',
    };
  }
  return {
    status,
    error: isCellError(error) ? error : null,
    stdout,
    stderr: typeof stderr === 'string' ? stderr : '',
  };
}

function isCellError(value: unknown): value is CellError {
  if (typeof value !== 'object' || value === null) return false;
  const { type, message, traceback } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof message === 'string' && typeof traceback === 'string';
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, error?: string): string {
  if (error) return `the kernel could not be started (${error})`;
  if (signal === 'SIGXCPU' || signal === 'SIGKILL') {
    return `the kernel was killed by ${signal} (its CPU or memory limit, or the code killed it)`;
  }
  if (signal) return `the kernel was killed by ${signal}`;
  return `the kernel exited with code ${code}`;
}
