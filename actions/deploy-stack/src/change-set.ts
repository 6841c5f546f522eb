// Change sets: create one, wait for CloudFormation to work it out, read every change, execute or delete it.
import { randomBytes } from 'node:crypto';
import {
  type Change,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { send } from '../../../lib/errors.js';
import { pollUntil } from '../../lib/poll.js';
import { isEmptyChangeSetReason } from './changes.js';
import type { DeployContext } from './context.js';
import { throttlingTolerant } from './stack.js';
import type { TemplateSource } from './template-source.js';

export interface ChangeSetRequest {
  stackName: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  template: TemplateSource;
  parameters: Record<string, string>;
  capabilities: readonly string[];
  tags: Record<string, string>;
}

export interface ChangeSetIds {
  changeSetId: string;
  stackId: string;
}

export type ChangeSetOutcome = { kind: 'changes'; changes: Change[] } | { kind: 'empty'; reason: string };

/** A change set name CloudFormation accepts (a letter, then letters, digits and hyphens), unique per second. */
/**
 * Unique per run and per call: the time, the workflow run id and attempt when GitHub gives them, and a random
 * suffix, so two runs (or two deploys of one run) in the same second never collide.
 */
export function changeSetName(
  now: number,
  env: NodeJS.ProcessEnv = process.env,
  suffix: string = randomBytes(4).toString('hex'),
): string {
  const time = new Date(now)
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/\D/g, '');
  const run = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter((part) => part && /^\d+$/.test(part));
  return ['deploy-stack', time, ...run, suffix].join('-');
}

export async function createChangeSet(context: DeployContext, request: ChangeSetRequest): Promise<ChangeSetIds> {
  const tags = Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value }));
  const output = await send(
    context.cloudFormation,
    new CreateChangeSetCommand({
      StackName: request.stackName,
      ChangeSetName: request.changeSetName,
      ChangeSetType: request.type,
      ...request.template,
      Parameters: Object.entries(request.parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      Capabilities: [...request.capabilities] as CreateChangeSetCommand['input']['Capabilities'],
      // An empty tag list would remove the stack's tags; no `tags` input leaves them as they are.
      Tags: tags.length > 0 ? tags : undefined,
      Description: 'Created by the deploy-stack action',
    }),
  );
  if (!output.Id || !output.StackId) throw new Error('CloudFormation CreateChangeSet answered without ids.');
  return { changeSetId: output.Id, stackId: output.StackId };
}

/** Waits until the change set is ready or failed; a change set that changes nothing is an outcome, not an error. */
export async function waitForChangeSet(context: DeployContext, ids: ChangeSetIds): Promise<ChangeSetOutcome> {
  const first = await pollUntil(
    throttlingTolerant(async () => {
      const page = await describePage(context, ids);
      const status = page.Status ?? 'UNKNOWN';
      return status === 'CREATE_COMPLETE' || status === 'FAILED'
        ? { done: true, value: page }
        : { done: false, status };
    }),
    { what: `change set ${ids.changeSetId} to be created`, deadline: context.deadline, clock: context.clock },
  );
  if (first.Status === 'FAILED') {
    if (isEmptyChangeSetReason(first.StatusReason)) return { kind: 'empty', reason: first.StatusReason ?? '' };
    throw new Error(
      `CloudFormation could not create the change set for stack ${first.StackName}: ${(first.StatusReason ?? 'no reason given').replace(/\.$/, '')}.`,
    );
  }
  const changes = [...(first.Changes ?? [])];
  for (let token = first.NextToken; token; ) {
    const page = await describePage(context, ids, token);
    changes.push(...(page.Changes ?? []));
    token = page.NextToken;
  }
  return { kind: 'changes', changes };
}

function describePage(
  context: DeployContext,
  ids: ChangeSetIds,
  token?: string,
): Promise<DescribeChangeSetCommandOutput> {
  return send(
    context.cloudFormation,
    new DescribeChangeSetCommand({ ChangeSetName: ids.changeSetId, StackName: ids.stackId, NextToken: token }),
  );
}

export async function executeChangeSet(context: DeployContext, ids: ChangeSetIds): Promise<void> {
  await send(
    context.cloudFormation,
    new ExecuteChangeSetCommand({ ChangeSetName: ids.changeSetId, StackName: ids.stackId }),
  );
}

export async function deleteChangeSet(context: DeployContext, ids: ChangeSetIds): Promise<void> {
  await send(
    context.cloudFormation,
    new DeleteChangeSetCommand({ ChangeSetName: ids.changeSetId, StackName: ids.stackId }),
  );
}
