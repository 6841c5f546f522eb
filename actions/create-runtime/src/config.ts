// The runtime configuration the inputs ask for, and how it differs from the live one. An update replaces the
// whole configuration, so every managed setting is sent every time; settings this action does not manage
// (authorizer, request headers, filesystems, metadata, and the description when no input gives one) are carried
// over from the live version so an update never drops them. Tags are not part of an update and stay as they are.
import type {
  AgentRuntimeArtifact,
  GetAgentRuntimeCommandOutput,
  LifecycleConfiguration,
  NetworkConfiguration,
  ProtocolConfiguration,
  UpdateAgentRuntimeRequest,
} from '@aws-sdk/client-bedrock-agentcore-control';
import type { DeployRequest } from './inputs.js';

/** Our agent speaks the AgentCore HTTP contract (/ping, /invocations). */
export const SERVER_PROTOCOL = 'HTTP';

export interface RuntimeConfiguration {
  agentRuntimeArtifact: AgentRuntimeArtifact;
  roleArn: string;
  networkConfiguration: NetworkConfiguration;
  environmentVariables: Record<string, string>;
  lifecycleConfiguration: Required<LifecycleConfiguration>;
  protocolConfiguration: ProtocolConfiguration;
  description?: string;
}

type UnmanagedSettings = Pick<
  UpdateAgentRuntimeRequest,
  | 'authorizerConfiguration'
  | 'requestHeaderConfiguration'
  | 'filesystemConfigurations'
  | 'metadataConfiguration'
  | 'description'
>;

export function desiredConfiguration(request: DeployRequest): RuntimeConfiguration {
  const { network } = request;
  return {
    agentRuntimeArtifact: { containerConfiguration: { containerUri: request.image } },
    roleArn: request.roleArn,
    networkConfiguration:
      network.mode === 'VPC'
        ? {
            networkMode: 'VPC',
            networkModeConfig: { subnets: network.subnets, securityGroups: network.securityGroups },
          }
        : { networkMode: 'PUBLIC' },
    environmentVariables: request.environment,
    lifecycleConfiguration: {
      idleRuntimeSessionTimeout: request.idleTimeoutSeconds,
      maxLifetime: request.maxLifetimeSeconds,
    },
    protocolConfiguration: { serverProtocol: SERVER_PROTOCOL },
    ...(request.description === undefined ? {} : { description: request.description }),
  };
}

export function unmanagedSettings(live: GetAgentRuntimeCommandOutput): UnmanagedSettings {
  const kept: UnmanagedSettings = {};
  if (live.authorizerConfiguration) kept.authorizerConfiguration = live.authorizerConfiguration;
  if (live.requestHeaderConfiguration) kept.requestHeaderConfiguration = live.requestHeaderConfiguration;
  if (live.filesystemConfigurations?.length) kept.filesystemConfigurations = live.filesystemConfigurations;
  if (live.metadataConfiguration) kept.metadataConfiguration = live.metadataConfiguration;
  // The desired configuration overrides it when the description input is given.
  if (live.description) kept.description = live.description;
  return kept;
}

/** AgentCore's documented lifecycle defaults, which a runtime created without them reports. */
const DEFAULT_IDLE_SECONDS = 900;
const DEFAULT_MAX_LIFETIME_SECONDS = 28800;

/** The names of the settings whose live value differs from the desired one; empty when nothing changed. */
export function configurationChanges(live: GetAgentRuntimeCommandOutput, desired: RuntimeConfiguration): string[] {
  const liveLifecycle = live.lifecycleConfiguration;
  const comparisons: [string, unknown, unknown][] = [
    [
      'image',
      live.agentRuntimeArtifact?.containerConfiguration?.containerUri,
      desired.agentRuntimeArtifact.containerConfiguration?.containerUri,
    ],
    ['role', live.roleArn, desired.roleArn],
    ['network', networkKey(live.networkConfiguration), networkKey(desired.networkConfiguration)],
    ['environment', environmentKey(live.environmentVariables), environmentKey(desired.environmentVariables)],
    [
      'lifecycle',
      `${liveLifecycle?.idleRuntimeSessionTimeout ?? DEFAULT_IDLE_SECONDS}/${liveLifecycle?.maxLifetime ?? DEFAULT_MAX_LIFETIME_SECONDS}`,
      `${desired.lifecycleConfiguration.idleRuntimeSessionTimeout}/${desired.lifecycleConfiguration.maxLifetime}`,
    ],
    [
      'protocol',
      live.protocolConfiguration?.serverProtocol ?? SERVER_PROTOCOL,
      desired.protocolConfiguration.serverProtocol,
    ],
  ];
  // Not given means not managed: were an omitted description kept by AgentCore, comparing it would update forever.
  if (desired.description !== undefined) comparisons.push(['description', live.description ?? '', desired.description]);
  return comparisons.filter(([, was, wanted]) => was !== wanted).map(([name]) => name);
}

/** Order-free: AgentCore may list subnets and security groups in any order. */
function networkKey(network: NetworkConfiguration | undefined): string {
  const vpc = network?.networkModeConfig;
  const subnets = [...(vpc?.subnets ?? [])].sort().join(',');
  const groups = [...(vpc?.securityGroups ?? [])].sort().join(',');
  return `${network?.networkMode ?? 'PUBLIC'}|${subnets}|${groups}`;
}

function environmentKey(environment: Record<string, string> | undefined): string {
  return JSON.stringify(Object.entries(environment ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
