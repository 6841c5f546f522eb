// Tests that need something a developer's machine may lack (root, a tool on PATH): skipped there, with the
// reason in the name; under CI=true they fail instead, so a pipeline that lost the requirement cannot go green
// without them.
import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

export interface Requirement {
  met: boolean;
  /** What is needed, as in "needs root". */
  what: string;
  /** How CI gets it. */
  how: string;
}

export const ROOT: Requirement = {
  met: process.getuid?.() === 0,
  what: 'root',
  how: 'run the suite as root (e.g. sudo -E)',
};

export const CFN_LINT: Requirement = {
  met: !spawnSync('cfn-lint', ['--version']).error,
  what: 'cfn-lint on PATH',
  how: 'install the version package.json pins (config.cfnLintVersion) with pip',
};

type TestBody = () => Promise<void> | void;

export function itRequires(requirement: Requirement, name: string, body: TestBody, timeoutMs?: number): void {
  if (requirement.met) it(name, body, timeoutMs);
  else if (process.env.CI === 'true') {
    it(name, () => {
      throw new Error(`"${name}" needs ${requirement.what} and CI=true is set: ${requirement.how}.`);
    });
  } else it.skip(`${name} (needs ${requirement.what})`, body);
}
