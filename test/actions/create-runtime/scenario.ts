// Shared set-up of the scenario tests: a fake AgentCore behind a mocked client, a fake clock, and requests
// built from INPUT_* variables exactly as the runner passes them.
import { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { mockClient } from 'aws-sdk-client-mock';
import { desiredConfiguration } from '../../../actions/create-runtime/src/config.js';
import { type DeployResult, deployRuntime } from '../../../actions/create-runtime/src/deploy.js';
import { type DeployRequest, type Request, readRequest } from '../../../actions/create-runtime/src/inputs.js';
import { inputVariable } from '../../../actions/lib/inputs.js';
import { FakeClock } from '../../support/fake-clock.js';
import { FakeAgentCore } from './fake-agentcore.js';

export const DIGEST = `sha256:${'a1'.repeat(32)}`;
export const NEW_DIGEST = `sha256:${'b2'.repeat(32)}`;
export const REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-agent';
export const ROLE = 'arn:aws:iam::123456789012:role/bedrock-manus-dev-runtime';

/** The inputs of the dev deployment in the pipeline. */
export const DEV_INPUTS: Record<string, string> = {
  name: 'bedrock_manus_dev',
  image: `${REPOSITORY}@${DIGEST}`,
  'role-arn': ROLE,
  subnets: 'subnet-0a1b2c3d4e5f60718\nsubnet-0f1e2d3c4b5a69788',
  'security-groups': 'sg-0123456789abcdef0',
  environment:
    'EXECUTOR_URL=http://internal-executor.example:8080\nCODER_MODEL_ID=anthropic.claude-sonnet\nLOG_LEVEL=info',
  tags: 'project=bedrock-manus\nenvironment=dev',
  'timeout-minutes': '30',
};

export function inputEnv(inputs: Record<string, string>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value]));
}

export function request(overrides: Record<string, string> = {}): Request {
  return readRequest(inputEnv({ ...DEV_INPUTS, ...overrides }));
}

export function deployRequest(overrides: Record<string, string> = {}): DeployRequest {
  const parsed = request(overrides);
  if (parsed.mode !== 'deploy') throw new Error('expected a deploy request');
  return parsed;
}

/** The configuration a previous run left live. */
export function liveConfiguration(overrides: Record<string, string> = {}) {
  return desiredConfiguration(deployRequest(overrides));
}

export function scenario() {
  const clock = new FakeClock();
  const agentcore = new FakeAgentCore(clock);
  const mock = mockClient(BedrockAgentCoreControlClient);
  agentcore.install(mock);
  const client = new BedrockAgentCoreControlClient({ region: 'us-east-1' });
  const logs: string[] = [];
  const found: { arn: string; previousVersion?: string }[] = [];
  const started = clock.now();
  const run = (deploy: Request): Promise<DeployResult> =>
    deployRuntime(client, deploy, {
      clock,
      log: (line) => logs.push(line),
      random: () => 0.5,
      onEndpointFound: (endpoint) => found.push(endpoint),
    });
  return { clock, agentcore, mock, logs, found, run, elapsed: () => clock.now() - started };
}
