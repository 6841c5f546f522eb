// The runner's side of an action under test: empty GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files in a fresh
// folder, readers for what the action wrote there, and a capture of the workflow commands it printed. An action
// run as a child process gets the files through its environment; one run in the test's own process finds them
// in process.env, where @actions/core looks (inProcessRunnerFiles).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

export interface RunnerFiles {
  folder: string;
  output: string;
  summary: string;
  /** GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, to spread into the environment of an action run as a child process. */
  env: { GITHUB_OUTPUT: string; GITHUB_STEP_SUMMARY: string };
  outputs(): Record<string, string>;
  summaryText(): string;
}

export function runnerFiles(prefix: string, parent: string = tmpdir()): RunnerFiles {
  const folder = mkdtempSync(join(parent, prefix));
  const output = join(folder, 'output');
  const summary = join(folder, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  return {
    folder,
    output,
    summary,
    env: { GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
    outputs: () => readOutputs(output),
    summaryText: () => readFileSync(summary, 'utf8'),
  };
}

/**
 * Runner files for an action run inside the test's process: named in process.env for this test (vitest's
 * unstubEnvs puts the old values back before the next one).
 */
export function inProcessRunnerFiles(prefix: string): RunnerFiles {
  const files = runnerFiles(prefix);
  vi.stubEnv('GITHUB_OUTPUT', files.output);
  vi.stubEnv('GITHUB_STEP_SUMMARY', files.summary);
  return files;
}

/** The outputs written to a GITHUB_OUTPUT file as `name<<delimiter` … `delimiter` blocks. */
export function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of readFileSync(file, 'utf8').matchAll(/^(\S+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1] as string] = match[3] as string;
  }
  return outputs;
}

/** Everything written to stdout from now until `vi.restoreAllMocks()`, one entry per write. */
export function captureStdout(): string[] {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  return written;
}
