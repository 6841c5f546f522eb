// One deployment under test: the fake CloudFormation, a fake clock, a mocked S3 client and the captured log.
import { readFileSync } from 'node:fs';
import type { Change } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import type { DeployContext } from '../../../actions/deploy-stack/src/context.js';
import type { DeployRequest } from '../../../actions/deploy-stack/src/deploy.js';
import { FakeClock } from '../../support/fake-clock.js';
import { FakeCloudFormation } from './fake-cloudformation.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
export const TEMPLATE = `${FIXTURES}bucket.yaml`;

export function harness(options: { timeoutMinutes?: number; s3?: S3Client } = {}) {
  const clock = new FakeClock();
  const cloudFormation = new FakeCloudFormation(clock);
  const log: string[] = [];
  const context: DeployContext = {
    cloudFormation: cloudFormation.client,
    s3:
      options.s3 ??
      new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } }),
    clock,
    deadline: clock.now() + (options.timeoutMinutes ?? 60) * 60_000,
    region: 'eu-west-1',
    log: (line) => log.push(line),
  };
  return { clock, cloudFormation, context, log };
}

export function request(overrides: Partial<DeployRequest> = {}): DeployRequest {
  return {
    stackName: 'dev-platform',
    templatePath: TEMPLATE,
    templateBody: readFileSync(TEMPLATE, 'utf8'),
    parameters: { EnvName: 'dev' },
    tags: {},
    capabilities: ['CAPABILITY_IAM'],
    mode: 'deploy',
    failOnEmptyChangeset: false,
    allowReplacement: true,
    ...overrides,
  };
}

export function change(
  action: string,
  logicalId: string,
  type: string,
  replacement?: 'True' | 'False' | 'Conditional',
): Change {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: action as never,
      LogicalResourceId: logicalId,
      ResourceType: type,
      Replacement: replacement,
    },
  };
}

export const BUCKET_AND_LOGS = [
  change('Add', 'Artifacts', 'AWS::S3::Bucket'),
  change('Add', 'Logs', 'AWS::Logs::LogGroup'),
];
