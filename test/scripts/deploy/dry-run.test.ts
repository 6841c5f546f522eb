// `npm run deploy -- --env dev --dry-run` prints the whole plan and calls nothing.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function deploy(args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, ['scripts/run-ts.mjs', 'scripts/deploy.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      // No credentials and an unreachable endpoint: a call to AWS would fail the run.
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, out: failed.stdout + failed.stderr };
  }
}

describe('npm run deploy --dry-run', () => {
  it('prints every step in order with its parameters, the images and the rollback', () => {
    const { code, out } = deploy(['--env', 'prod', '--dry-run']);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^Deploy plan for prod in us-east-1: 6 steps in this order\. Dry run: nothing is sent to AWS\./,
    );
    const steps = [...out.matchAll(/^\d\. (\w+): /gm)].map((m) => m[1]);
    expect(steps).toEqual(['network', 'platform', 'images', 'executor', 'runtime', 'smoke']);
    expect(out).toContain('cloudformation/parameters/prod/executor.json:\n');
    expect(out).toContain('       VpcId=<network.VpcId>\n');
    expect(out).toContain('       ExecutorImage=<images.executor>\n');
    expect(out).toContain('     executor-image: <built from this checkout and pushed by push-image>\n');
    expect(out).toContain('     endpoint: prod\n');
    expect(out).toMatch(
      /If the smoke test fails: .*\n\s+name: <platform.RuntimeName>\n\s+endpoint: prod\n\s+promote-version: <runtime.previous-version>\n$/,
    );
  });

  it('shows images given by digest', () => {
    const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-dev/agent@sha256:${'b'.repeat(64)}`;
    const { out } = deploy(['--env', 'dev', '--dry-run', '--executor-image', image, '--agent-image', image]);
    expect(out).toContain(`     agent-image: ${image}\n`);
  });

  it('refuses an unknown environment and a lone image with a sentence and exit 2', () => {
    expect(deploy(['--env', 'qa', '--dry-run'])).toEqual({
      code: 2,
      out: expect.stringContaining('There is no environment named qa.'),
    });
    expect(deploy(['--env', 'dev', '--executor-image', 'x'])).toEqual({
      code: 2,
      out: expect.stringContaining('Give both --executor-image and --agent-image, or neither'),
    });
  });
});
