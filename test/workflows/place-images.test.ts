// deploy.yml's images step (.github/scripts/place-images.sh) with stand-ins for the aws CLI and skopeo on PATH:
// an image already in the environment's repository is used as it is, one from another registry is copied by
// digest (and only once), and an image by tag is refused.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '..', '..', '.github', 'scripts', 'place-images.sh');
const DEV = '111111111111.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-dev';
const PROD = '222222222222.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-prod';
const E = `sha256:${'e'.repeat(64)}`;
const A = `sha256:${'a'.repeat(64)}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bm-place-images-'));
  // held: "repository-name digest" lines; the fake aws answers describe-images from it, skopeo adds to it.
  writeFileSync(join(dir, 'held'), '');
  writeFileSync(
    join(dir, 'aws'),
    `#!/usr/bin/env bash
set -eu
if [ "$1 $2" = "ecr get-login-password" ]; then echo secret-password; exit 0; fi
if [ "$1 $2" = "ecr describe-images" ]; then
  repo="$4"; digest="\${6#imageDigest=}"
  if grep -qx "$repo $digest" "${dir}/held"; then echo "$digest"; exit 0; fi
  echo "ImageNotFoundException" >&2; exit 254
fi
echo "unexpected aws $*" >&2; exit 2
`,
  );
  writeFileSync(
    join(dir, 'skopeo'),
    `#!/usr/bin/env bash
set -eu
echo "$*" >> "${dir}/skopeo.log"
dest="\${@: -1}"; dest="\${dest#docker://}"; repo="\${dest#*/}"; repo="\${repo%%:*}"
src="\${@: -2:1}"; digest="\${src##*@}"
echo "$repo $digest" >> "${dir}/held"
`,
  );
  chmodSync(join(dir, 'aws'), 0o755);
  chmodSync(join(dir, 'skopeo'), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function place(executor: string, agent: string, repositories: string) {
  const output = join(dir, 'output');
  writeFileSync(output, '');
  try {
    const log = execFileSync('bash', [SCRIPT], {
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        GITHUB_OUTPUT: output,
        EXECUTOR_IMAGE: executor,
        AGENT_IMAGE: agent,
        EXECUTOR_REPOSITORY: `${repositories}/executor`,
        AGENT_REPOSITORY: `${repositories}/agent`,
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, log, output: readFileSync(output, 'utf8') };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { code: failed.status, log: failed.stdout, output: readFileSync(output, 'utf8') };
  }
}

function skopeoCalls(): string[] {
  try {
    return readFileSync(join(dir, 'skopeo.log'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
}

describe('place-images.sh', () => {
  it('uses images already in the repositories without copying', () => {
    const run = place(`${DEV}/executor@${E}`, `${DEV}/agent@${A}`, DEV);
    expect(run.code).toBe(0);
    expect(run.output).toBe(`executor=${DEV}/executor@${E}\nagent=${DEV}/agent@${A}\n`);
    expect(skopeoCalls()).toEqual([]);
  });

  it("copies another registry's images by digest, keeping the digest, then finds them there", () => {
    const run = place(`${DEV}/executor@${E}`, `${DEV}/agent@${A}`, PROD);
    expect(run.code).toBe(0);
    expect(run.output).toBe(`executor=${PROD}/executor@${E}\nagent=${PROD}/agent@${A}\n`);
    expect(skopeoCalls()).toEqual([
      `copy --preserve-digests --retry-times 3 --src-creds AWS:secret-password --dest-creds AWS:secret-password docker://${DEV}/executor@${E} docker://${PROD}/executor:promoted-${'e'.repeat(64)}`,
      `copy --preserve-digests --retry-times 3 --src-creds AWS:secret-password --dest-creds AWS:secret-password docker://${DEV}/agent@${A} docker://${PROD}/agent:promoted-${'a'.repeat(64)}`,
    ]);
    expect(run.log).toContain('::add-mask::secret-password');
    expect(place(`${DEV}/executor@${E}`, `${DEV}/agent@${A}`, PROD).log).toContain('was copied to');
    expect(skopeoCalls()).toHaveLength(2);
  });

  it('refuses an image by tag, naming it, and writes no output', () => {
    const run = place(`${DEV}/executor:latest`, `${DEV}/agent@${A}`, PROD);
    expect(run.code).toBe(1);
    expect(run.log).toContain(`::error::The executor image '${DEV}/executor:latest' is not an image by digest`);
    expect(run.output).toBe('');
  });
});
