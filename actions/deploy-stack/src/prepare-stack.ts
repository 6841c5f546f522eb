// Brings an existing stack into a state a change set can start from: waits out a running operation, deletes a
// failed creation, continues a stuck rollback. Returns the change set type to use.
import { ContinueUpdateRollbackCommand, DeleteStackCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { send } from '../../../lib/errors.js';
import type { DeployContext } from './context.js';
import { StackEventStream } from './event-stream.js';
import { stackFailure } from './failure.js';
import { describeStack, waitForStack } from './stack.js';
import { nextStep } from './stack-status.js';

export interface PreparedStack {
  changeSetType: 'CREATE' | 'UPDATE';
  /** The stack as found ready; undefined when none exists. */
  stack?: Stack;
  /** Preview only: the stack is in ROLLBACK_COMPLETE, so a deploy deletes it and creates it from scratch. */
  recreate?: boolean;
}

/** Each step moves the stack closer to ready; more than this many means it keeps changing under us. */
const MAX_STEPS = 6;

/**
 * @param mutate false in preview mode: nothing is deleted or rolled back; a stack in ROLLBACK_COMPLETE is reported
 * as to be re-created, one in UPDATE_ROLLBACK_FAILED fails.
 */
export async function prepareStack(context: DeployContext, stackName: string, mutate: boolean): Promise<PreparedStack> {
  for (let step = 0; step < MAX_STEPS; step++) {
    const stack = await describeStack(context.cloudFormation, stackName);
    const status = stack?.StackStatus;
    const decision = nextStep(status);
    if (decision.kind === 'create') return { changeSetType: 'CREATE', stack };
    if (decision.kind === 'update') return { changeSetType: 'UPDATE', stack };
    const found = stack as Stack;
    const stackId = found.StackId as string;
    if (decision.kind === 'stuck') throw new Error(`Stack ${stackName} is in ${status}: ${decision.advice}.`);
    if (decision.kind === 'wait') {
      context.log(`Stack ${stackName} is in ${status}; waiting for that operation to end.`);
      await watch(context, stackId, `stack ${stackName} to finish ${status}`);
      continue;
    }
    if (!mutate && decision.kind === 'delete-then-create') return { changeSetType: 'CREATE', stack, recreate: true };
    if (!mutate) {
      throw new Error(
        `Stack ${stackName} is in ${status}, and a preview changes nothing: a deploy will continue its rollback first, then create a change set.`,
      );
    }
    if (decision.kind === 'delete-then-create') await deleteFailedCreation(context, found);
    else await continueRollback(context, found);
  }
  throw new Error(`Stack ${stackName} kept changing state while deploy-stack prepared it; re-run when it is idle.`);
}

/** Starts `operation` (if any) and waits for the stack to settle, printing the events it causes. */
async function watch(
  context: DeployContext,
  stackId: string,
  what: string,
  operation?: () => Promise<unknown>,
): Promise<{ stack: Stack; events: StackEventStream }> {
  const events = new StackEventStream(context.cloudFormation, stackId, context.log);
  await events.start();
  await operation?.();
  const stack = await waitForStack(context, stackId, what, events);
  return { stack, events };
}

async function deleteFailedCreation(context: DeployContext, stack: Stack): Promise<void> {
  const name = stack.StackName;
  if (stack.EnableTerminationProtection) {
    throw new Error(
      `Stack ${name} is in ROLLBACK_COMPLETE and must be deleted before it can be created again, but it has ` +
        'termination protection: turn it off in the console, then re-run.',
    );
  }
  context.log(`Stack ${name} is in ROLLBACK_COMPLETE (its creation failed); deleting it to create it again.`);
  const { stack: after, events } = await watch(context, stack.StackId as string, `stack ${name} to be deleted`, () =>
    send(context.cloudFormation, new DeleteStackCommand({ StackName: stack.StackId })),
  );
  if (after.StackStatus !== 'DELETE_COMPLETE') {
    throw stackFailure(`Stack ${name} could not be deleted and is in ${after.StackStatus}`, events.events, {
      statusReason: after.StackStatusReason,
    });
  }
}

async function continueRollback(context: DeployContext, stack: Stack): Promise<void> {
  const name = stack.StackName;
  context.log(`Stack ${name} is in UPDATE_ROLLBACK_FAILED; continuing its rollback.`);
  const { stack: after, events } = await watch(
    context,
    stack.StackId as string,
    `stack ${name} to finish its rollback`,
    () => send(context.cloudFormation, new ContinueUpdateRollbackCommand({ StackName: stack.StackId })),
  );
  if (after.StackStatus !== 'UPDATE_ROLLBACK_COMPLETE') {
    throw stackFailure(`Stack ${name} is still in ${after.StackStatus} after continuing its rollback`, events.events, {
      statusReason: after.StackStatusReason,
      advice:
        'fix that resource, or skip it with aws cloudformation continue-update-rollback --resources-to-skip, then re-run',
    });
  }
}
