// Stack events as a reader wants them: each once, oldest first, nested stacks labelled, and on failure the event
// that caused it first rather than the cascade of cancellations and roll-ups that follows.
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { table } from '../../lib/summary.js';

const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

/** Events not yet seen, oldest first; marks them seen. AWS lists events newest first. */
export function takeNewEvents(events: readonly StackEvent[], seen: Set<string>): StackEvent[] {
  const fresh: StackEvent[] = [];
  for (const event of events) {
    const id = event.EventId ?? '';
    if (id === '' || seen.has(id)) continue;
    seen.add(id);
    fresh.push(event);
  }
  return fresh.sort(byTime);
}

function byTime(a: StackEvent, b: StackEvent): number {
  return (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0);
}

/** Stack ids of nested stacks these events mention: the PhysicalResourceId of an AWS::CloudFormation::Stack resource. */
export function nestedStackIds(events: readonly StackEvent[]): string[] {
  return events
    .filter(
      (event) =>
        event.ResourceType === NESTED_STACK_TYPE &&
        event.PhysicalResourceId?.startsWith('arn:') === true &&
        event.PhysicalResourceId !== event.StackId,
    )
    .map((event) => event.PhysicalResourceId as string);
}

export function formatEvent(event: StackEvent, rootStackId: string): string {
  const time = event.Timestamp?.toISOString().slice(11, 19) ?? '--:--:--';
  const where = event.StackId && event.StackId !== rootStackId ? `[${event.StackName}] ` : '';
  const reason = event.ResourceStatusReason ? ` — ${event.ResourceStatusReason}` : '';
  return `${time} ${where}${event.ResourceStatus ?? ''} ${event.ResourceType ?? ''} ${event.LogicalResourceId ?? ''}${reason}`;
}

function isFailed(event: StackEvent): boolean {
  return /_FAILED$/.test(event.ResourceStatus ?? '');
}

/** Reasons that only report another resource's failure. */
function isConsequence(event: StackEvent): boolean {
  return (
    event.ResourceType === NESTED_STACK_TYPE ||
    /cancelled|The following resource\(s\) failed|Embedded stack .* was not successfully/i.test(
      event.ResourceStatusReason ?? '',
    )
  );
}

/** Failed events, the root cause first (the earliest failure that is not a consequence), the others oldest first. */
export function failedEventsRootCauseFirst(events: readonly StackEvent[]): StackEvent[] {
  const failed = events.filter(isFailed).sort(byTime);
  const root = failed.findIndex((event) => !isConsequence(event));
  if (root <= 0) return failed;
  return [failed[root] as StackEvent, ...failed.slice(0, root), ...failed.slice(root + 1)];
}

export function describeFailedEvent(event: StackEvent): string {
  const where = event.StackName && event.ResourceType !== NESTED_STACK_TYPE ? ` in stack ${event.StackName}` : '';
  const reason = (event.ResourceStatusReason ?? 'no reason given').replace(/\.$/, '');
  return `${event.LogicalResourceId} (${event.ResourceType}${where}) ${event.ResourceStatus}: ${reason}`;
}

export function failedEventsTable(events: readonly StackEvent[]): string {
  return table(
    ['Time (UTC)', 'Stack', 'Logical ID', 'Type', 'Status', 'Reason'],
    events.map((event) => [
      event.Timestamp?.toISOString().replace('T', ' ').slice(0, 19) ?? '',
      event.StackName ?? '',
      event.LogicalResourceId ?? '',
      event.ResourceType ?? '',
      event.ResourceStatus ?? '',
      event.ResourceStatusReason ?? '',
    ]),
  );
}
