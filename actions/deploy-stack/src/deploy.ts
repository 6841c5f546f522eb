// The deployment: prepare the stack, create a change set, review it, then execute and watch it or, in preview,
// delete it. One function, every AWS step delegated to its own module.
import { DeleteStackCommand, type Stack, UpdateTerminationProtectionCommand } from '@aws-sdk/client-cloudformation';
import { send } from '../../../lib/errors.js';
import { parseTemplate } from '../../lib/cfn-template.js';
import {
  type ChangeSetIds,
  changeSetName,
  createChangeSet,
  deleteChangeSet,
  executeChangeSet,
  waitForChangeSet,
} from './change-set.js';
import { type ChangeRow, changeRows, changeSetConsoleUrl, stackConsoleUrl, templateRows } from './changes.js';
import type { DeployContext } from './context.js';
import { StackEventStream } from './event-stream.js';
import { DeployFailure, stackFailure } from './failure.js';
import { type PreparedStack, prepareStack } from './prepare-stack.js';
import { replacementRefusal, statefulChanges } from './replacement-guard.js';
import { waitForStack } from './stack.js';
import { isDeployed } from './stack-status.js';
import { templateSource } from './template-source.js';

export interface DeployRequest {
  stackName: string;
  templatePath: string;
  templateBody: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  capabilities: readonly string[];
  mode: 'deploy' | 'preview';
  /** Undefined leaves the stack's setting as it is. */
  terminationProtection?: boolean;
  templateBucket?: string;
  failOnEmptyChangeset: boolean;
  allowReplacement: boolean;
}

export interface DeployResult {
  /** Empty when a preview found no stack (the one its change set made is deleted again). */
  stackId: string;
  stackStatus: string;
  hasChanges: boolean;
  changeSetId: string;
  rows: ChangeRow[];
  /** The executed change set's console page; the stack's page when the change set was deleted. */
  consoleUrl?: string;
  /** What became of the change set, for the reader: "executed", "deleted after the preview" … */
  fate: string;
  outputs: Record<string, string>;
}

export async function deployStack(context: DeployContext, request: DeployRequest): Promise<DeployResult> {
  const template = await templateSource(context, {
    stackName: request.stackName,
    path: request.templatePath,
    body: request.templateBody,
    bucket: request.templateBucket,
  });
  const prepared = await prepareStack(context, request.stackName, request.mode === 'deploy');
  if (prepared.recreate) return previewRecreation(context, request, prepared.stack as Stack);
  const ids = await createChangeSet(context, {
    stackName: request.stackName,
    changeSetName: changeSetName(context.clock.now()),
    type: prepared.changeSetType,
    template,
    parameters: request.parameters,
    capabilities: request.capabilities,
    tags: request.tags,
  });
  context.log(`Created ${prepared.changeSetType} change set ${ids.changeSetId}.`);
  const consoleUrl = changeSetConsoleUrl(context.region, ids.stackId, ids.changeSetId);
  const outcome = await waitForChangeSet(context, ids);

  if (outcome.kind === 'empty') {
    await deleteChangeSet(context, ids);
    if (request.failOnEmptyChangeset) {
      throw new DeployFailure(
        `The change set for stack ${request.stackName} has no changes (${outcome.reason.replace(/\.$/, '')}), ` +
          'and fail-on-empty-changeset is true.',
      );
    }
    context.log(`No changes: stack ${request.stackName} already matches the template and parameters.`);
    const stack = prepared.stack as Stack;
    if (request.mode === 'deploy') await applyTerminationProtection(context, stack, request.terminationProtection);
    return result(stack, ids, {
      hasChanges: false,
      rows: [],
      consoleUrl: stackConsoleUrl(context.region, ids.stackId),
      fate: 'no changes; deleted',
    });
  }

  const rows = changeRows(outcome.changes);
  const refused = request.allowReplacement ? [] : statefulChanges(rows);
  if (refused.length > 0) {
    await discard(context, ids, prepared);
    throw new DeployFailure(replacementRefusal(request.stackName, refused), { rows });
  }
  if (request.mode === 'preview') {
    await discard(context, ids, prepared);
    const stackPage = prepared.stack ? stackConsoleUrl(context.region, ids.stackId) : undefined;
    return result(prepared.stack, ids, {
      hasChanges: true,
      rows,
      consoleUrl: stackPage,
      fate: 'deleted after the preview',
    });
  }

  const events = new StackEventStream(context.cloudFormation, ids.stackId, context.log);
  await events.start();
  await executeChangeSet(context, ids);
  const operation = prepared.changeSetType === 'CREATE' ? 'creation' : 'update';
  const after = await waitForStack(context, ids.stackId, `stack ${request.stackName} ${operation} to finish`, events);
  if (!isDeployed(prepared.changeSetType, after.StackStatus)) {
    throw stackFailure(
      `Stack ${request.stackName} ${operation} failed and ended in ${after.StackStatus}`,
      events.events,
      {
        statusReason: after.StackStatusReason,
      },
    ).withChanges(rows, consoleUrl);
  }
  await applyTerminationProtection(context, after, request.terminationProtection);
  return result(after, ids, { hasChanges: true, rows, consoleUrl, fate: 'executed' });
}

/**
 * A stack in ROLLBACK_COMPLETE takes no change set until it is deleted, which a preview must not do: the preview
 * reports what a deploy does instead, deleting it and adding every resource of the template.
 */
function previewRecreation(context: DeployContext, request: DeployRequest, stack: Stack): DeployResult {
  context.log(
    `Stack ${request.stackName} is in ROLLBACK_COMPLETE: a deploy deletes it and creates it from the template.`,
  );
  const rows = templateRows(parseTemplate(request.templateBody, request.templatePath));
  const fate = 'no change set: the stack is in ROLLBACK_COMPLETE, and a deploy deletes and re-creates it';
  const stackId = stack.StackId as string;
  const consoleUrl = stackConsoleUrl(context.region, stackId);
  return result(stack, { changeSetId: '', stackId }, { hasChanges: true, rows, consoleUrl, fate });
}

/** Deletes an unexecuted change set, and the empty REVIEW_IN_PROGRESS stack it made when there was no stack. */
async function discard(context: DeployContext, ids: ChangeSetIds, prepared: PreparedStack): Promise<void> {
  await deleteChangeSet(context, ids);
  if (prepared.stack === undefined) {
    await send(context.cloudFormation, new DeleteStackCommand({ StackName: ids.stackId }));
  }
}

async function applyTerminationProtection(context: DeployContext, stack: Stack, wanted: boolean | undefined) {
  if (wanted === undefined || (stack.EnableTerminationProtection ?? false) === wanted) return;
  await send(
    context.cloudFormation,
    new UpdateTerminationProtectionCommand({ StackName: stack.StackId, EnableTerminationProtection: wanted }),
  );
  context.log(`Termination protection of stack ${stack.StackName} turned ${wanted ? 'on' : 'off'}.`);
}

function result(
  stack: Stack | undefined,
  ids: ChangeSetIds,
  review: Pick<DeployResult, 'hasChanges' | 'rows' | 'consoleUrl' | 'fate'>,
): DeployResult {
  const outputs: Record<string, string> = {};
  for (const output of stack?.Outputs ?? []) if (output.OutputKey) outputs[output.OutputKey] = output.OutputValue ?? '';
  return {
    stackId: stack?.StackId ?? '',
    stackStatus: stack?.StackStatus ?? '',
    changeSetId: ids.changeSetId,
    outputs,
    ...review,
  };
}
