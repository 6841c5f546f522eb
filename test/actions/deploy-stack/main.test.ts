import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../actions/deploy-stack/src/main.js';
import { FakeClock } from '../../support/fake-clock.js';
import { captureStdout, inProcessRunnerFiles, type RunnerFiles } from '../../support/runner-files.js';
import { FakeCloudFormation } from './fake-cloudformation.js';
import { BUCKET_AND_LOGS, FIXTURES, TEMPLATE } from './harness.js';

describe('deploy-stack main', () => {
  let files: RunnerFiles;
  let stdout: string[];
  let env: NodeJS.ProcessEnv;
  let clock: FakeClock;
  let cloudFormation: FakeCloudFormation;

  beforeEach(() => {
    files = inProcessRunnerFiles('deploy-stack-main-');
    stdout = captureStdout();
    clock = new FakeClock();
    cloudFormation = new FakeCloudFormation(clock, true);
    env = {
      AWS_REGION: 'eu-west-1',
      ...files.env,
      'INPUT_STACK-NAME': 'dev-platform',
      INPUT_TEMPLATE: TEMPLATE,
      INPUT_PARAMETERS: `${FIXTURES}dev.json\nToken=hunter2`,
      INPUT_TAGS: 'Project=bedrock-manus',
    };
  });
  afterEach(() => {
    vi.restoreAllMocks();
    cloudFormation.mock.restore();
    process.exitCode = undefined;
  });

  const errors = () => stdout.filter((line) => line.startsWith('::error::'));

  it('writes the contract outputs, one output per stack Output, and a summary with the change set', async () => {
    cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    cloudFormation.onExecute = { outputs: { ArtifactsBucketName: 'manus-dev-artifacts', LogGroupName: '/manus/dev' } };
    await run(env, clock);
    expect(errors()).toEqual([]);
    const outputs = files.outputs();
    const stack = cloudFormation.stack('dev-platform');
    expect(outputs).toMatchObject({
      'stack-id': stack?.id,
      'stack-status': 'CREATE_COMPLETE',
      'has-changes': 'true',
      outputs: JSON.stringify({ ArtifactsBucketName: 'manus-dev-artifacts', LogGroupName: '/manus/dev' }),
      ArtifactsBucketName: 'manus-dev-artifacts',
      LogGroupName: '/manus/dev',
    });
    expect(outputs['change-set-id']).toMatch(/:changeSet\/deploy-stack-20260101000000(-\d+)*-[0-9a-f]{8}\//);
    expect(outputs['changes-markdown']).toContain('| Add | Artifacts | AWS::S3::Bucket | — |');
    const summary = files.summaryText();
    expect(summary).toContain('### deploy-stack: `dev-platform` deployed');
    expect(summary).toContain(
      'https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/changesets/changes?stackId=',
    );
    expect(stdout).toContain('::add-mask::hunter2\n');
  });

  it('fails on a parameter the template does not declare before any AWS call', async () => {
    env.INPUT_PARAMETERS = 'EnvName=dev\nRetention=7';
    await run(env, clock);
    expect(process.exitCode).toBe(1);
    expect(errors()).toEqual([
      `::error::The template ${TEMPLATE} does not declare the parameter(s) Retention (it declares EnvName, RetentionDays, AllowedCidrs, Token).\n`,
    ]);
    expect(cloudFormation.mock.calls()).toHaveLength(0);
  });

  it('fails on a missing required parameter before any AWS call', async () => {
    env.INPUT_PARAMETERS = 'RetentionDays=7';
    await run(env, clock);
    expect(errors()[0]).toMatch(/requires the parameter\(s\) EnvName, which have no Default/);
    expect(cloudFormation.mock.calls()).toHaveLength(0);
  });

  it('on failure, names the first failed resource and lists every failed event in the summary', async () => {
    cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE');
    cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    cloudFormation.onExecute = {
      final: 'UPDATE_ROLLBACK_COMPLETE',
      events: [
        {
          at: 3_000,
          logicalId: 'Artifacts',
          type: 'AWS::S3::Bucket',
          status: 'UPDATE_FAILED',
          reason: 'manus-dev-artifacts already exists',
        },
        {
          at: 4_000,
          logicalId: 'Logs',
          type: 'AWS::Logs::LogGroup',
          status: 'UPDATE_FAILED',
          reason: 'Resource update cancelled',
        },
      ],
    };
    await run(env, clock);
    expect(errors()).toEqual([
      '::error::Stack dev-platform update failed and ended in UPDATE_ROLLBACK_COMPLETE: Artifacts (AWS::S3::Bucket in stack dev-platform) UPDATE_FAILED: manus-dev-artifacts already exists (2 failed events in the step summary).\n',
    ]);
    const summary = files.summaryText();
    expect(summary).toContain('#### Failed events, root cause first');
    expect(summary).toMatch(
      /\| dev-platform \| Artifacts \| AWS::S3::Bucket \| UPDATE_FAILED \| manus-dev-artifacts already exists \|\n.*\| Logs \|/,
    );
    expect(summary).toContain('| Add | Logs | AWS::Logs::LogGroup | — |');
  });

  it('fails the step when timeout-minutes runs out', async () => {
    env['INPUT_TIMEOUT-MINUTES'] = '15';
    cloudFormation.seed('dev-platform', 'UPDATE_IN_PROGRESS', {
      running: { durationMs: 2 * 60 * 60_000, final: 'UPDATE_COMPLETE' },
    });
    await run(env, clock);
    expect(process.exitCode).toBe(1);
    expect(errors()[0]).toMatch(
      /^::error::Timed out after 15m waiting for stack dev-platform to finish UPDATE_IN_PROGRESS; last status: UPDATE_IN_PROGRESS: timeout-minutes \(15\) ran out;/,
    );
  });

  describe('annotations on the file and line at fault', () => {
    const annotations = () => stdout.filter((line) => line.startsWith('::error title='));

    it('puts a template that does not parse on its line and column', async () => {
      const broken = join(files.folder, 'broken.yaml');
      writeFileSync(broken, 'Resources:\n  Bucket:\n    Type: [AWS::S3::Bucket\n');
      env.INPUT_TEMPLATE = broken;
      env.INPUT_PARAMETERS = '';
      await run(env, clock);
      expect(process.exitCode).toBe(1);
      expect(annotations()).toHaveLength(1);
      expect(annotations()[0]).toMatch(new RegExp(`^::error title=Template error,file=${broken},line=4,col=1::`));
      expect(errors()[0]).toMatch(/^::error::The template .*broken\.yaml is not valid JSON or YAML: /);
      expect(cloudFormation.mock.calls()).toHaveLength(0);
    });

    it('puts a missing parameter on the line that declares it', async () => {
      env.INPUT_PARAMETERS = 'RetentionDays=7';
      await run(env, clock);
      expect(annotations()).toEqual([
        expect.stringMatching(new RegExp(`^::error title=Template parameters,file=${TEMPLATE},line=4::`)),
      ]);
    });

    it('puts a parameters file that is not JSON on its line', async () => {
      const parameters = join(files.folder, 'dev.json');
      writeFileSync(parameters, '{\n  "EnvName": "dev",\n}\n');
      env.INPUT_PARAMETERS = parameters;
      await run(env, clock);
      expect(annotations()).toEqual([
        expect.stringMatching(new RegExp(`^::error title=Parameters file,file=${parameters},line=3,col=1::`)),
      ]);
      expect(errors()[0]).toMatch(/^::error::The parameters file .*dev\.json is not valid JSON: /);
    });

    it('puts a parameter the template does not declare on the template, with no line to point at', async () => {
      env.INPUT_PARAMETERS = 'EnvName=dev\nRetention=7';
      await run(env, clock);
      expect(errors()).toHaveLength(1);
      expect(annotations()).toEqual([
        expect.stringMatching(new RegExp(`^::error title=Template parameters,file=${TEMPLATE}::`)),
      ]);
    });
  });
});
