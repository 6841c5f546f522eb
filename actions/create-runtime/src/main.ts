// Reads the inputs, runs the deployment, writes outputs and the step summary. Every failure leaves through
// runAction as one sentence.
import * as core from '@actions/core';
import { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { EC2Client } from '@aws-sdk/client-ec2';
import { awsClientConfig } from '../../../lib/aws.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import { appendSummary, runAction } from '../../lib/runner.js';
import { type DeployResult, deployRuntime } from './deploy.js';
import { readRequest } from './inputs.js';
import { renderFailure, renderSummary } from './summary.js';
import { checkSubnetZones } from './zones.js';

export function run(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Promise<void> {
  return runAction(async () => {
    try {
      const request = readRequest(env);
      const config = awsClientConfig('create-runtime', 'Bedrock AgentCore Control', { env });
      const client = new BedrockAgentCoreControlClient(config);
      const ec2Config = awsClientConfig('create-runtime', 'EC2', { env });
      const result = await deployRuntime(client, request, {
        clock,
        log: core.info,
        checkZones: (subnets) => checkSubnetZones(new EC2Client(ec2Config), ec2Config.region, subnets),
        onEndpointFound: ({ arn, previousVersion }) => {
          core.setOutput('endpoint-arn', arn);
          core.setOutput('previous-version', previousVersion ?? '');
        },
      });
      writeOutputs(result);
      appendSummary(renderSummary(result, config.region));
    } catch (error) {
      // The reviewer reads the summary, not the log: the failure goes there too before runAction reports it.
      appendSummary(renderFailure(error));
      throw error;
    }
  });
}

function writeOutputs(result: DeployResult): void {
  core.setOutput('runtime-arn', result.runtime.arn);
  core.setOutput('runtime-id', result.runtime.id);
  core.setOutput('runtime-version', result.runtime.version);
  core.setOutput('status', result.outcome);
  // With an endpoint, onEndpointFound wrote these before the move.
  if (!result.endpoint) {
    core.setOutput('endpoint-arn', '');
    core.setOutput('previous-version', '');
  }
}
