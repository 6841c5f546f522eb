// Small process and network helpers for the image tests: free loopback ports, commands with captured output,
// background services stopped by their own pid, waits bounded in time.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Completed {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; rejects with its output's tail when it fails, unless `allowFailure`. */
export function exec(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; allowFailure?: boolean; timeoutMs?: number } = {},
): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 600_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    // A program that exits without reading its input closes the pipe; its exit code tells what happened.
    child.stdin.on('error', () => undefined);
    child.on('close', (code, signal) => {
      const result = { code: code ?? 128, stdout, stderr };
      if (result.code === 0 || options.allowFailure) resolve(result);
      else {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n');
        reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
      }
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running process this test started; its output is kept for the failure message. */
export class Service {
  private output = '';
  private exited: Promise<void>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.keep(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.keep(chunk));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static start(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): Service {
    return new Service(name, spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  private keep(chunk: string): void {
    this.output = (this.output + chunk).slice(-20_000);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return this.output;
  }

  /** SIGTERM, then SIGKILL after a grace period; only this process, by its pid. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns true, every 200 ms, failing after `timeoutMs` with `what`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (${lastError})` : ''}.`);
}
