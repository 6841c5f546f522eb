// AWS mode with aws-sdk-client-mock, following the services' documented answers: each scenario breaks one
// thing and asserts the sentence a person needs to find it.
import { Readable } from 'node:stream';
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import {
  BedrockAgentCoreControlClient,
  GetAgentRuntimeCommand,
  GetAgentRuntimeEndpointCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsTransport } from '../../../actions/smoke-test/src/aws-transport.js';
import { expectationOf } from '../../../actions/smoke-test/src/expectation.js';
import type { Dataset } from '../../../actions/smoke-test/src/run-job.js';
import { formatAmount } from '../../../actions/smoke-test/src/run-job.js';
import { type AwsClients, smokeTest } from '../../../actions/smoke-test/src/smoke.js';
import { generateDataset } from '../../../scripts/sample-data/generate.js';
import { FakeClock } from '../../support/fake-clock.js';

const RUNTIME_ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/bedrockmanus-abcde12345';
const BUCKET = 'dev-artifacts';
const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'];
const region = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };

const clients: AwsClients = {
  cloudFormation: new CloudFormationClient(region),
  ec2: new EC2Client(region),
  elb: new ElasticLoadBalancingV2Client(region),
  ecs: new ECSClient(region),
  control: new BedrockAgentCoreControlClient(region),
  logs: new CloudWatchLogsClient(region),
  s3: new S3Client(region),
};
const agentCore = new BedrockAgentCoreClient(region);
const mocks = {
  agentCore: mockClient(agentCore),
  cfn: mockClient(clients.cloudFormation),
  ec2: mockClient(clients.ec2),
  elb: mockClient(clients.elb),
  ecs: mockClient(clients.ecs),
  control: mockClient(clients.control),
  logs: mockClient(clients.logs),
  s3: mockClient(clients.s3),
};

const csv = generateDataset({ seed: 5, rows: 60, language: 'en', bom: false }).csv;
const dataset: Dataset = {
  fileName: 'sales.csv',
  data: `s3://${BUCKET}/runs/x/sales.csv`,
  expectation: expectationOf(csv, 'Amount', 'sales.csv'),
};
const total = dataset.expectation.total;
const PDF = `s3://${BUCKET}/sessions/s1/report.pdf`;

function stream(frames: unknown[]): Readable {
  const text = frames.map((frame) => `data: ${JSON.stringify(frame)}\n\n`).join('');
  // Chunks of 5 bytes: frames always arrive split.
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 5) chunks.push(bytes.subarray(at, at + 5));
  return Readable.from(chunks);
}

function answers(answer: string, artifacts: string[] = []) {
  return {
    response: stream([{ type: 'start' }, { type: 'done', answer, artifacts: artifacts.map((uri) => ({ uri })) }]),
    $metadata: { requestId: 'req-1' },
  };
}

function healthy(): void {
  for (const mock of Object.values(mocks)) mock.reset();
  mocks.agentCore
    .on(InvokeAgentRuntimeCommand)
    .callsFake(() => answers(`Total sales were ${formatAmount(total)} KRW.`));
  mocks.cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'dev-network',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: [
          { OutputKey: 'VpcId', OutputValue: VPC },
          { OutputKey: 'PrivateSubnetIds', OutputValue: SUBNETS.join(',') },
        ],
      },
    ],
  });
  mocks.cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-1' });
  mocks.cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({
    StackId: 's',
    StackDriftDetectionId: 'd-1',
    DetectionStatus: 'DETECTION_COMPLETE',
    StackDriftStatus: 'IN_SYNC',
    Timestamp: new Date(),
  });
  mocks.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
  mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, State: 'available' as never }] });
  mocks.ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: SUBNETS.map((id, i) => ({
      SubnetId: id,
      VpcId: VPC,
      State: 'available',
      AvailabilityZoneId: `use1-az${i + 1}`,
    })),
  });
  // The wire value is lower-case ("available"); the SDK's State enum spells it capitalised.
  mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
    VpcEndpoints: [{ VpcEndpointId: 'vpce-1', ServiceName: 'com.amazonaws.us-east-1.s3', State: 'available' as never }],
  });
  mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({
    NetworkInterfaces: [
      {
        NetworkInterfaceId: 'eni-0runtime',
        Status: 'in-use',
        PrivateIpAddress: '10.0.1.5',
        SubnetId: SUBNETS[0],
        Description: 'AgentCore runtime',
      },
    ],
  });
  mocks.elb.on(DescribeTargetHealthCommand).resolves({
    TargetHealthDescriptions: [{ Target: { Id: '10.0.1.9', Port: 8080 }, TargetHealth: { State: 'healthy' } }],
  });
  mocks.ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [{ serviceName: 'executor', status: 'ACTIVE', runningCount: 2, desiredCount: 2 }] });
  mocks.ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({
    taskArns: ['arn:aws:ecs:us-east-1:123456789012:task/c/t1', 'arn:aws:ecs:us-east-1:123456789012:task/c/t2'],
  });
  mocks.ecs.on(ListTasksCommand, { desiredStatus: 'STOPPED' }).resolves({ taskArns: [] });
  mocks.control.on(GetAgentRuntimeCommand).resolves({
    agentRuntimeArn: RUNTIME_ARN,
    agentRuntimeId: 'bedrockmanus-abcde12345',
    agentRuntimeVersion: '7',
    status: 'READY',
    networkConfiguration: {
      networkMode: 'VPC',
      networkModeConfig: { subnets: SUBNETS, securityGroups: ['sg-0runtime00000000'] },
    },
  } as never);
  mocks.control
    .on(GetAgentRuntimeEndpointCommand)
    .resolves({ status: 'READY', liveVersion: '7', name: 'dev' } as never);
  mocks.logs.on(FilterLogEventsCommand).resolves({ events: [{ message: 'hello', timestamp: Date.now() }] });
  mocks.s3.on(HeadObjectCommand).resolves({ ContentLength: 1200 });
  mocks.s3
    .on(GetObjectCommand)
    .resolves({ Body: { transformToByteArray: async () => new TextEncoder().encode('%PDF-') } } as never);
}

