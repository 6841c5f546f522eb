// npm run cfn-lint: errors fail, a clean tree passes, and a missing cfn-lint fails CI but only warns locally.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CFN_LINT, itRequires } from '../support/requires.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).config.cfnLintVersion as string;

/** cfn-lint takes seconds, but tens of them on a loaded 2-core machine: the bound is its spawn's, not vitest's 30 s. */
const LINT_BOUND_MS = 120_000;

function cfnLint(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ['scripts/cfn-lint.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: LINT_BOUND_MS,
    env,
  });
}

/** PATH with only node's own folder: no cfn-lint on it. */
const withoutCfnLint = (ci: boolean) => ({
  ...process.env,
  PATH: dirname(process.execPath),
  CI: ci ? 'true' : 'false',
});

describe('npm run cfn-lint', () => {
  itRequires(
    CFN_LINT,
    'passes on every template of the repository',
    () => {
      const run = cfnLint([]);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/: \d+ templates, 0 errors, \d+ warnings/);
    },
    LINT_BOUND_MS,
  );

  itRequires(
    CFN_LINT,
    'fails on a copy of a template with a property CloudFormation does not know',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
      const template = readFileSync(join(root, 'cloudformation', 'platform.yaml'), 'utf8');
      const broken = template.replace(/^( {4}Properties:\n)/m, '$1      NotAProperty: 1\n');
      expect(broken).not.toBe(template);
      writeFileSync(join(dir, 'platform.yaml'), broken);
      const run = cfnLint([join(dir, 'platform.yaml')]);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/:E3002:.*'NotAProperty' was unexpected/);
      expect(run.stderr).toContain('1 errors, 0 warnings');
    },
    LINT_BOUND_MS,
  );

  it('fails under CI=true when cfn-lint is missing, naming the pinned version to install', () => {
    const run = cfnLint([], withoutCfnLint(true));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`cfn-lint is not installed, and CI must run it: pip install cfn-lint==${pinned}`);
  });

  it('says loudly that it skipped when cfn-lint is missing on a developer machine', () => {
    const run = cfnLint([], withoutCfnLint(false));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('skipped: cfn-lint not installed');
  });
});
