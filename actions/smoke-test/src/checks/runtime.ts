// The runtime READY and its endpoint serving the expected version; when not, the runtime's failure reason and
// its network interfaces (a VPC runtime that cannot start usually cannot reach something from its subnets).
import {
  type BedrockAgentCoreControlClient,
  GetAgentRuntimeCommand,
  GetAgentRuntimeEndpointCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { send } from '../../../../lib/errors.js';
import { type CheckResult, list, result } from './check.js';
import { runtimeInterfaces } from './network.js';

export function runtimeIdOf(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

export async function runtimeCheck(
  control: BedrockAgentCoreControlClient,
  ec2: EC2Client,
  options: { runtimeArn: string; qualifier: string; expectedVersion?: string },
): Promise<CheckResult> {
  const agentRuntimeId = runtimeIdOf(options.runtimeArn);
  const runtime = await send(control, new GetAgentRuntimeCommand({ agentRuntimeId }));
  const expected = options.expectedVersion ?? runtime.agentRuntimeVersion;
  const problems: string[] = [];
  if (runtime.status !== 'READY') {
    problems.push(
      `runtime ${agentRuntimeId} is ${runtime.status}${runtime.failureReason ? `: ${runtime.failureReason}` : ''}`,
    );
  }
  const endpoint = await send(
    control,
    new GetAgentRuntimeEndpointCommand({ agentRuntimeId, endpointName: options.qualifier }),
  );
  if (endpoint.status !== 'READY') {
    problems.push(
      `endpoint ${options.qualifier} is ${endpoint.status}${endpoint.failureReason ? `: ${endpoint.failureReason}` : ''}`,
    );
  }
  if (endpoint.liveVersion !== expected) {
    problems.push(
      `endpoint ${options.qualifier} serves version ${endpoint.liveVersion ?? 'none'}${endpoint.targetVersion && endpoint.targetVersion !== endpoint.liveVersion ? ` (moving to ${endpoint.targetVersion})` : ''}, not the expected version ${expected}; re-run create-runtime with this endpoint`,
    );
  }
  if (problems.length === 0) {
    return result('runtime', 'passed', `runtime READY, endpoint ${options.qualifier} on version ${expected}.`);
  }
  const config = runtime.networkConfiguration?.networkModeConfig;
  const interfaces =
    runtime.networkConfiguration?.networkMode === 'VPC'
      ? await runtimeInterfaces(ec2, config?.subnets ?? [], config?.securityGroups ?? [])
      : [];
  const where =
    runtime.networkConfiguration?.networkMode === 'VPC'
      ? `; the runtime's network interfaces: ${interfaces.length ? list(interfaces, 5) : `none in ${(config?.subnets ?? []).join(', ')}`}`
      : '';
  return result(
    'runtime',
    'failed',
    `${list(problems)}${where}; look at the runtime's log group /aws/bedrock-agentcore/runtimes/${agentRuntimeId}-${options.qualifier}.`,
  );
}
