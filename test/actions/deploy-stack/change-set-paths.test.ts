import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { deployStack } from '../../../actions/deploy-stack/src/deploy.js';
import { DeployFailure } from '../../../actions/deploy-stack/src/failure.js';
import { PollTimeoutError } from '../../../actions/lib/poll.js';
import { BUCKET_AND_LOGS, change, harness, request } from './harness.js';

const EMPTY = "The submitted information didn't contain changes. Submit different information to create a change set.";

describe('deploy-stack change sets', () => {
  it('succeeds on an empty change set with has-changes false, deleting the change set', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE', { outputs: { LogGroupName: 'dev-logs' } });
    h.cloudFormation.changeSetResult = { failedReason: EMPTY };
    const result = await deployStack(h.context, request());
    expect(result).toMatchObject({
      hasChanges: false,
      stackStatus: 'UPDATE_COMPLETE',
      outputs: { LogGroupName: 'dev-logs' },
    });
    expect(h.cloudFormation.mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(h.cloudFormation.mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('also reads "No updates are to be performed." as empty, and fails it with fail-on-empty-changeset', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE');
    h.cloudFormation.changeSetResult = { failedReason: 'No updates are to be performed.' };
    await expect(deployStack(h.context, request({ failOnEmptyChangeset: true }))).rejects.toThrow(
      'The change set for stack dev-platform has no changes (No updates are to be performed), and fail-on-empty-changeset is true.',
    );
  });

  it('reports a change set CloudFormation could not create with its reason', async () => {
    const h = harness();
    h.cloudFormation.changeSetResult = { failedReason: 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]' };
    await expect(deployStack(h.context, request())).rejects.toThrow(
      'CloudFormation could not create the change set for stack dev-platform: Requires capabilities : [CAPABILITY_AUTO_EXPAND].',
    );
  });

  it('applies termination protection and tags', async () => {
    const h = harness();
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    await deployStack(
      h.context,
      request({ terminationProtection: true, tags: { Project: 'bedrock-manus', Env: 'dev' } }),
    );
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.Tags).toEqual([
      { Key: 'Project', Value: 'bedrock-manus' },
      { Key: 'Env', Value: 'dev' },
    ]);
    expect(h.cloudFormation.stack('dev-platform')?.protection).toBe(true);
  });

  it('applies termination protection even when there is nothing else to change, and leaves it alone when unset', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE', { protection: true });
    h.cloudFormation.changeSetResult = { failedReason: EMPTY };
    await deployStack(h.context, request());
    expect(h.cloudFormation.mock.commandCalls(UpdateTerminationProtectionCommand)).toHaveLength(0);
    // Without a tags input the stack's tags are left alone: an empty list would remove them.
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.Tags).toBeUndefined();
    await deployStack(h.context, request({ terminationProtection: false }));
    expect(h.cloudFormation.stack('dev-platform')?.protection).toBe(false);
  });

  it('in preview, creates the change set, reports it and deletes it without executing', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE');
    h.cloudFormation.changeSetResult = { changes: [change('Modify', 'Logs', 'AWS::Logs::LogGroup', 'False')] };
    const result = await deployStack(h.context, request({ mode: 'preview', terminationProtection: true }));
    expect(result).toMatchObject({
      hasChanges: true,
      stackStatus: 'UPDATE_COMPLETE',
      fate: 'deleted after the preview',
    });
    expect(result.rows).toEqual([
      { action: 'Modify', logicalId: 'Logs', type: 'AWS::Logs::LogGroup', replacement: 'False' },
    ]);
    // The deleted change set has no page any more: the link goes to the stack.
    expect(result.consoleUrl).toMatch(/#\/stacks\/stackinfo\?stackId=arn%3Aaws%3Acloudformation/);
    expect(h.cloudFormation.mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(h.cloudFormation.mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(h.cloudFormation.mock.commandCalls(UpdateTerminationProtectionCommand)).toHaveLength(0);
  });

  it('in preview of a new stack, also deletes the empty stack its change set made', async () => {
    const h = harness();
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    const result = await deployStack(h.context, request({ mode: 'preview' }));
    expect(result).toMatchObject({ stackId: '', stackStatus: '', hasChanges: true });
    expect(result.consoleUrl).toBeUndefined();
    expect(h.cloudFormation.mock.commandCalls(DeleteStackCommand)).toHaveLength(1);
    h.clock.advance(60_000);
    expect(h.cloudFormation.stack('dev-platform')).toBeUndefined();
  });

  it('in preview of a stack in ROLLBACK_COMPLETE, reports its re-creation from the template and deletes nothing', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'ROLLBACK_COMPLETE');
    const result = await deployStack(h.context, request({ mode: 'preview' }));
    expect(result).toMatchObject({ hasChanges: true, stackStatus: 'ROLLBACK_COMPLETE', changeSetId: '' });
    expect(result.rows).toEqual([
      { action: 'Add', logicalId: 'Artifacts', type: 'AWS::S3::Bucket', replacement: '' },
      { action: 'Add', logicalId: 'Logs', type: 'AWS::Logs::LogGroup', replacement: '' },
    ]);
    expect(h.cloudFormation.mock.calls().map((call) => (call.args[0] as object).constructor.name)).toEqual([
      'DescribeStacksCommand',
    ]);
  });

  it('with allow-replacement false, names each stateful resource replaced or removed, and executes nothing', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE');
    h.cloudFormation.changeSetResult = {
      changes: [
        change('Modify', 'Artifacts', 'AWS::S3::Bucket', 'True'),
        change('Modify', 'Queue', 'AWS::SQS::Queue', 'True'),
        change('Remove', 'Logs', 'AWS::Logs::LogGroup'),
        change('Modify', 'Vpc', 'AWS::EC2::VPC', 'Conditional'),
        change('Modify', 'Images', 'AWS::ECR::Repository', 'False'),
      ],
    };
    const failure = await deployStack(h.context, request({ allowReplacement: false })).catch((error) => error);
    expect(failure).toBeInstanceOf(DeployFailure);
    expect(failure.message).toBe(
      'The change set for stack dev-platform would replace or remove stateful resources, which allow-replacement: false forbids: ' +
        'Artifacts (AWS::S3::Bucket, replaced), Logs (AWS::Logs::LogGroup, removed), Vpc (AWS::EC2::VPC, possibly replaced); ' +
        'change the template so they are updated in place, or set allow-replacement: true.',
    );
    expect(failure.details.rows).toHaveLength(5);
    expect(h.cloudFormation.mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(h.cloudFormation.mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('with allow-replacement true, executes the same change set', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE');
    h.cloudFormation.changeSetResult = { changes: [change('Modify', 'Artifacts', 'AWS::S3::Bucket', 'True')] };
    const result = await deployStack(h.context, request());
    expect(result.stackStatus).toBe('UPDATE_COMPLETE');
  });
});

describe('deploy-stack while the stack works', () => {
  const nestedFailure = {
    durationMs: 5 * 60_000,
    final: 'ROLLBACK_COMPLETE',
    events: [
      { at: 1_000, logicalId: 'Artifacts', type: 'AWS::S3::Bucket', status: 'CREATE_IN_PROGRESS' },
      {
        at: 2_000,
        logicalId: 'Network',
        type: 'AWS::CloudFormation::Stack',
        status: 'CREATE_IN_PROGRESS',
        nested: [
          { at: 30_000, logicalId: 'Vpc', type: 'AWS::EC2::VPC', status: 'CREATE_IN_PROGRESS' },
          {
            at: 45_000,
            logicalId: 'Vpc',
            type: 'AWS::EC2::VPC',
            status: 'CREATE_FAILED',
            reason: 'The maximum number of VPCs has been reached.',
          },
        ],
      },
      {
        at: 50_000,
        logicalId: 'Artifacts',
        type: 'AWS::S3::Bucket',
        status: 'CREATE_FAILED',
        reason: 'Resource creation cancelled',
      },
      {
        at: 60_000,
        logicalId: 'Network',
        type: 'AWS::CloudFormation::Stack',
        status: 'CREATE_FAILED',
        reason:
          'Embedded stack arn:aws:cloudformation:eu-west-1:123456789012:stack/dev-platform-Network/2 was not successfully created: The following resource(s) failed to create: [Vpc].',
      },
      { at: 90_000, logicalId: 'Artifacts', type: 'AWS::S3::Bucket', status: 'DELETE_COMPLETE' },
    ],
  };

  it('prints each event once as it comes, follows the nested stack, and names the first failed resource', async () => {
    const h = harness();
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    h.cloudFormation.onExecute = nestedFailure;
    const failure = await deployStack(h.context, request()).catch((error) => error);
    expect(failure).toBeInstanceOf(DeployFailure);
    expect(failure.message).toBe(
      'Stack dev-platform creation failed and ended in ROLLBACK_COMPLETE: Vpc (AWS::EC2::VPC in stack dev-platform-Network) ' +
        'CREATE_FAILED: The maximum number of VPCs has been reached (3 failed events in the step summary).',
    );
    expect(failure.details.failedEvents.map((event: { LogicalResourceId: string }) => event.LogicalResourceId)).toEqual(
      ['Vpc', 'Artifacts', 'Network'],
    );
    const printed = h.log.filter((line) => /^\d\d:\d\d:\d\d /.test(line));
    expect(new Set(printed).size).toBe(printed.length);
    expect(
      printed.filter((line) => line.includes('[dev-platform-Network] CREATE_FAILED AWS::EC2::VPC Vpc')),
    ).toHaveLength(1);
    expect(printed.some((line) => line.includes('CREATE_IN_PROGRESS AWS::S3::Bucket Artifacts'))).toBe(true);
    expect(printed.at(-1)).toContain('ROLLBACK_COMPLETE AWS::CloudFormation::Stack dev-platform');
    const times = printed.map((line) => line.slice(0, 8));
    expect([...times].sort()).toEqual(times);
    // The REVIEW_IN_PROGRESS event from before execution is history, not news.
    expect(printed.some((line) => line.includes('REVIEW_IN_PROGRESS'))).toBe(false);
  });

  it('survives throttling in the middle of a wait', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE');
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    h.cloudFormation.throttle.set('DescribeChangeSet', 2);
    h.cloudFormation.throttleWhileRunning = 4;
    const result = await deployStack(h.context, request());
    expect(result.stackStatus).toBe('UPDATE_COMPLETE');
    expect(h.cloudFormation.throttleWhileRunning).toBe(0);
    expect(h.cloudFormation.throttle.get('DescribeChangeSet')).toBe(0);
  });

  it('fails when timeout-minutes runs out, naming what it waited for', async () => {
    const h = harness({ timeoutMinutes: 10 });
    h.cloudFormation.seed('dev-platform', 'UPDATE_COMPLETE');
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    h.cloudFormation.onExecute = { durationMs: 3 * 60 * 60_000 };
    const failure = await deployStack(h.context, request()).catch((error) => error);
    expect(failure).toBeInstanceOf(PollTimeoutError);
    expect(failure.message).toMatch(
      /^Timed out after \d+m( \d+s)? waiting for stack dev-platform update to finish; last status: UPDATE_IN_PROGRESS\.$/,
    );
    expect(h.clock.now()).toBe(h.context.deadline);
  });

  it('bounds the wait for an earlier operation by the same deadline', async () => {
    const h = harness({ timeoutMinutes: 5 });
    h.cloudFormation.seed('dev-platform', 'UPDATE_ROLLBACK_IN_PROGRESS', {
      running: { durationMs: 60 * 60_000, final: 'UPDATE_ROLLBACK_COMPLETE' },
    });
    await expect(deployStack(h.context, request())).rejects.toThrow(
      /waiting for stack dev-platform to finish UPDATE_ROLLBACK_IN_PROGRESS; last status: UPDATE_ROLLBACK_IN_PROGRESS/,
    );
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });
});
