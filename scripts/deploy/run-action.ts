// Runs one of the repository's actions outside GitHub exactly as the runner does: its bundle under Node 24 with
// the inputs as INPUT_* variables, and its outputs read back from the GITHUB_OUTPUT file it writes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputVariable } from '../../actions/lib/inputs.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export type ActionName = 'deploy-stack' | 'push-image' | 'create-runtime' | 'smoke-test';

export interface ActionRun {
  ok: boolean;
  outputs: Record<string, string>;
}

/** Reads a GITHUB_OUTPUT file: `name<<DELIMITER` blocks, as the runner's file command writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const end = lines.indexOf(delimiter ?? '', index + 1);
      if (end < 0) throw new Error(`The output ${name} has no closing delimiter ${delimiter}.`);
      outputs[name] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

export async function runAction(
  action: ActionName,
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ActionRun> {
  const scratch = mkdtempSync(join(tmpdir(), `bm-${action}-`));
  const outputFile = join(scratch, 'output');
  writeFileSync(outputFile, '');
  try {
    const childEnv: NodeJS.ProcessEnv = { ...env, GITHUB_OUTPUT: outputFile };
    delete childEnv.GITHUB_STEP_SUMMARY;
    for (const [name, value] of Object.entries(inputs)) childEnv[inputVariable(name)] = value;
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(process.execPath, [join(ROOT, 'actions', action, 'dist', 'index.js')], {
        cwd: ROOT,
        env: childEnv,
        stdio: 'inherit',
      });
      child.on('error', fail);
      child.on('exit', (status, signal) => done(status ?? (signal ? 1 : 0)));
    });
    return { ok: code === 0, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
