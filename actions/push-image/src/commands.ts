// The one door to external programs (the docker CLI), so unit tests replace it with a scripted runner and never
// need a Docker engine.
import { spawn } from 'node:child_process';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Written to the program's standard input, then closed: how a password reaches `docker login`. */
  input?: string;
  /** Extra environment variables on top of this process's. */
  env?: Record<string, string>;
  /** Copy the program's output to the log as it runs (builds and pushes take minutes). */
  echo?: boolean;
}

export type CommandRunner = (
  command: string,
  args: readonly string[],
  options?: CommandOptions,
) => Promise<CommandResult>;

/** Keeps the end of long outputs: a failed build's cause is in its last lines. */
const KEPT_CHARACTERS = 1_000_000;

function keepTail(text: string): string {
  return text.length > KEPT_CHARACTERS ? text.slice(-KEPT_CHARACTERS) : text;
}

export const spawnCommand: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = keepTail(stdout + chunk);
      if (options.echo) process.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = keepTail(stderr + chunk);
      if (options.echo) process.stdout.write(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT' ? new Error(`${command} is not installed or not on PATH (${error.message}).`) : error,
      );
    });
    child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr }));
    child.stdin.on('error', () => {
      // A program that exits without reading its input closes the pipe; its exit code tells what happened.
    });
    child.stdin.end(options.input ?? '');
  });

/** The last lines of a failed command's output, for an error message. */
export function lastLines(result: CommandResult, count = 5): string {
  const lines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.slice(-count).join(' / ');
}
