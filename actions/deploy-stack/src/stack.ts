// Reading a stack, and waiting for one to settle while its events stream to the log.
import { type CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { AwsCallError, send } from '../../../lib/errors.js';
import { type PollResult, pollUntil } from '../../lib/poll.js';
import type { DeployContext } from './context.js';
import type { StackEventStream } from './event-stream.js';
import { isInProgress } from './stack-status.js';
import { isThrottled } from './throttling.js';

/** The stack, or undefined when none has this name (a deleted stack is still found by its id). */
export async function describeStack(client: CloudFormationClient, nameOrId: string): Promise<Stack | undefined> {
  try {
    const output = await send(client, new DescribeStacksCommand({ StackName: nameOrId }));
    return output.Stacks?.[0];
  } catch (error) {
    const missing =
      error instanceof AwsCallError && error.code === 'ValidationError' && /does not exist/.test(error.message);
    if (missing) return undefined;
    throw error;
  }
}

/**
 * A poll check that treats throttling which outlasted the SDK's own retries as "not yet": the wait goes on, within
 * its deadline, instead of failing the deployment while the stack is fine.
 */
export function throttlingTolerant<T>(check: () => Promise<PollResult<T>>): () => Promise<PollResult<T>> {
  let last = 'not yet known';
  return async () => {
    try {
      const result = await check();
      if (!result.done) last = result.status;
      return result;
    } catch (error) {
      if (isThrottled(error)) return { done: false, status: `${last} (AWS throttled the last check)` };
      throw error;
    }
  };
}

/** Waits until the stack is no longer *_IN_PROGRESS (REVIEW_IN_PROGRESS included) and returns it. */
export async function waitForStack(
  context: DeployContext,
  stackId: string,
  what: string,
  events?: StackEventStream,
): Promise<Stack> {
  const settled = await pollUntil(
    throttlingTolerant(async () => {
      const stack = await describeStack(context.cloudFormation, stackId);
      const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
      if (isInProgress(status)) return { done: false, status };
      return { done: true, value: stack ?? ({ StackId: stackId, StackStatus: 'DELETE_COMPLETE' } as Stack) };
    }),
    { what, deadline: context.deadline, clock: context.clock, onPending: () => events?.poll() },
  );
  await events?.poll();
  return settled;
}
