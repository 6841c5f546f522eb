// CloudWatch Logs received events during the smoke test, in every log group given (the runtime's and the
// executor's): a group that stayed silent means logging is broken or the traffic went elsewhere.
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { send } from '../../../../lib/errors.js';
import { type CheckResult, list, result } from './check.js';

export async function logsCheck(
  client: CloudWatchLogsClient,
  groups: readonly string[],
  window: { start: number; end: number },
): Promise<CheckResult> {
  const silent: string[] = [];
  const counts: string[] = [];
  for (const group of groups) {
    let nextToken: string | undefined;
    let found = 0;
    // FilterLogEvents may answer an empty page with a nextToken while it scans: follow it a few pages.
    for (let page = 0; page < 5 && found === 0; page++) {
      const reply = await send(
        client,
        new FilterLogEventsCommand({
          logGroupName: group,
          startTime: window.start,
          endTime: window.end,
          limit: 1,
          nextToken,
        }),
      );
      found += reply.events?.length ?? 0;
      nextToken = reply.nextToken;
      if (!nextToken) break;
    }
    if (found === 0) silent.push(group);
    else counts.push(group);
  }
  const span = `${new Date(window.start).toISOString()} to ${new Date(window.end).toISOString()}`;
  if (silent.length > 0) {
    return result(
      'logs',
      'failed',
      `no log events in ${list(silent)} from ${span}; check the log group names and that the task and runtime roles may write to them.`,
    );
  }
  return result('logs', 'passed', `events in ${list(counts)} during the smoke test.`);
}
