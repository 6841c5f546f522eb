import {
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteStackCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { deployStack } from '../../../actions/deploy-stack/src/deploy.js';
import { BUCKET_AND_LOGS, change, harness, request } from './harness.js';

function callOrder(h: ReturnType<typeof harness>): string[] {
  return h.cloudFormation.mock
    .calls()
    .map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''))
    .filter((name) => !name.startsWith('Describe'));
}

describe('deploy-stack in every stack state', () => {
  it('creates a new stack through a CREATE change set and returns its outputs', async () => {
    const h = harness();
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    h.cloudFormation.onExecute = { outputs: { ArtifactsBucketName: 'manus-dev-artifacts' } };
    const result = await deployStack(h.context, request());
    expect(result).toMatchObject({
      stackStatus: 'CREATE_COMPLETE',
      hasChanges: true,
      fate: 'executed',
      outputs: { ArtifactsBucketName: 'manus-dev-artifacts' },
    });
    expect(result.rows.map((row) => row.logicalId)).toEqual(['Artifacts', 'Logs']);
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input).toMatchObject({
      ChangeSetType: 'CREATE',
      Parameters: [{ ParameterKey: 'EnvName', ParameterValue: 'dev' }],
      Capabilities: ['CAPABILITY_IAM'],
    });
    expect(callOrder(h)).toEqual(['CreateChangeSet', 'ExecuteChangeSet']);
  });

  it('treats a stack left in REVIEW_IN_PROGRESS as new', async () => {
    const h = harness();
    const left = h.cloudFormation.seed('dev-platform', 'REVIEW_IN_PROGRESS');
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    const result = await deployStack(h.context, request());
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe('CREATE');
    expect(result).toMatchObject({ stackId: left.id, stackStatus: 'CREATE_COMPLETE' });
  });

  it('deletes a stack stuck in ROLLBACK_COMPLETE, then creates it again', async () => {
    const h = harness();
    const failed = h.cloudFormation.seed('dev-platform', 'ROLLBACK_COMPLETE');
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    const result = await deployStack(h.context, request());
    expect(callOrder(h)).toEqual(['DeleteStack', 'CreateChangeSet', 'ExecuteChangeSet']);
    expect(h.cloudFormation.mock.commandCalls(DeleteStackCommand)[0]?.args[0].input.StackName).toBe(failed.id);
    expect(result.stackId).not.toBe(failed.id);
    expect(result.stackStatus).toBe('CREATE_COMPLETE');
    expect(h.log).toContain(
      'Stack dev-platform is in ROLLBACK_COMPLETE (its creation failed); deleting it to create it again.',
    );
    // The deletion's own events stream too, each once, before the new stack's.
    const deletion = h.log.filter((line) =>
      / DELETE_(IN_PROGRESS|COMPLETE) AWS::CloudFormation::Stack dev-platform/.test(line),
    );
    expect(deletion).toHaveLength(2);
    expect(h.log.indexOf(deletion[1] as string)).toBeLessThan(
      h.log.findIndex((line) => line.includes('CREATE_COMPLETE')),
    );
  });

  it('refuses to delete a ROLLBACK_COMPLETE stack that has termination protection', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'ROLLBACK_COMPLETE', { protection: true });
    await expect(deployStack(h.context, request())).rejects.toThrow(/ROLLBACK_COMPLETE .* termination protection/);
    expect(h.cloudFormation.mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('waits for an operation already in progress, then updates', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_IN_PROGRESS', {
      running: { durationMs: 7 * 60_000, final: 'UPDATE_COMPLETE' },
    });
    h.cloudFormation.changeSetResult = { changes: [change('Modify', 'Logs', 'AWS::Logs::LogGroup', 'False')] };
    const started = h.clock.now();
    const result = await deployStack(h.context, request());
    const execute = h.cloudFormation.mock.commandCalls(ExecuteChangeSetCommand);
    expect(execute).toHaveLength(1);
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(7 * 60_000);
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe('UPDATE');
    expect(result.stackStatus).toBe('UPDATE_COMPLETE');
    expect(h.log[0]).toBe('Stack dev-platform is in UPDATE_IN_PROGRESS; waiting for that operation to end.');
  });

  it('waits out a creation that ends in ROLLBACK_COMPLETE, deletes that stack, then creates it', async () => {
    const h = harness();
    const first = h.cloudFormation.seed('dev-platform', 'CREATE_IN_PROGRESS', {
      running: { durationMs: 4 * 60_000, final: 'ROLLBACK_COMPLETE' },
    });
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    const result = await deployStack(h.context, request());
    expect(callOrder(h)).toEqual(['DeleteStack', 'CreateChangeSet', 'ExecuteChangeSet']);
    expect(result.stackId).not.toBe(first.id);
    expect(result.stackStatus).toBe('CREATE_COMPLETE');
  });

  it('waits for a deletion in progress, then creates the stack anew', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'DELETE_IN_PROGRESS', {
      running: { durationMs: 90_000, final: 'DELETE_COMPLETE' },
    });
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    await deployStack(h.context, request());
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe('CREATE');
    expect(h.cloudFormation.stack('dev-platform')?.status).toBe('CREATE_COMPLETE');
  });

  it('continues the rollback of a stack in UPDATE_ROLLBACK_FAILED, then updates', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_ROLLBACK_FAILED');
    h.cloudFormation.changeSetResult = { changes: [change('Modify', 'Logs', 'AWS::Logs::LogGroup', 'False')] };
    const result = await deployStack(h.context, request());
    expect(callOrder(h)).toEqual(['ContinueUpdateRollback', 'CreateChangeSet', 'ExecuteChangeSet']);
    expect(result.stackStatus).toBe('UPDATE_COMPLETE');
  });

  it('names the resource that keeps a rollback from finishing', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_ROLLBACK_FAILED');
    h.cloudFormation.onContinueRollback = {
      final: 'UPDATE_ROLLBACK_FAILED',
      events: [
        {
          at: 5_000,
          logicalId: 'Logs',
          type: 'AWS::Logs::LogGroup',
          status: 'UPDATE_FAILED',
          reason: 'Resource handler returned message: "Access denied"',
        },
      ],
    };
    await expect(deployStack(h.context, request())).rejects.toThrow(
      'Stack dev-platform is still in UPDATE_ROLLBACK_FAILED after continuing its rollback: Logs (AWS::Logs::LogGroup in stack dev-platform) UPDATE_FAILED: Resource handler returned message: "Access denied" (2 failed events in the step summary); fix that resource, or skip it with aws cloudformation continue-update-rollback --resources-to-skip, then re-run.',
    );
    expect(h.cloudFormation.mock.commandCalls(ContinueUpdateRollbackCommand)).toHaveLength(1);
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('stops with advice on a stack in DELETE_FAILED', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'DELETE_FAILED');
    await expect(deployStack(h.context, request())).rejects.toThrow(
      /Stack dev-platform is in DELETE_FAILED: delete the stack/,
    );
  });

  it('in preview, refuses states that only a deploy may change', async () => {
    const h = harness();
    h.cloudFormation.seed('dev-platform', 'UPDATE_ROLLBACK_FAILED');
    await expect(deployStack(h.context, request({ mode: 'preview' }))).rejects.toThrow(
      'Stack dev-platform is in UPDATE_ROLLBACK_FAILED, and a preview changes nothing: a deploy will continue its rollback first, then create a change set.',
    );
    expect(callOrder(h)).toEqual([]);
  });
});
