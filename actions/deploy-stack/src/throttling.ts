// Throttling that outlasted the SDK's own retries, seen through the AwsCallError that send() wraps it in.
import { AwsCallError, isThrottling } from '../../../lib/errors.js';

export function isThrottled(error: unknown): boolean {
  return isThrottling(error instanceof AwsCallError ? error.cause : error);
}
