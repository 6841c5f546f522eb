// deploy-stack: read the inputs, check the template's parameters before any AWS call, deploy, then write the
// outputs and the step summary. Every failure leaves through runAction as one sentence.
import * as core from '@actions/core';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '../../../lib/aws.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import { PollTimeoutError } from '../../lib/poll.js';
import { appendSummary, outputName, runAction } from '../../lib/runner.js';
import { type DeployResult, deployStack } from './deploy.js';
import { DeployFailure } from './failure.js';
import { readRequest } from './inputs.js';
import { changesMarkdownOf, failureSummary, successSummary } from './summary.js';

const FIXED_OUTPUTS = new Set([
  'stack-id',
  'stack-status',
  'has-changes',
  'change-set-id',
  'changes-markdown',
  'outputs',
]);

export function run(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Promise<void> {
  return runAction(async () => {
    const { deploy, timeoutMinutes, secrets } = readRequest(env);
    for (const secret of secrets) core.setSecret(secret);
    const cloudFormationConfig = awsClientConfig('deploy-stack', 'CloudFormation', { env });
    const context = {
      cloudFormation: new CloudFormationClient(cloudFormationConfig),
      s3: new S3Client(awsClientConfig('deploy-stack', 'S3', { env })),
      clock,
      deadline: clock.now() + timeoutMinutes * 60_000,
      region: cloudFormationConfig.region,
      log: core.info,
    };
    let result: DeployResult;
    try {
      result = await deployStack(context, deploy);
    } catch (error) {
      const explained = explainTimeout(error, timeoutMinutes);
      const message = explained instanceof Error ? explained.message : String(explained);
      appendSummary(failureSummary(deploy.stackName, message, error instanceof DeployFailure ? error.details : {}));
      throw explained;
    }
    writeOutputs(deploy.stackName, result);
    appendSummary(successSummary(deploy.stackName, deploy.mode, result));
  });
}

function explainTimeout(error: unknown, minutes: number): unknown {
  if (!(error instanceof PollTimeoutError)) return error;
  return new Error(
    `${error.message.replace(/\.$/, '')}: timeout-minutes (${minutes}) ran out; CloudFormation goes on with any ` +
      'operation already started, so check the stack in the console before re-running.',
  );
}

function writeOutputs(stackName: string, result: DeployResult): void {
  core.setOutput('stack-id', result.stackId);
  core.setOutput('stack-status', result.stackStatus);
  core.setOutput('has-changes', result.hasChanges);
  core.setOutput('change-set-id', result.changeSetId);
  core.setOutput('changes-markdown', changesMarkdownOf(stackName, result));
  core.setOutput('outputs', JSON.stringify(result.outputs));
  for (const [key, value] of Object.entries(result.outputs)) {
    const name = outputName(key);
    if (FIXED_OUTPUTS.has(name)) core.warning(`The stack output ${key} is not set as an output: ${name} is taken.`);
    else core.setOutput(name, value);
  }
}
