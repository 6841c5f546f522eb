// The fork server (python/zygote.py): one Python process that has imported the scientific stack and forks each
// session's kernel, so a kernel costs a fork instead of a Python start and shares the imported pages
// copy-on-write. It runs with an environment of its own (no token, no AWS variables) and is restarted when it
// dies; the kernels it forked are separate sessions of their own and keep running meanwhile.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ForkedKernel, KernelExit, KernelForker } from './forked-kernel.js';
import { KernelChannels } from './kernel-channels.js';
import type { Logger } from './log.js';
import { pythonEnvironment } from './python-env.js';

export interface ZygoteSpec {
  python: string;
  pythonDir: string;
  /** A folder only the server's user can enter: the zygote's HOME and the kernels' socket. */
  privateDir: string;
  preloadModules: string[];
  log: Logger;
}

interface Running {
  child: ChildProcess;
  ready: Promise<void>;
  forks: Map<string, { resolve(forked: Omit<ForkedKernel, 'channel'>): void; reject(error: Error): void }>;
  exits: Map<number, (exit: KernelExit | undefined) => void>;
}

const STARTUP_STDERR_CAP = 16 * 1024;

/** The zygote's whole environment: what the imports need, nothing of the server's. */
export function zygoteEnvironment(spec: ZygoteSpec): Record<string, string> {
  return pythonEnvironment(spec.privateDir, spec.pythonDir);
}

class ZygoteExited extends Error {
  constructor() {
    super('the zygote exited before forking the kernel');
  }
}

export class Zygote implements KernelForker {
  private readonly channels: KernelChannels;
  private running: Running | undefined;
  private closed = false;

  constructor(private readonly spec: ZygoteSpec) {
    this.channels = new KernelChannels(join(spec.privateDir, 'channels'));
  }

  async start(): Promise<void> {
    await mkdir(this.spec.privateDir, { recursive: true, mode: 0o700 });
    await this.channels.listen();
    this.running = this.launch();
  }

  /**
   * Forks a kernel; it connects on its own. Starts the zygote again first if it had died; a fork asked of a
   * zygote that dies before answering is asked once more of its successor.
   */
  async fork(): Promise<ForkedKernel> {
    try {
      return await this.forkOnce();
    } catch (error) {
      if (!(error instanceof ZygoteExited) || this.closed) throw error;
      return this.forkOnce();
    }
  }

  private async forkOnce(): Promise<ForkedKernel> {
    if (this.closed) throw new Error('The executor is shutting down.');
    this.running ??= this.launch();
    const running = this.running;
    await running.ready;
    const { nonce, connected } = this.channels.expect();
    const { pid, exit } = await new Promise<Omit<ForkedKernel, 'channel'>>((resolve, reject) => {
      running.forks.set(nonce, { resolve, reject });
      running.child.stdin?.write(`${JSON.stringify({ fork: nonce })}\n`);
    }).catch((error: Error) => {
      this.channels.abandon(nonce, error);
      throw error;
    });
    // Only a reported exit ends the wait: a kernel whose zygote died meanwhile still runs and may yet connect.
    void exit.then((reported) => {
      if (reported) this.channels.abandon(nonce, new Error('the kernel exited before it connected'));
    });
    return { pid, channel: connected, exit };
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.running;
    this.running = undefined;
    if (running?.child.pid !== undefined && running.child.exitCode === null && running.child.signalCode === null) {
      const exited = new Promise((resolve) => running.child.once('exit', resolve));
      running.child.kill('SIGKILL');
      await exited;
    }
    await this.channels.close();
  }

  private launch(): Running {
    // As a module found on its PYTHONPATH, so its command line (world-readable in /proc) names no folder.
    const child = spawn(this.spec.python, ['-s', '-m', 'zygote'], {
      cwd: this.spec.privateDir,
      env: zygoteEnvironment(this.spec),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const running: Running = { child, ready: Promise.resolve(), forks: new Map(), exits: new Map() };
    let wasReady = false;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STARTUP_STDERR_CAP) stderr += chunk.toString('utf8');
    });
    child.stdin?.on('error', () => {});
    child.stdin?.write(`${JSON.stringify({ socket: this.channels.path, preload: this.spec.preloadModules })}\n`);
    running.ready = new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        const message = parseLine(line);
        if (message.ready === true) {
          wasReady = true;
          resolve();
        } else if (typeof message.forked === 'string') {
          // Registered before the next line is read: its exit may be the very next one.
          const pid = message.pid as number;
          const exit = new Promise<KernelExit | undefined>((resolve) => running.exits.set(pid, resolve));
          running.forks.get(message.forked)?.resolve({ pid, exit });
          running.forks.delete(message.forked);
        } else if (typeof message.exited === 'number') {
          running.exits.get(message.exited)?.({
            code: (message.code as number | null) ?? null,
            signal: (message.signal as string | null) ?? null,
          });
          running.exits.delete(message.exited);
        }
      });
      child.on('error', (error) => {
        if (this.running === running) this.running = undefined;
        reject(new Error(`the zygote could not be started (${error.message})`));
      });
      child.on('exit', (code, signal) => {
        reject(new Error(`the zygote exited (${signal ?? `code ${code}`}) before it was ready: ${stderr.trim()}`));
        for (const fork of running.forks.values()) fork.reject(new ZygoteExited());
        // Its kernels live on, reparented; how they end will not be known.
        for (const report of running.exits.values()) report(undefined);
        if (this.running === running) this.running = undefined;
        // One that never got ready (a broken interpreter) is not restarted in a loop: the next fork tries again.
        if (!this.closed && wasReady) {
          this.spec.log.log('warn', 'the zygote exited; starting it again', { code, signal });
          this.running = this.launch();
          this.running.ready.catch(() => {});
        }
      });
    });
    running.ready.catch(() => {});
    return running;
  }
}

function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return {};
  }
}
