// Reads the inputs, builds the transport and clients, runs the smoke test, writes `passed`, `report` and the
// step summary; a failed test fails the step after the outputs are written.
import * as core from '@actions/core';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, resolveEndpoint } from '../../../lib/aws.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import { appendSummary, runAction } from '../../lib/runner.js';
import { awsTransport } from './aws-transport.js';
import { localDataset, readS3Object, s3Dataset } from './dataset-source.js';
import { readRequest, type SmokeRequest } from './inputs.js';
import { pdfText } from './pdf-text.js';
import type { Dataset } from './run-job.js';
import { type PostDeploy, smokeTest } from './smoke.js';
import { renderSummary, reportJson } from './summary.js';
import { urlTransport } from './url-transport.js';

const ACTION = 'smoke-test';

function s3Client(env: NodeJS.ProcessEnv): S3Client {
  // A local S3-compatible server (AWS_ENDPOINT_URL_S3) serves buckets by path, not by host name.
  return new S3Client({
    ...awsClientConfig(ACTION, 'S3', { env }),
    forcePathStyle: resolveEndpoint('S3', env) !== undefined,
  });
}

async function loadDataset(request: SmokeRequest, env: NodeJS.ProcessEnv): Promise<Dataset | undefined> {
  if (request.dataset === undefined) return undefined;
  return request.dataset.startsWith('s3://')
    ? s3Dataset(s3Client(env), request.dataset, request.amountColumn)
    : localDataset(request.dataset, request.amountColumn);
}

export function run(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Promise<void> {
  return runAction(async () => {
    const request = readRequest(env);
    const dataset = await loadDataset(request, env);
    const target = request.target;
    const canReadS3 = target.mode === 'aws' || resolveEndpoint('S3', env) !== undefined;
    const s3 = canReadS3 ? s3Client(env) : undefined;
    const transport =
      target.mode === 'aws'
        ? awsTransport(
            new BedrockAgentCoreClient(awsClientConfig(ACTION, 'Bedrock AgentCore', { env })),
            target.runtimeArn,
            target.qualifier,
          )
        : urlTransport(target.url);
    let postDeploy: PostDeploy | undefined;
    if (target.mode === 'aws') {
      const config = (service: string) => awsClientConfig(ACTION, service, { env });
      postDeploy = {
        clients: {
          cloudFormation: new CloudFormationClient(config('CloudFormation')),
          ec2: new EC2Client(config('EC2')),
          elb: new ElasticLoadBalancingV2Client(config('Elastic Load Balancing v2')),
          ecs: new ECSClient(config('ECS')),
          control: new BedrockAgentCoreControlClient(config('Bedrock AgentCore Control')),
          logs: new CloudWatchLogsClient(config('CloudWatch Logs')),
          s3: s3 as S3Client,
        },
        runtimeArn: target.runtimeArn,
        qualifier: target.qualifier,
        stackNames: request.stackNames,
        logGroups: request.logGroups,
        ...(request.expectedVersion ? { expectedVersion: request.expectedVersion } : {}),
        ...(request.artifactsBucket ? { artifactsBucket: request.artifactsBucket } : {}),
        ...(request.cluster ? { cluster: request.cluster } : {}),
        ...(request.service ? { service: request.service } : {}),
        ...(request.targetGroupArn ? { targetGroupArn: request.targetGroupArn } : {}),
      };
    }
    const result = await smokeTest(
      request.jobs,
      dataset,
      {
        transport,
        clock,
        deadline: clock.now() + request.timeoutMinutes * 60_000,
        retries: request.retries,
        log: core.info,
        pdfText,
        ...(s3 ? { readArtifact: (uri: string) => readS3Object(s3, uri) } : {}),
      },
      postDeploy,
    );
    core.setOutput('passed', result.passed);
    core.setOutput('report', reportJson(result));
    appendSummary(renderSummary(result, transport.target));
    if (!result.passed) {
      const failed = result.checks.filter((check) => check.state === 'failed');
      throw new Error(`Smoke test failed: ${failed.map((check) => `${check.title}: ${check.detail}`).join(' | ')}`);
    }
  });
}
