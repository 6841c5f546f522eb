// One configuration for every AWS SDK client the project creates (actions, agent, executor): region, retries
// with jitter, a user agent that ties calls to the workflow run, and the endpoint overrides of the AWS shared
// configuration.
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { type BackoffOptions, backoffDelay } from './backoff.js';

export interface AwsClientConfig {
  region: string;
  maxAttempts: number;
  retryStrategy: ConfiguredRetryStrategy;
  customUserAgent: [string, string][];
  endpoint?: string;
}

const RETRY_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 20_000 };
const MAX_ATTEMPTS = 8;

/**
 * `AWS_ENDPOINT_URL_<SERVICE>` (the SDK service id upper-cased, spaces as `_`) wins over `AWS_ENDPOINT_URL`;
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns both off.
 */
export function resolveEndpoint(serviceId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  const specific = env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/[\s-]+/g, '_')}`];
  const endpoint = (specific || env.AWS_ENDPOINT_URL || '').trim();
  if (endpoint === '') return undefined;
  try {
    new URL(endpoint);
  } catch {
    throw new Error(`The endpoint override for ${serviceId} is ${JSON.stringify(endpoint)}, which is not a URL.`);
  }
  return endpoint;
}

export function resolveRegion(env: NodeJS.ProcessEnv = process.env): string {
  const region = (env.AWS_REGION || env.AWS_DEFAULT_REGION || '').trim();
  if (region === '') {
    throw new Error(
      'No AWS region is set: set AWS_REGION (aws-actions/configure-aws-credentials does) or AWS_DEFAULT_REGION.',
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(`The AWS region ${JSON.stringify(region)} is not a region name like us-east-1.`);
  }
  return region;
}

export function userAgent(action: string, env: NodeJS.ProcessEnv = process.env): [string, string][] {
  const agent: [string, string][] = [[`bedrock-manus-${action}`, '1']];
  if (env.GITHUB_RUN_ID) agent.push(['gh-run', `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`]);
  return agent;
}

/**
 * @param serviceId the SDK's service id ("CloudFormation", "ECR", "Bedrock AgentCore Control", "S3"), which also
 * names its endpoint override variable.
 */
export function awsClientConfig(
  action: string,
  serviceId: string,
  options: { env?: NodeJS.ProcessEnv; backoff?: BackoffOptions; random?: () => number } = {},
): AwsClientConfig {
  const env = options.env ?? process.env;
  const backoff = options.backoff ?? RETRY_BACKOFF;
  const endpoint = resolveEndpoint(serviceId, env);
  return {
    region: resolveRegion(env),
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: new ConfiguredRetryStrategy(MAX_ATTEMPTS, (attempt) =>
      backoffDelay(attempt - 1, backoff, options.random),
    ),
    customUserAgent: userAgent(action, env),
    ...(endpoint ? { endpoint } : {}),
  };
}