async function run(jobs: ('total-sales' | 'pdf-report')[] = ['total-sales']) {
  const clock = new FakeClock(Date.now());
  return smokeTest(
    jobs,
    dataset,
    {
      transport: awsTransport(agentCore, RUNTIME_ARN, 'dev'),
      clock,
      deadline: clock.now() + 600_000,
      retries: 3,
      log: () => {},
      random: () => 0.5,
    },
    {
      clients,
      runtimeArn: RUNTIME_ARN,
      qualifier: 'dev',
      artifactsBucket: BUCKET,
      stackNames: ['dev-network'],
      cluster: 'dev',
      service: 'executor',
      targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/executor/0123456789abcdef',
      logGroups: ['/aws/bedrock-agentcore/runtimes/x', '/ecs/dev-executor'],
    },
  );
}

function check(result: Awaited<ReturnType<typeof run>>, id: string) {
  return result.checks.find((c) => c.id === id);
}

describe('smoke test in AWS mode', () => {
  beforeEach(healthy);

  it('passes all nine checks on a healthy deployment, invoking with the endpoint and a fresh long session id', async () => {
    const result = await run();
    expect(result.checks.map((c) => `${c.id}:${c.state}`)).toEqual([
      'network:passed',
      'drift:passed',
      'endpoints:passed',
      'targets:passed',
      'tasks:passed',
      'runtime:passed',
      'jobs:passed',
      'logs:passed',
      'artifacts:skipped',
    ]);
    const input = mocks.agentCore.commandCalls(InvokeAgentRuntimeCommand)[0]?.args[0].input;
    expect(input?.qualifier).toBe('dev');
    expect(input?.runtimeSessionId?.length).toBeGreaterThanOrEqual(33);
    expect(JSON.parse(new TextDecoder().decode(input?.payload as Uint8Array))).toEqual({
      prompt: expect.stringContaining('"Amount" column in sales.csv'),
      data: dataset.data,
    });
    expect(result.jobs[0]?.requestId).toBe('req-1');
    expect(result.passed).toBe(true);
  });

  it('fails a stream that ends without done', async () => {
    mocks.agentCore
      .on(InvokeAgentRuntimeCommand)
      .callsFake(() => ({ response: stream([{ type: 'start' }, { type: 'text', text: 'Total' }]), $metadata: {} }));
    const result = await run();
    expect(check(result, 'jobs')?.detail).toMatch(
      /total-sales: The event stream ended without a done event \(session smoke-total-sales-.+\); the agent stopped mid-run/,
    );
    expect(result.passed).toBe(false);
  });

  it('retries a throttled invoke and then passes', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
    mocks.agentCore
      .on(InvokeAgentRuntimeCommand)
      .rejectsOnce(throttled)
      .callsFake(() => answers(`Total: ${total}`));
    const result = await run();
    expect(result.jobs[0]).toMatchObject({ passed: true, attempts: 2 });
    expect(mocks.agentCore.commandCalls(InvokeAgentRuntimeCommand)).toHaveLength(2);
  });

  it('fails a wrong total with both numbers', async () => {
    mocks.agentCore.on(InvokeAgentRuntimeCommand).callsFake(() => answers('Total sales were 1,000 KRW.'));
    const result = await run();
    expect(result.jobs[0]?.failures).toEqual([
      `The answer states 1,000 at best, but the dataset's total is ${formatAmount(total)}: the total is wrong.`,
    ]);
  });

  it('fails a runtime that is not READY with its reason and network interfaces', async () => {
    mocks.control.on(GetAgentRuntimeCommand).resolves({
      agentRuntimeVersion: '7',
      status: 'CREATE_FAILED',
      failureReason: 'image pull failed',
      networkConfiguration: {
        networkMode: 'VPC',
        networkModeConfig: { subnets: SUBNETS, securityGroups: ['sg-0runtime00000000'] },
      },
    } as never);
    const detail = check(await run(), 'runtime')?.detail;
    expect(detail).toContain('runtime bedrockmanus-abcde12345 is CREATE_FAILED: image pull failed');
    expect(detail).toContain("the runtime's network interfaces: eni-0runtime in-use 10.0.1.5");
  });

  it('fails an endpoint on the wrong version', async () => {
    mocks.control.on(GetAgentRuntimeEndpointCommand).resolves({ status: 'READY', liveVersion: '6' } as never);
    expect(check(await run(), 'runtime')?.detail).toContain(
      'endpoint dev serves version 6, not the expected version 7; re-run create-runtime with this endpoint',
    );
  });

  it('fails an unhealthy target with its reason', async () => {
    mocks.elb.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        {
          Target: { Id: '10.0.1.9', Port: 8080 },
          TargetHealth: {
            State: 'unhealthy',
            Reason: 'Target.ResponseCodeMismatch',
            Description: 'Health checks failed with these codes: [503]',
          },
        },
      ],
    });
    expect(check(await run(), 'targets')?.detail).toBe(
      "10.0.1.9:8080 is unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [503]); the ALB health check is GET /health on the executor, look at the executor's log group.",
    );
  });

  it('fails a stopped task with its stoppedReason', async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: 'executor',
          status: 'ACTIVE',
          runningCount: 1,
          desiredCount: 2,
          events: [{ message: '(service executor) is unable to consistently start tasks' }],
        },
      ],
    });
    mocks.ecs
      .on(ListTasksCommand, { desiredStatus: 'RUNNING' })
      .resolves({ taskArns: ['arn:aws:ecs:us-east-1:123456789012:task/c/t1'] });
    mocks.ecs
      .on(ListTasksCommand, { desiredStatus: 'STOPPED' })
      .resolves({ taskArns: ['arn:aws:ecs:us-east-1:123456789012:task/c/t9'] });
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/t9',
          stoppedReason: 'Essential container in task exited',
          containers: [
            { name: 'executor', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
          ],
        },
      ],
    });
    expect(check(await run(), 'tasks')?.detail).toBe(
      'service executor is ACTIVE with 1 of 2 tasks RUNNING; task t9 stopped: Essential container in task exited (executor exit 137 OutOfMemoryError: Container killed due to memory usage); latest service event: (service executor) is unable to consistently start tasks.',
    );
  });

  it('fails an endpoint that is not available', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        { VpcEndpointId: 'vpce-2', ServiceName: 'com.amazonaws.us-east-1.ecr.dkr', State: 'pending' as never },
      ],
    });
    expect(check(await run(), 'endpoints')?.detail).toBe(
      'com.amazonaws.us-east-1.ecr.dkr (vpce-2) is pending; look at the endpoint in the VPC console.',
    );
  });

  it("fails a drifted security group with the property that changed and the stack's failed events", async () => {
    mocks.cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: 's',
      StackDriftDetectionId: 'd-1',
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'DRIFTED',
      Timestamp: new Date(),
    });
    mocks.cfn.on(DescribeStackResourceDriftsCommand).resolves({
      StackResourceDrifts: [
        {
          StackId: 's',
          LogicalResourceId: 'ExecutorSecurityGroup',
          PhysicalResourceId: 'sg-0exec',
          ResourceType: 'AWS::EC2::SecurityGroup',
          StackResourceDriftStatus: 'MODIFIED',
          Timestamp: new Date(),
          PropertyDifferences: [
            {
              PropertyPath: '/SecurityGroupIngress/1',
              DifferenceType: 'ADD',
              ExpectedValue: 'null',
              ActualValue: '{"CidrIp":"0.0.0.0/0"}',
            },
          ],
        },
      ],
    });
    mocks.cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        {
          StackId: 's',
          StackName: 'dev-network',
          EventId: 'e',
          Timestamp: new Date(),
          LogicalResourceId: 'S3Endpoint',
          ResourceStatus: 'UPDATE_FAILED',
          ResourceStatusReason: 'Route table not found',
        },
      ],
    });
    const detail = check(await run(), 'drift')?.detail;
    expect(detail).toContain(
      'stack dev-network has drifted: ExecutorSecurityGroup (AWS::EC2::SecurityGroup sg-0exec) MODIFIED: /SecurityGroupIngress/1 add (expected null, actual {"CidrIp":"0.0.0.0/0"})',
    );
    expect(detail).toContain('its failed events: S3Endpoint UPDATE_FAILED: Route table not found');
  });

  it('fails a log group without events in the smoke window', async () => {
    mocks.logs.on(FilterLogEventsCommand, { logGroupName: '/ecs/dev-executor' }).resolves({ events: [] });
    expect(check(await run(), 'logs')?.detail).toMatch(
      /^no log events in \/ecs\/dev-executor from .+; check the log group names/,
    );
  });

  it('fails a missing artifact', async () => {
    mocks.agentCore.on(InvokeAgentRuntimeCommand).callsFake(() => answers(`Total ${total}`, [PDF]));
    mocks.s3
      .on(HeadObjectCommand)
      .rejects(Object.assign(new Error('Not Found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    expect(check(await run(['pdf-report']), 'artifacts')?.detail).toBe(
      `${PDF} is missing from S3; the executor uploads artifacts when the session closes, look at its log for the upload.`,
    );
  });
});
