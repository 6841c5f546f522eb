// A new IAM role takes a while to become assumable everywhere; until then AgentCore rejects the runtime's
// execution role. Those rejections are retried during the first minute only: after that, the trust policy
// is wrong, not new, and the user must hear so.
import { backoffDelay } from '../../../lib/backoff.js';
import { AwsCallError } from '../../../lib/errors.js';
import type { Context } from './context.js';

export const ROLE_PROPAGATION_WINDOW_MS = 60_000;
const BACKOFF = { baseMs: 2_000, capMs: 15_000 };

/** Phrases AgentCore and STS use when a role cannot (yet) be assumed; the caller's own denials do not match. */
const NOT_ASSUMABLE =
  /role validation failed|cannot be assumed|unable to assume|could not assume|not authorized to perform:? sts:AssumeRole/i;

export function isRoleNotAssumable(error: unknown): boolean {
  if (!(error instanceof AwsCallError)) return false;
  if (error.code !== 'ValidationException' && error.code !== 'AccessDeniedException') return false;
  return NOT_ASSUMABLE.test((error.cause as Error | undefined)?.message ?? error.message);
}

/** Runs `call`, retrying role-not-assumable errors with backoff until one minute after the first attempt. */
export async function whileRolePropagates<T>(roleArn: string, call: () => Promise<T>, context: Context): Promise<T> {
  const started = context.clock.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const waited = context.clock.now() - started;
      if (!isRoleNotAssumable(error)) throw error;
      if (waited >= ROLE_PROPAGATION_WINDOW_MS) {
        throw new Error(
          `${(error as Error).message.replace(/\.$/, '')}; the role ${roleArn} still could not be assumed after a minute, so this is not IAM propagation: check that its trust policy allows bedrock-agentcore.amazonaws.com to assume it.`,
        );
      }
      const delay = Math.min(backoffDelay(attempt, BACKOFF, context.random), ROLE_PROPAGATION_WINDOW_MS - waited);
      context.log(
        `The role ${roleArn} cannot be assumed yet (a new role propagates slowly); retrying in ${Math.ceil(delay / 1000)}s.`,
      );
      await context.clock.sleep(delay);
    }
  }
}
