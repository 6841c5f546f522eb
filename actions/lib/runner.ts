// What every action adds to @actions/core: the single exit (one failure sentence, and an annotation on the file
// and line when the error knows them), the step summary, and output names made from stack output keys.
// Outputs, masking and the log go through @actions/core itself.
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import * as core from '@actions/core';

/** Where in the repository an error was found: shown by GitHub on that file and line. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** An error that knows the file (and line) it is about, such as a template that does not parse. */
export class LocatedError extends Error {
  constructor(
    message: string,
    readonly location: SourceLocation,
    /** The annotation's title: what kind of problem it is. */
    readonly title: string,
  ) {
    super(message);
  }
}

/**
 * The single exit of every action: runs `main`, and on any error fails the step with one sentence, after an
 * annotation on the file and line when the error names them.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof LocatedError) {
      const { file, line, column } = error.location;
      core.error(message, {
        title: error.title,
        file,
        ...(line !== undefined ? { startLine: line } : {}),
        ...(column !== undefined ? { startColumn: column } : {}),
      });
    }
    core.setFailed(message);
  }
}

/**
 * Appends markdown to the step summary. Outside GitHub (an action run from a terminal) there is no summary file
 * and nothing is written; `core.summary` would throw there, and it keeps the first file it wrote to for the
 * life of the process, where each run must write to the file the runner names now.
 */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, `${markdown}${EOL}`, 'utf8');
}

/** Output names allowed by the runner: letters, digits, `-` and `_`, starting with a letter or `_`. */
export function outputName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}
