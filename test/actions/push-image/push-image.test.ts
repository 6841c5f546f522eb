import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  GetAuthorizationTokenCommand,
  ScanNotFoundException,
} from '@aws-sdk/client-ecr';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run as pushImage } from '../../../actions/push-image/src/main.js';
import { FakeClock } from '../../support/fake-clock.js';
import { captureStdout, inProcessRunnerFiles, type RunnerFiles } from '../../support/runner-files.js';
import { ACCOUNT, FakeDocker, FakeEcr, HOST, makeImage, PASSWORD } from './fakes.js';

function throttled() {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
}

describe('push-image against ECR', () => {
  let ecr: FakeEcr;
  let clock: FakeClock;
  let files: RunnerFiles;
  let stdout: string[];

  beforeEach(() => {
    ecr = new FakeEcr();
    clock = new FakeClock();
    files = inProcessRunnerFiles('push-image-');
    stdout = captureStdout();
    ecr.mock.on(DescribeImageScanFindingsCommand).resolves({
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: { findingSeverityCounts: { LOW: 3 } },
    });
  });

  afterEach(() => {
    ecr.mock.restore();
    vi.restoreAllMocks();
  });

  function env(inputs: Record<string, string> = {}): NodeJS.ProcessEnv {
    const variables: NodeJS.ProcessEnv = {
      AWS_REGION: 'us-east-1',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      ...files.env,
      INPUT_REPOSITORY: 'bedrock-manus/agent',
      INPUT_CONTEXT: '.',
      INPUT_DOCKERFILE: 'docker/agent/Dockerfile',
      INPUT_PLATFORM: 'linux/arm64',
      'INPUT_FAIL-ON-SEVERITY': 'high',
    };
    for (const [name, value] of Object.entries(inputs)) variables[`INPUT_${name.toUpperCase()}`] = value;
    return variables;
  }

  /** Runs the action; a failed step (its ::error:: line and exit code 1) becomes a rejection with that sentence. */
  async function run(docker: FakeDocker, inputs: Record<string, string> = {}) {
    const before = stdout.length;
    await pushImage(env(inputs), clock, { runCommand: docker.run, fetch: ecr.fetch });
    const failure = stdout.slice(before).find((line) => line.startsWith('::error::'));
    if (failure === undefined) return;
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    throw new Error(
      failure.slice('::error::'.length).trimEnd().replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'),
    );
  }

  it('logs in with the password on stdin, masked, builds, pushes, and logs out', async () => {
    const docker = new FakeDocker(ecr, 'linux/arm64');
    await run(docker);

    const login = docker.calls.find((call) => call.args[0] === 'login');
    expect(login?.args).toEqual(['login', '--username', 'AWS', '--password-stdin', HOST]);
    expect(login?.options?.input).toBe(PASSWORD);
    expect(docker.calls.flatMap((call) => call.args).join(' ')).not.toContain(PASSWORD);
    expect(stdout).toContain(`::add-mask::${PASSWORD}\n`);
    expect(docker.commands()).toEqual(['login', 'buildx', 'build', 'image', 'push', 'logout']);
    const build = docker.calls.find((call) => call.args[0] === 'build');
    expect(build?.args).toContain('linux/arm64');
    expect(build?.options?.env).toEqual({ DOCKER_BUILDKIT: '0' });

    const pushed = ecr.tags.get('0123456789abcdef0123456789abcdef01234567');
    const outputs = files.outputs();
    expect(outputs).toEqual({
      image: `${HOST}/bedrock-manus/agent@${pushed?.digest}`,
      digest: pushed?.digest,
      tag: '0123456789abcdef0123456789abcdef01234567',
      skipped: 'false',
    });
    const summary = files.summaryText();
    expect(summary).toContain('| platform | linux/arm64 |');
    expect(summary).toContain('| layers | 1 |');
    expect(summary).toContain('| scan | 3 low |');
  });

  it('skips the build when the tag exists, and reports the existing digest', async () => {
    const existing = makeImage('linux/arm64', 'earlier build');
    ecr.store('v1', existing);
    const docker = new FakeDocker(ecr, 'linux/arm64');
    await run(docker, { tag: 'v1' });

    expect(docker.commands()).toEqual(['login', 'logout']);
    expect(files.outputs()).toMatchObject({ digest: existing.digest, skipped: 'true', tag: 'v1' });
    expect(files.summaryText()).toContain('already in the registry, not rebuilt');
  });

  it('refuses an existing tag that holds an image for another platform', async () => {
    ecr.store('v1', makeImage('linux/amd64', 'built on the wrong runner'));
    const docker = new FakeDocker(ecr, 'linux/arm64');
    await expect(run(docker, { tag: 'v1' })).rejects.toThrow(
      'Tag v1 already exists and its image is linux/amd64, not linux/arm64 as the platform input asks',
    );
    expect(docker.commands()).not.toContain('build');
    expect(docker.commands().at(-1)).toBe('logout');
  });

  it('refuses to push when another image appeared under the tag during the build', async () => {
    const docker = new FakeDocker(ecr, 'linux/arm64');
    docker.afterBuild = () => ecr.store('v2', makeImage('linux/arm64', 'another job'));
    await expect(run(docker, { tag: 'v2' })).rejects.toThrow(/Tag v2 appeared .* during the build with another image/);
    expect(docker.commands()).not.toContain('push');
  });

  it('accepts a local image named by its manifest digest, as the containerd image store names it', async () => {
    const docker = new FakeDocker(ecr, 'linux/arm64');
    docker.localIdIsManifestDigest = true;
    await run(docker, { tag: 'v3' });
    expect(files.outputs()).toMatchObject({ skipped: 'false', digest: ecr.tags.get('v3')?.digest });
  });

  it('fails when the pushed image is for another platform than asked', async () => {
    const docker = new FakeDocker(ecr, 'linux/amd64');
    await expect(run(docker)).rejects.toThrow(
      /The pushed image .*@sha256:[0-9a-f]{64} is linux\/amd64, not linux\/arm64/,
    );
  });

  it('fails at the threshold after waiting for the scan, and still writes the summary', async () => {
    ecr.mock
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(new ScanNotFoundException({ message: 'Image scan does not exist', $metadata: {} }))
      .resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' } })
      .resolves({
        imageScanStatus: { status: 'COMPLETE' },
        imageScanFindings: { findingSeverityCounts: { CRITICAL: 1, HIGH: 2, MEDIUM: 7 } },
      });
    const docker = new FakeDocker(ecr, 'linux/arm64');
    await expect(run(docker)).rejects.toThrow(
      /found 1 CRITICAL, 2 HIGH, at or above the fail-on-severity threshold high/,
    );
    expect(ecr.mock.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(files.summaryText()).toContain('| scan | 1 critical, 2 high, 7 medium |');
  });

  it('passes findings below the threshold', async () => {
    ecr.mock.on(DescribeImageScanFindingsCommand).resolves({
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: { findingSeverityCounts: { MEDIUM: 4, LOW: 9 } },
    });
    await run(new FakeDocker(ecr, 'linux/arm64'));
    expect(files.outputs().skipped).toBe('false');
  });

  it('judges the scan of a skipped image too, so a re-run cannot ship what a scan rejected', async () => {
    ecr.store('v1', makeImage('linux/arm64', 'earlier build'));
    ecr.mock.on(DescribeImageScanFindingsCommand).resolves({
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: { findingSeverityCounts: { HIGH: 1 } },
    });
    await expect(run(new FakeDocker(ecr, 'linux/arm64'), { tag: 'v1' })).rejects.toThrow(/found 1 HIGH/);
  });

  it('fails when scan on push never starts, unless the threshold is none', async () => {
    ecr.mock
      .on(DescribeImageScanFindingsCommand)
      .rejects(new ScanNotFoundException({ message: 'Image scan does not exist', $metadata: {} }));
    await expect(run(new FakeDocker(ecr, 'linux/arm64'))).rejects.toThrow(
      /no findings to judge \(no scan started within 120 s: scan on push is off for bedrock-manus\/agent\)/,
    );
    expect(clock.now() - Date.UTC(2026, 0, 1)).toBeGreaterThanOrEqual(120_000);

    ecr.tags.clear();
    ecr.mock.on(DescribeImageScanFindingsCommand).rejects(throttled());
    const calls = ecr.mock.commandCalls(DescribeImageScanFindingsCommand).length;
    await run(new FakeDocker(ecr, 'linux/arm64'), { 'fail-on-severity': 'none' });
    expect(files.outputs().skipped).toBe('false');
    expect(ecr.mock.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(calls);
    expect(files.summaryText()).toContain('| scan | not scanned: fail-on-severity is none |');
  });

  it('keeps waiting through a throttled scan poll', async () => {
    ecr.mock
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findingSeverityCounts: {} } });
    await run(new FakeDocker(ecr, 'linux/arm64'));
    expect(clock.sleeps).toHaveLength(2);
    expect(files.summaryText()).toContain('| scan | no findings |');
  });

  it('names throttling as the cause when ECR keeps throttling a call past the retries', async () => {
    ecr.mock.on(DescribeImagesCommand).rejects(throttled());
    await expect(run(new FakeDocker(ecr, 'linux/arm64'))).rejects.toThrow(
      'ECR DescribeImages failed with ThrottlingException (HTTP 400): Rate exceeded; AWS kept throttling after every retry',
    );
  });

  it('logs in to the account and region of a repository URI', async () => {
    const docker = new FakeDocker(ecr, 'linux/arm64');
    await run(docker, { repository: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/bedrock-manus/agent` });
    expect(ecr.mock.commandCalls(GetAuthorizationTokenCommand)[0]?.args[0].input).toEqual({ registryIds: [ACCOUNT] });
    expect(ecr.mock.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toMatchObject({ registryId: ACCOUNT });
    expect(await ecr.mock.commandCalls(DescribeImagesCommand)[0]?.thisValue.config.region()).toBe('eu-west-1');
  });

  it('rejects bad inputs before any AWS call', async () => {
    const docker = new FakeDocker(ecr, 'linux/arm64');
    await expect(run(docker, { platform: 'arm64' })).rejects.toThrow(
      'Input "platform" is "arm64": allowed is os/architecture[/variant], e.g. linux/arm64.',
    );
    await expect(run(docker, { repository: 'ghcr.io/owner/agent' })).rejects.toThrow(
      'is not in an ECR registry (host ghcr.io); for another registry set the registry input to ghcr.io.',
    );
    expect(ecr.mock.calls()).toHaveLength(0);
    expect(docker.calls).toHaveLength(0);
  });
});
