// Any error that ends a run, as the `error` event a caller reads: a stable code and one sentence naming the
// cause. Model-provider errors (the AWS SDK's, under Strands) get what to do about the common ones.

import { ConfigError } from '../../lib/env-config.js';
import { AwsCallError } from '../../lib/errors.js';
import type { AgentEvent } from './events.js';
import { WorkflowError } from './run.js';

type ErrorEvent = Extract<AgentEvent, { type: 'error' }>;

interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  cause?: unknown;
}

const MODEL_ADVICE: Record<string, string> = {
  AccessDeniedException:
    'the runtime role needs bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the model and its inference profile, and the model must be enabled in this region',
  ResourceNotFoundException: 'check CODER_MODEL_ID, VALIDATOR_MODEL_ID and REPORTER_MODEL_ID for this region',
  ValidationException:
    'check the model ids (an inference profile id such as us.anthropic.… where on-demand is not offered)',
  ThrottlingException: 'Bedrock kept throttling after the retries; raise the quota or retry later',
  ServiceUnavailableException: 'Bedrock was unavailable after the retries; retry later',
};

/** The AWS SDK error behind `error`, if any: Strands passes some through and wraps others as the cause. */
function awsError(error: unknown): AwsErrorShape | undefined {
  for (let current = error as AwsErrorShape | undefined, depth = 0; current && depth < 4; depth++) {
    if (current.$metadata) return current;
    current = current.cause as AwsErrorShape | undefined;
  }
  return undefined;
}

export function errorEvent(error: unknown): ErrorEvent {
  if (error instanceof WorkflowError) return { type: 'error', code: error.code, message: error.message };
  if (error instanceof ConfigError) return { type: 'error', code: 'configuration', message: error.message };
  // Already one sentence naming service, operation and cause (Secrets Manager, S3 through actions/lib send()).
  if (error instanceof AwsCallError) return { type: 'error', code: 'aws_error', message: error.message };
  const aws = awsError(error);
  if (aws) {
    const name = aws.name ?? 'UnknownError';
    const status = aws.$metadata?.httpStatusCode;
    const request = aws.$metadata?.requestId ? ` [request id ${aws.$metadata.requestId}]` : '';
    const advice = MODEL_ADVICE[name];
    return {
      type: 'error',
      code: 'model_error',
      message: `The model call failed with ${name}${status ? ` (HTTP ${status})` : ''}: ${(aws.message ?? '').replace(/\.$/, '')}${request}${advice ? `; ${advice}.` : '.'}`,
    };
  }
  const coded = error as { code?: unknown };
  if (error instanceof Error && typeof coded.code === 'string') {
    return { type: 'error', code: coded.code, message: error.message };
  }
  if (error instanceof Error) return { type: 'error', code: 'internal', message: `${error.name}: ${error.message}` };
  return { type: 'error', code: 'internal', message: String(error) };
}
