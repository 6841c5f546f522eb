// The runner's file and stdout protocols (outputs, step summary, masking, log groups, failure), written
// directly so a bundle carries no toolkit it does not use. Works the same outside GitHub, as the runner
// runs an action: env INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`);
}

/** Appends `name<<DELIMITER` … to a runner file; the random delimiter cannot occur in the value. */
function appendToFile(file: string, name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

export function setOutput(name: string, value: string | number | boolean, env = process.env): void {
  const text = String(value);
  if (env.GITHUB_OUTPUT) appendToFile(env.GITHUB_OUTPUT, name, text);
  else process.stdout.write(`${name}=${text}${EOL}`);
}

/** Output names allowed by the runner: letters, digits, `-` and `_`, starting with a letter or `_`. */
export function outputName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

export function mask(secret: string): void {
  if (secret) command('add-mask', secret);
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`);
}

export function warning(message: string): void {
  command('warning', message);
}

export async function group<T>(title: string, body: () => Promise<T>): Promise<T> {
  process.stdout.write(`::group::${escapeData(title)}${EOL}`);
  try {
    return await body();
  } finally {
    process.stdout.write(`::endgroup::${EOL}`);
  }
}

export function appendSummary(markdown: string, env = process.env): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}${EOL}`, 'utf8');
}

/**
 * The single exit of every action: runs `main`, and on any error prints one `::error::` line with the
 * error's message and sets a failing exit code.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    command('error', message);
    process.exitCode = 1;
  }
}
