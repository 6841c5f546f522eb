// One session's Python kernel (python/kernel.py), forked by the zygote (zygote.ts) with the scientific stack
// already imported. It leaves the zygote's session at once, so it is its own process group and outlives a
// zygote restart. Requests and replies travel over its own Unix socket as length-prefixed JSON frames; the first
// request is the kernel's settings (its user, directory, environment built from nothing — no AWS variables, no
// token — and limits), so nothing about the session shows in any argv (/proc/*/cmdline is world-readable).
// Cells print into the capture files of cell-output.ts, which the kernel reopens as fds 5 and 6 before it
// drops to the session's user.
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { CellError } from '../../../lib/executor-contract.js';
import { type CaptureFiles, openCaptureFiles, readAndCloseCapture } from './cell-output.js';
import type { KernelLimits } from './config.js';
import type { KernelExit, KernelForker } from './forked-kernel.js';
import { pythonEnvironment } from './python-env.js';

export interface KernelSpec {
  zygote: KernelForker;
  pythonDir: string;
  workDir: string;
  scratchDir: string;
  /** Where the capture files are created (and at once unlinked): a directory the session cannot write. */
  captureDir: string;
  limits: KernelLimits;
  outputCapBytes: number;
  /** Set when the server runs as root: the kernel drops to this uid and gid before any cell runs. */
  user?: { uid: number; gid: number };
}

export type CellResult =
  | { status: 'ok' | 'error'; error: CellError | null; stdout: string; stderr: string }
  | { status: 'timeout'; stdout: string; stderr: string }
  | { status: 'died'; reason: string; stdout: string; stderr: string };

/** Thrown by `ready` when the kernel cannot start (wrong interpreter, missing packages). */
export class KernelStartError extends Error {}

const START_TIMEOUT_MS = 120_000;
/** How long after its channel closed a kernel's exit report may take. */
const EXIT_REPORT_GRACE_MS = 2000;
/** The kernel's whole environment: a fixed allow-list, never a copy of the server's. */
export function kernelEnvironment(spec: KernelSpec): Record<string, string> {
  return {
    ...pythonEnvironment(spec.scratchDir, spec.pythonDir),
    // The rest of the per-user locations a library might write to, inside the session's own scratch folder.
    XDG_CONFIG_HOME: join(spec.scratchDir, '.config'),
    XDG_DATA_HOME: join(spec.scratchDir, '.local', 'share'),
    XDG_RUNTIME_DIR: spec.scratchDir,
  };
}

export class Kernel {
  readonly ready: Promise<void>;
  private readonly capture: CaptureFiles;
  /** What the cell running when the kernel exited had printed. */
  private lastOutput = { stdout: '', stderr: '' };
  private channel: Socket | undefined;
  private pid: number | undefined;
  private killRequested = false;
  /** The zygote died: nobody will report this kernel's exit, its channel closing is all there is to know. */
  private orphaned = false;
  private channelClosed = false;
  private buffer: Buffer = Buffer.alloc(0);
  private exited = false;
  private readonly exitedPromise: Promise<void>;
  private resolveExited: () => void = () => {};
  private waiter: ((reply: Record<string, unknown> | Error) => void) | undefined;
  private nextId = 1;

  /** stdout and stderr are capped by the kernel; JSON escaping can grow them up to six times. */
  private readonly maxFrameBytes: number;

  constructor(readonly spec: KernelSpec) {
    this.maxFrameBytes = 16 * spec.outputCapBytes + 1024 * 1024;
    this.capture = openCaptureFiles(spec.captureDir);
    this.exitedPromise = new Promise((resolve) => {
      this.resolveExited = resolve;
    });
    this.ready = this.start().catch((error: unknown) => {
      void this.kill();
      const reason = error instanceof Error ? error.message : String(error);
      throw new KernelStartError(`The Python kernel did not start: ${reason}.`);
    });
    this.ready.catch(() => {});
  }

  get alive(): boolean {
    return !this.exited;
  }

  private async start(): Promise<void> {
    const forked = await this.spec.zygote.fork().catch((error: unknown) => {
      this.onExit(`the kernel could not be started (${error instanceof Error ? error.message : String(error)})`);
      throw error;
    });
    this.pid = forked.pid;
    void forked.exit.then((exit) => this.onReportedExit(exit));
    if (this.killRequested) void this.kill();
    // A kernel stuck before its ready signal would hold its session forever: past the start timeout it is killed.
    const startTimer = setTimeout(() => void this.kill(), START_TIMEOUT_MS);
    try {
      const died = this.exitedPromise.then(() => {
        throw new Error('the kernel exited while starting');
      });
      const channel = await Promise.race([forked.channel, died]);
      this.channel = channel;
      channel.on('data', (chunk: Buffer) => this.onData(chunk));
      channel.on('error', () => {});
      channel.on('close', () => this.onChannelClosed());
      const reply = new Promise<Record<string, unknown> | Error>((resolve) => {
        this.waiter = resolve;
      });
      this.send(Buffer.from(JSON.stringify(this.settings())));
      channel.resume();
      const answer = await reply;
      if (answer instanceof Error) throw answer;
      if (answer.ready !== true) {
        throw new Error(typeof answer.error === 'string' ? answer.error.trim() : 'its first message was not "ready"');
      }
    } finally {
      clearTimeout(startTimer);
    }
  }

  private settings(): Record<string, unknown> {
    const { spec } = this;
    return {
      limits: spec.limits,
      workDir: spec.workDir,
      outputCapBytes: spec.outputCapBytes,
      env: kernelEnvironment(spec),
      user: spec.user ?? null,
      captures: { pid: process.pid, fds: [this.capture.stdout, this.capture.stderr] },
    };
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
    this.killRequested = true;
    if (!this.exited && this.pid !== undefined) {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // Not yet its own group (it calls setsid first thing), or already gone.
        try {
          process.kill(this.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    // Orphaned before it connected: no report and no channel will ever tell its end, and SIGKILL cannot be
    // refused, so it counts as exited now.
    if (this.orphaned && this.channel === undefined && this.pid !== undefined) {
      this.onExit('the kernel was killed');
    }
    return this.exitedPromise;
  }

  private send(body: Buffer): void {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length);
    this.channel?.write(Buffer.concat([header, body]));
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

  private onReportedExit(exit: KernelExit | undefined): void {
    if (exit) {
      this.onExit(describeExit(exit));
      return;
    }
    this.orphaned = true;
    if (this.channelClosed) this.onExit('the kernel exited');
  }

  /**
   * The kernel exited or dropped its channel: either way it is done. The zygote reports how it ended; should
   * that report not come (the zygote died meanwhile), the kernel counts as exited all the same.
   */
  private onChannelClosed(): void {
    this.channelClosed = true;
    if (this.orphaned) {
      this.onExit('the kernel exited');
      return;
    }
    void this.kill();
    setTimeout(() => this.onExit('the kernel exited'), EXIT_REPORT_GRACE_MS).unref();
  }

  private onExit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.channel?.destroy();
    try {
      this.lastOutput = readAndCloseCapture(this.capture, this.spec.outputCapBytes);
    } finally {
      this.deliver(new Error(reason));
      this.resolveExited();
    }
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

function describeExit({ code, signal }: KernelExit): string {
  if (signal === 'SIGXCPU' || signal === 'SIGKILL') {
    return `the kernel was killed by ${signal} (its CPU or memory limit, or the code killed it)`;
  }
  if (signal) return `the kernel was killed by ${signal}`;
  return `the kernel exited with code ${code}`;
}
