// A deployment failure that carries what explains it, so the step summary can show the change set and every
// failed event while the error itself stays one sentence.
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { ChangeRow } from './changes.js';
import { describeFailedEvent, failedEventsRootCauseFirst } from './event-log.js';

export interface FailureDetails {
  /** Failed events, root cause first. */
  failedEvents?: readonly StackEvent[];
  rows?: readonly ChangeRow[];
  consoleUrl?: string;
}

export class DeployFailure extends Error {
  override name = 'DeployFailure';
  constructor(
    message: string,
    readonly details: FailureDetails = {},
  ) {
    super(message);
  }

  /** The same failure with the change set that led to it. */
  withChanges(rows: readonly ChangeRow[], consoleUrl?: string): DeployFailure {
    return new DeployFailure(this.message, { ...this.details, rows, consoleUrl });
  }
}

/** One sentence: what failed, the root-cause event, how many more failed, and what to do. */
export function stackFailure(
  what: string,
  events: readonly StackEvent[],
  options: { statusReason?: string; advice?: string } = {},
): DeployFailure {
  const failed = failedEventsRootCauseFirst(events);
  const reason = options.statusReason?.replace(/\.$/, '');
  const cause = failed[0] ? `: ${describeFailedEvent(failed[0])}` : reason ? `: ${reason}` : '';
  const more = failed.length > 1 ? ` (${failed.length} failed events in the step summary)` : '';
  return new DeployFailure(`${what}${cause}${more}${options.advice ? `; ${options.advice}` : ''}.`, {
    failedEvents: failed,
  });
}
