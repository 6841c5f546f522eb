// Runs the bundled push-image action as the runner runs it: `node dist/index.js` with INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the lab's DOCKER_HOST.
import { join } from 'node:path';
import { runnerFiles } from '../../support/runner-files.js';
import type { ContainerLab } from './lab.js';
import { exec } from './processes.js';
import { PROJECT_ROOT } from './trixie.js';

export interface ActionRun {
  outputs: Record<string, string>;
  summary: string;
  log: string;
}

export async function runPushImage(lab: ContainerLab, inputs: Record<string, string>): Promise<ActionRun> {
  const files = runnerFiles('action-', lab.dir);
  const env: NodeJS.ProcessEnv = { ...lab.env, ...files.env };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await exec(process.execPath, [join(PROJECT_ROOT, 'actions', 'push-image', 'dist', 'index.js')], {
    env,
    cwd: PROJECT_ROOT,
    allowFailure: true,
    timeoutMs: 900_000,
  });
  const log = `${result.stdout}${result.stderr}`;
  if (result.code !== 0) {
    throw new Error(`push-image exited ${result.code}:\n${log.trim().split('\n').slice(-30).join('\n')}`);
  }
  return { outputs: files.outputs(), summary: files.summaryText(), log };
}

/** The platform of this machine, as the platform input names it. */
export function hostPlatform(): string {
  const architectures: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
  return `linux/${architectures[process.arch] ?? process.arch}`;
}
