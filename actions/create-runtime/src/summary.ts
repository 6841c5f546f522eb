// The step summary: what the runtime and its endpoint look like after this run, and why.
import type { NetworkConfiguration } from '@aws-sdk/client-bedrock-agentcore-control';
import { codeBlock, heading, link, table } from '../../lib/summary.js';
import type { DeployResult, Outcome } from './deploy.js';

const OUTCOME: Record<Outcome, string> = {
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged (configuration already live)',
  promoted: 'promoted (nothing created)',
};

export function consoleUrl(region: string, runtimeId: string): string {
  return `https://${region}.console.aws.amazon.com/bedrock-agentcore/agents/${encodeURIComponent(runtimeId)}?region=${region}`;
}

export function describeNetwork(network: NetworkConfiguration | undefined): string {
  if (network?.networkMode !== 'VPC') return 'PUBLIC';
  const subnets = network.networkModeConfig?.subnets ?? [];
  const groups = network.networkModeConfig?.securityGroups ?? [];
  return `VPC (subnets ${subnets.join(', ')}; security groups ${groups.join(', ')})`;
}

function describeEndpoint(result: DeployResult): string {
  const endpoint = result.endpoint;
  if (!endpoint) return 'none named (DEFAULT follows the latest version)';
  const before = endpoint.previousVersion ?? 'new';
  return `${endpoint.name}: ${before} → ${endpoint.version}${endpoint.change === 'unchanged' ? ' (already there)' : ''}`;
}

export function renderSummary(result: DeployResult, region: string): string {
  const { runtime } = result;
  const rows = [
    ['Runtime', `${runtime.name} (${runtime.id})`],
    ['Version', `${runtime.version}: ${OUTCOME[result.outcome]}`],
    ...(result.changes.length > 0 ? [['Changed', result.changes.join(', ')]] : []),
    ['Endpoint', describeEndpoint(result)],
    ['Network', describeNetwork(result.network)],
    ...(result.image ? [['Image', result.image]] : []),
    ['Console', link('open in the AgentCore console', consoleUrl(region, runtime.id))],
  ];
  return [heading(`create-runtime: ${runtime.name} version ${runtime.version}`), '', table(['', ''], rows)].join('\n');
}

/** In a code block: runtime names hold underscores, which markdown would read as emphasis. */
export function renderFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return [heading('create-runtime failed'), '', codeBlock(message, 'text')].join('\n');
}
