// An AWS error as one sentence a user can act on: service, operation, code, AWS's message, request id, and
// what to do about the common codes.
interface ServiceErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string; attempts?: number };
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Forbidden']);
const EXPIRED_CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const INVALID_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
]);

function advice(code: string, service: string, operation: string, status?: number): string {
  if (THROTTLING.has(code) || status === 429) {
    return 'AWS kept throttling after every retry; run fewer deployments at once or retry the job later.';
  }
  if (ACCESS_DENIED.has(code) || status === 403) {
    return `the credentials lack permission for this call; allow ${iamPrefix(service)}:${operation} in the role the workflow assumes.`;
  }
  if (EXPIRED_CREDENTIALS.has(code)) return 'the credentials expired; raise role-duration-seconds or re-run the job.';
  if (INVALID_CREDENTIALS.has(code)) {
    return 'the credentials were not accepted; check the aws-actions/configure-aws-credentials step and its role.';
  }
  if (status !== undefined && status >= 500) return 'AWS had an internal error after every retry; re-run the job.';
  return '';
}

/** The IAM action prefix of an SDK service id, for the access-denied advice. */
function iamPrefix(service: string): string {
  const prefixes: Record<string, string> = {
    CloudFormation: 'cloudformation',
    ECR: 'ecr',
    S3: 's3',
    'Secrets Manager': 'secretsmanager',
    'Bedrock AgentCore Control': 'bedrock-agentcore',
    'Bedrock AgentCore': 'bedrock-agentcore',
    ECS: 'ecs',
    'Elastic Load Balancing v2': 'elasticloadbalancing',
    STS: 'sts',
  };
  return prefixes[service] ?? service.toLowerCase().replace(/\s+/g, '-');
}

export function isThrottling(error: unknown): boolean {
  const shape = error as ServiceErrorShape;
  return THROTTLING.has(shape?.name ?? '') || shape?.$metadata?.httpStatusCode === 429;
}

export function formatAwsError(error: unknown, service: string, operation: string): string {
  const shape = (error ?? {}) as ServiceErrorShape;
  const code = shape.name && shape.name !== 'Error' ? shape.name : (shape.Code ?? 'UnknownError');
  const status = shape.$metadata?.httpStatusCode;
  const message = (shape.message ?? String(error)).trim().replace(/\.$/, '');
  const parts = [`${service} ${operation} failed with ${code}`];
  if (status !== undefined) parts[0] += ` (HTTP ${status})`;
  parts[0] += `: ${message || 'no message'}`;
  const requestId = shape.$metadata?.requestId;
  let sentence = parts[0];
  if (requestId) sentence += ` [request id ${requestId}]`;
  const hint = advice(code, service, operation, status);
  return hint ? `${sentence}; ${hint}` : `${sentence}.`;
}

export class AwsCallError extends Error {
  override name = 'AwsCallError';
  constructor(
    message: string,
    readonly code: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

interface SdkClient {
  config: { serviceId?: string };
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's send is generic over every command of a client
  send(command: any): Promise<any>;
}

/** The part of an SDK command that carries its output type. */
interface SdkCommand<Output> {
  // biome-ignore lint/suspicious/noExplicitAny: matches any middleware stack and configuration
  resolveMiddleware(...args: any[]): (...args: any[]) => Promise<{ output: Output }>;
}

/**
 * Sends a command; an error becomes an AwsCallError whose message is the one sentence from formatAwsError.
 * The original error stays available as `cause`, its code as `code`.
 */
export async function send<Output>(client: SdkClient, command: SdkCommand<Output>): Promise<Output> {
  try {
    return await client.send(command);
  } catch (error) {
    const service = client.config.serviceId ?? 'AWS';
    const operation = command.constructor.name.replace(/Command$/, '');
    const code = (error as ServiceErrorShape)?.name ?? 'UnknownError';
    throw new AwsCallError(formatAwsError(error, service, operation), code, error);
  }
}
