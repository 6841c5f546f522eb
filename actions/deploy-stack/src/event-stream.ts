// Streams a stack's new events to the log while it works, following nested stacks as they appear, and keeps
// them for the failure report.
import { type CloudFormationClient, DescribeStackEventsCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { send } from '../../../lib/errors.js';
import { formatEvent, nestedStackIds, takeNewEvents } from './event-log.js';
import { isThrottled } from './throttling.js';

/** Enough pages for a busy poll interval; older events were printed by an earlier poll. */
const MAX_PAGES_PER_POLL = 10;

export class StackEventStream {
  private readonly seen = new Set<string>();
  /** Followed stacks: id → the time from which their events belong to this run. */
  private readonly followed = new Map<string, number>();
  /** Every event printed, oldest first. */
  readonly events: StackEvent[] = [];

  constructor(
    private readonly client: CloudFormationClient,
    private readonly rootStackId: string,
    private readonly print: (line: string) => void,
  ) {}

  /** Marks the events already there as seen, so only what this run causes is printed. */
  async start(): Promise<void> {
    const page = await send(this.client, new DescribeStackEventsCommand({ StackName: this.rootStackId }));
    for (const event of page.StackEvents ?? []) if (event.EventId) this.seen.add(event.EventId);
    this.followed.set(this.rootStackId, 0);
  }

  /** Prints the events that appeared since the last poll. A throttled read is left for the next poll. */
  async poll(): Promise<void> {
    const queue = [...this.followed.keys()];
    const fresh: StackEvent[] = [];
    while (queue.length > 0) {
      const stackId = queue.shift() as string;
      let events: StackEvent[];
      try {
        events = takeNewEvents(await this.fetchNew(stackId, this.followed.get(stackId) ?? 0), this.seen);
      } catch (error) {
        if (isThrottled(error)) continue;
        throw error;
      }
      for (const event of events) {
        for (const nested of nestedStackIds([event])) {
          if (this.followed.has(nested)) continue;
          this.followed.set(nested, event.Timestamp?.getTime() ?? 0);
          queue.push(nested);
        }
      }
      fresh.push(...events);
    }
    fresh.sort((a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0));
    for (const event of fresh) this.print(formatEvent(event, this.rootStackId));
    this.events.push(...fresh);
  }

  /** Newest-first pages until an event already seen or older than `since`. */
  private async fetchNew(stackId: string, since: number): Promise<StackEvent[]> {
    const found: StackEvent[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      const output = await send(this.client, new DescribeStackEventsCommand({ StackName: stackId, NextToken: token }));
      for (const event of output.StackEvents ?? []) {
        if (this.seen.has(event.EventId ?? '') || (event.Timestamp?.getTime() ?? 0) < since) return found;
        found.push(event);
      }
      token = output.NextToken;
      if (!token) break;
    }
    return found;
  }
}
