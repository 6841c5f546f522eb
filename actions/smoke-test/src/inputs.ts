// The action's inputs, checked before any call: exactly one of runtime-arn and url, known job names, and the
// post-deploy check inputs that only make sense together.
import { InputError, integer, list, parseInputs, text } from '../../lib/inputs.js';
import { JOB_NAMES, type JobName } from './jobs.js';

const RUNTIME_ARN =
  /^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\d{12}:runtime\/[a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10}$/;
const ENDPOINT_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const INPUT_SPECS = {
  'runtime-arn': text({
    pattern: RUNTIME_ARN,
    allowed: 'an AgentCore runtime ARN, like arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/name-abcde12345',
  }),
  url: text({ pattern: /^https?:\/\/[^\s/]+(\/\S*)?$/, allowed: 'a local agent URL, like http://127.0.0.1:8080' }),
  qualifier: text({
    pattern: ENDPOINT_NAME,
    allowed: 'an endpoint name: a letter, then letters, digits or underscores',
    default: 'DEFAULT',
  }),
  jobs: list({
    item: new RegExp(`^(${JOB_NAMES.join('|')})$`),
    allowed: `a comma-separated list of ${JOB_NAMES.join(', ')}`,
    default: 'total-sales',
  }),
  dataset: text({ pattern: /^\S[\s\S]*$/, allowed: 'a local CSV path or an s3://bucket/key.csv URI' }),
  'amount-column': text({
    pattern: /^[^\r\n]{1,200}$/,
    allowed: 'a column name of at most 200 characters',
    default: 'Amount',
  }),
  'artifacts-bucket': text({ pattern: BUCKET, allowed: 'an S3 bucket name' }),
  'expected-version': text({ pattern: /^[1-9][0-9]{0,4}$/, allowed: 'a runtime version number from 1 to 99999' }),
  'timeout-minutes': integer({ min: 1, max: 120, unit: 'minutes', default: '20' }),
  retries: integer({ min: 0, max: 10, default: '3' }),
  'stack-names': list({ item: /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/, allowed: 'CloudFormation stack names' }),
  cluster: text({ pattern: /^[\w:/.-]{1,255}$/, allowed: 'an ECS cluster name or ARN' }),
  service: text({ pattern: /^[\w:/.-]{1,255}$/, allowed: 'an ECS service name or ARN' }),
  'target-group-arn': text({
    pattern: /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[\w-]+\/[0-9a-f]+$/,
    allowed: 'a target group ARN',
  }),
  'log-groups': list({ item: /^[\w#/.-]{1,512}$/, allowed: 'CloudWatch Logs group names' }),
};

export interface SmokeRequest {
  target: { mode: 'aws'; runtimeArn: string; qualifier: string } | { mode: 'url'; url: string };
  jobs: JobName[];
  dataset?: string;
  amountColumn: string;
  artifactsBucket?: string;
  expectedVersion?: string;
  timeoutMinutes: number;
  retries: number;
  stackNames: string[];
  cluster?: string;
  service?: string;
  targetGroupArn?: string;
  logGroups: string[];
}

export function readRequest(env: NodeJS.ProcessEnv = process.env): SmokeRequest {
  const inputs = parseInputs(INPUT_SPECS, env);
  if ((inputs.runtimeArn === undefined) === (inputs.url === undefined)) {
    throw new InputError('Give exactly one of "runtime-arn" (a deployed runtime) and "url" (a local agent).');
  }
  const jobs = [...new Set(inputs.jobs)] as JobName[];
  if (jobs.length === 0) throw new InputError(`Input "jobs" lists no job: allowed is ${INPUT_SPECS.jobs.allowed}.`);
  if (jobs.some((job) => job !== 'ping') && inputs.dataset === undefined) {
    throw new InputError(
      'Input "dataset" is required for total-sales and pdf-report: give a CSV path or an s3:// URI.',
    );
  }
  if ((inputs.cluster === undefined) !== (inputs.service === undefined)) {
    throw new InputError('Inputs "cluster" and "service" go together: the task check needs both.');
  }
  if (inputs.url !== undefined) {
    const awsOnly = (['stackNames', 'cluster', 'targetGroupArn', 'logGroups', 'expectedVersion'] as const).filter(
      (key) => {
        const value = inputs[key];
        return Array.isArray(value) ? value.length > 0 : value !== undefined;
      },
    );
    if (awsOnly.length > 0)
      throw new InputError(
        'The post-deploy check inputs need "runtime-arn": a local agent has no stacks, tasks or log groups to check.',
      );
  }
  return {
    target:
      inputs.runtimeArn !== undefined
        ? { mode: 'aws', runtimeArn: inputs.runtimeArn, qualifier: inputs.qualifier }
        : { mode: 'url', url: inputs.url as string },
    jobs,
    dataset: inputs.dataset,
    amountColumn: inputs.amountColumn,
    artifactsBucket: inputs.artifactsBucket,
    expectedVersion: inputs.expectedVersion,
    timeoutMinutes: inputs.timeoutMinutes,
    retries: inputs.retries,
    stackNames: inputs.stackNames ?? [],
    cluster: inputs.cluster,
    service: inputs.service,
    targetGroupArn: inputs.targetGroupArn,
    logGroups: inputs.logGroups ?? [],
  };
}
