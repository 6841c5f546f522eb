// CloudFormation facts for the checks: stack outputs (the network stack's VPC and subnets), drift detection on
// every stack, and a stack's failed events as the place to look when something is off.
import {
  type CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import type { Clock } from '../../../../lib/clock.js';
import { send } from '../../../../lib/errors.js';
import { pollUntil } from '../../../lib/poll.js';
import { type CheckResult, list, result } from './check.js';

export interface NetworkFacts {
  vpcId?: string;
  subnetIds: string[];
}

export async function networkFromStacks(
  client: CloudFormationClient,
  stacks: readonly string[],
): Promise<NetworkFacts> {
  const facts: NetworkFacts = { subnetIds: [] };
  for (const name of stacks) {
    const { Stacks } = await send(client, new DescribeStacksCommand({ StackName: name }));
    for (const output of Stacks?.[0]?.Outputs ?? []) {
      if (output.OutputKey === 'VpcId' && output.OutputValue) facts.vpcId = output.OutputValue;
      if (/SubnetIds$/.test(output.OutputKey ?? '') && output.OutputValue) {
        facts.subnetIds.push(
          ...output.OutputValue.split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        );
      }
    }
  }
  return facts;
}

/** The stack's most recent *_FAILED events, newest first: what CloudFormation said went wrong. */
export async function failedEvents(client: CloudFormationClient, stack: string, limit = 5): Promise<string[]> {
  const { StackEvents } = await send(client, new DescribeStackEventsCommand({ StackName: stack }));
  return (StackEvents ?? [])
    .filter((event) => event.ResourceStatus?.endsWith('_FAILED'))
    .slice(0, limit)
    .map(
      (event) =>
        `${event.LogicalResourceId} ${event.ResourceStatus}: ${event.ResourceStatusReason ?? 'no reason given'}`,
    );
}

export async function driftCheck(
  client: CloudFormationClient,
  stacks: readonly string[],
  options: { clock: Clock; deadline: number },
): Promise<CheckResult> {
  const problems: string[] = [];
  for (const stack of stacks) {
    const { StackDriftDetectionId } = await send(client, new DetectStackDriftCommand({ StackName: stack }));
    const status = await pollUntil(
      async () => {
        const reply = await send(
          client,
          new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: StackDriftDetectionId }),
        );
        return reply.DetectionStatus === 'DETECTION_IN_PROGRESS'
          ? { done: false, status: 'DETECTION_IN_PROGRESS' }
          : { done: true, value: reply };
      },
      {
        what: `drift detection on stack ${stack}`,
        deadline: options.deadline,
        clock: options.clock,
        backoff: { baseMs: 2_000, capMs: 10_000 },
      },
    );
    if (status.DetectionStatus === 'DETECTION_FAILED') {
      problems.push(`drift detection on ${stack} failed: ${status.DetectionStatusReason ?? 'no reason given'}`);
      continue;
    }
    if (status.StackDriftStatus === 'IN_SYNC') continue;
    const { StackResourceDrifts } = await send(
      client,
      new DescribeStackResourceDriftsCommand({
        StackName: stack,
        StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'],
      }),
    );
    const drifted = (StackResourceDrifts ?? []).map((drift) => {
      const changes = (drift.PropertyDifferences ?? []).map(
        (difference) =>
          `${difference.PropertyPath} ${difference.DifferenceType?.toLowerCase()} (expected ${difference.ExpectedValue}, actual ${difference.ActualValue})`,
      );
      return `${drift.LogicalResourceId} (${drift.ResourceType} ${drift.PhysicalResourceId}) ${drift.StackResourceDriftStatus}${changes.length ? `: ${list(changes, 3)}` : ''}`;
    });
    const events = await failedEvents(client, stack);
    problems.push(
      `stack ${stack} has drifted: ${list(drifted) || 'no resource details'}; someone changed it outside CloudFormation, redeploy the stack or revert the change in the console${events.length ? `; its failed events: ${list(events, 3)}` : ''}`,
    );
  }
  if (problems.length > 0) return result('drift', 'failed', `${list(problems)}.`);
  return result('drift', 'passed', `${stacks.join(', ')} in sync with their templates.`);
}
