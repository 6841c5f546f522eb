// deploy-stack: read the inputs, check the template's parameters before any AWS call, deploy, then write the
// outputs and the step summary. Every failure leaves through runAction as one sentence.
import { readFileSync } from 'node:fs';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '../../../lib/aws.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import { parseTemplate } from '../../lib/cfn-template.js';
import { parseInputs } from '../../lib/inputs.js';
import { PollTimeoutError } from '../../lib/poll.js';
import { appendSummary, info, mask, outputName, runAction, setOutput, warning } from '../../lib/runner.js';
import { type DeployResult, deployStack } from './deploy.js';
import { DeployFailure } from './failure.js';
import { inputSpecs } from './inputs.js';
import { checkParameters, mergeParameters, secretParameterValues } from './parameters.js';
import { changesMarkdownOf, failureSummary, successSummary } from './summary.js';

const FIXED_OUTPUTS = new Set([
  'stack-id',
  'stack-status',
  'has-changes',
  'change-set-id',
  'changes-markdown',
  'outputs',
]);

export async function run(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Promise<void> {
  await runAction(async () => {
    const inputs = parseInputs(inputSpecs, env);
    const templateBody = readTemplate(inputs.template);
    const template = parseTemplate(templateBody, `The template ${inputs.template}`);
    const parameters = mergeParameters(inputs.parameters, (path) => readFileSync(path, 'utf8'));
    checkParameters(parameters, template, `The template ${inputs.template}`);
    for (const secret of secretParameterValues(parameters, template)) mask(secret);

    const cloudFormationConfig = awsClientConfig('deploy-stack', 'CloudFormation', { env });
    const context = {
      cloudFormation: new CloudFormationClient(cloudFormationConfig),
      s3: new S3Client(awsClientConfig('deploy-stack', 'S3', { env })),
      clock,
      deadline: clock.now() + inputs.timeoutMinutes * 60_000,
      region: cloudFormationConfig.region,
      log: info,
    };
    let result: DeployResult;
    try {
      result = await deployStack(context, {
        stackName: inputs.stackName,
        templatePath: inputs.template,
        templateBody,
        parameters,
        tags: inputs.tags ?? {},
        capabilities: inputs.capabilities,
        mode: inputs.mode,
        terminationProtection: inputs.terminationProtection,
        templateBucket: inputs.templateBucket,
        failOnEmptyChangeset: inputs.failOnEmptyChangeset,
        allowReplacement: inputs.allowReplacement,
      });
    } catch (error) {
      const explained = explainTimeout(error, inputs.timeoutMinutes);
      const message = explained instanceof Error ? explained.message : String(explained);
      appendSummary(
        failureSummary(inputs.stackName, message, error instanceof DeployFailure ? error.details : {}),
        env,
      );
      throw explained;
    }
    writeOutputs(inputs.stackName, result, env);
    appendSummary(successSummary(inputs.stackName, inputs.mode, result), env);
  });
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `The template ${path} cannot be read: ${code === 'ENOENT' ? 'it does not exist' : (error as Error).message}.`,
    );
  }
}

function explainTimeout(error: unknown, minutes: number): unknown {
  if (!(error instanceof PollTimeoutError)) return error;
  return new Error(
    `${error.message.replace(/\.$/, '')}: timeout-minutes (${minutes}) ran out; CloudFormation goes on with any ` +
      'operation already started, so check the stack in the console before re-running.',
  );
}

function writeOutputs(stackName: string, result: DeployResult, env: NodeJS.ProcessEnv): void {
  setOutput('stack-id', result.stackId, env);
  setOutput('stack-status', result.stackStatus, env);
  setOutput('has-changes', result.hasChanges, env);
  setOutput('change-set-id', result.changeSetId, env);
  setOutput('changes-markdown', changesMarkdownOf(stackName, result), env);
  setOutput('outputs', JSON.stringify(result.outputs), env);
  for (const [key, value] of Object.entries(result.outputs)) {
    const name = outputName(key);
    if (FIXED_OUTPUTS.has(name)) warning(`The stack output ${key} is not set as an output: ${name} is taken.`);
    else setOutput(name, value, env);
  }
}
