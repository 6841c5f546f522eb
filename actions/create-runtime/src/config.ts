// The runtime configuration the inputs ask for, and how it differs from the live one. An update replaces the
// whole configuration, so the update sends the managed settings from the inputs and every other setting
// GetAgentRuntime reports (authorizer, request headers, protocol, filesystems, metadata, capacity provider,
// platform version, the description when no input gives one, and each lifecycle value no input gives) as the
// live version has it, so an update never drops or resets them. Tags are not part of an update and stay as they are.
import type {
  AgentRuntimeArtifact,
  GetAgentRuntimeCommandOutput,
  LifecycleConfiguration,
  NetworkConfiguration,
  UpdateAgentRuntimeRequest,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { InputError } from '../../lib/inputs.js';
import type { DeployRequest } from './inputs.js';

/** Our agent speaks the AgentCore HTTP contract (/ping, /invocations): what a new runtime is created with. */
export const SERVER_PROTOCOL = 'HTTP';

export interface RuntimeConfiguration {
  agentRuntimeArtifact: AgentRuntimeArtifact;
  roleArn: string;
  networkConfiguration: NetworkConfiguration;
  environmentVariables: Record<string, string>;
  /** Only the values an input gives: the others stay as the runtime has them (AgentCore's defaults on create). */
  lifecycleConfiguration?: LifecycleConfiguration;
  description?: string;
}

type CarriedOver = Pick<
  UpdateAgentRuntimeRequest,
  | 'authorizerConfiguration'
  | 'requestHeaderConfiguration'
  | 'protocolConfiguration'
  | 'filesystemConfigurations'
  | 'metadataConfiguration'
  | 'capacityProviderConfiguration'
  | 'platformVersion'
  | 'description'
>;

/** Everything an update sends: the settings of the inputs and those carried over from the live version. */
export type UpdateConfiguration = RuntimeConfiguration & CarriedOver;

export function desiredConfiguration(request: DeployRequest): RuntimeConfiguration {
  const { network } = request;
  const lifecycle: LifecycleConfiguration = {
    ...(request.idleTimeoutSeconds === undefined ? {} : { idleRuntimeSessionTimeout: request.idleTimeoutSeconds }),
    ...(request.maxLifetimeSeconds === undefined ? {} : { maxLifetime: request.maxLifetimeSeconds }),
  };
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
    ...(Object.keys(lifecycle).length === 0 ? {} : { lifecycleConfiguration: lifecycle }),
    ...(request.description === undefined ? {} : { description: request.description }),
  };
}

/** What UpdateAgentRuntime gets: the live version's settings, with the desired ones over them. */
export function updatedConfiguration(
  live: GetAgentRuntimeCommandOutput,
  desired: RuntimeConfiguration,
): UpdateConfiguration {
  const kept: CarriedOver = {};
  if (live.authorizerConfiguration) kept.authorizerConfiguration = live.authorizerConfiguration;
  if (live.requestHeaderConfiguration) kept.requestHeaderConfiguration = live.requestHeaderConfiguration;
  if (live.protocolConfiguration) kept.protocolConfiguration = live.protocolConfiguration;
  if (live.filesystemConfigurations?.length) kept.filesystemConfigurations = live.filesystemConfigurations;
  if (live.metadataConfiguration) kept.metadataConfiguration = live.metadataConfiguration;
  if (live.capacityProviderConfiguration) kept.capacityProviderConfiguration = live.capacityProviderConfiguration;
  if (live.platformVersion) kept.platformVersion = live.platformVersion;
  // The desired configuration overrides it when the description input is given.
  if (live.description) kept.description = live.description;
  const lifecycle = { ...live.lifecycleConfiguration, ...desired.lifecycleConfiguration };
  return { ...kept, ...desired, ...(Object.keys(lifecycle).length > 0 ? { lifecycleConfiguration: lifecycle } : {}) };
}

/** AgentCore's documented lifecycle defaults, which a runtime created without them reports. */
const DEFAULT_IDLE_SECONDS = 900;
const DEFAULT_MAX_LIFETIME_SECONDS = 28800;

/** The lifecycle a runtime runs with: its own values, else AgentCore's defaults. */
function effectiveLifecycle(lifecycle: LifecycleConfiguration | undefined): Required<LifecycleConfiguration> {
  return {
    idleRuntimeSessionTimeout: lifecycle?.idleRuntimeSessionTimeout ?? DEFAULT_IDLE_SECONDS,
    maxLifetime: lifecycle?.maxLifetime ?? DEFAULT_MAX_LIFETIME_SECONDS,
  };
}

/**
 * Throws when the one lifecycle input given would leave an idle timeout longer than the instance lifetime the
 * runtime keeps (`live` absent: a new runtime, which gets AgentCore's defaults). Both given is checked with the
 * inputs.
 */
export function checkLifecycle(desired: RuntimeConfiguration, live?: GetAgentRuntimeCommandOutput): void {
  const wanted = desired.lifecycleConfiguration ?? {};
  const kept = effectiveLifecycle(live?.lifecycleConfiguration);
  const { idleRuntimeSessionTimeout: idle, maxLifetime: max } = effectiveLifecycle({ ...kept, ...wanted });
  if (idle <= max) return;
  const keeps = live ? 'the runtime keeps' : 'AgentCore gives a new runtime';
  throw new InputError(
    wanted.idleRuntimeSessionTimeout === undefined
      ? `Input "max-lifetime-seconds" is ${max}, less than the idle timeout ${keeps} (${idle} seconds) while "idle-timeout-seconds" is empty: give idle-timeout-seconds too, at most ${max}.`
      : `Input "idle-timeout-seconds" is ${idle}, more than the instance lifetime ${keeps} (${max} seconds) while "max-lifetime-seconds" is empty: give max-lifetime-seconds too, at least ${idle}.`,
  );
}

/** The names of the settings whose live value differs from the desired one; empty when nothing changed. */
export function configurationChanges(live: GetAgentRuntimeCommandOutput, desired: RuntimeConfiguration): string[] {
  const liveLifecycle = effectiveLifecycle(live.lifecycleConfiguration);
  const wantedLifecycle = { ...liveLifecycle, ...desired.lifecycleConfiguration };
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
      `${liveLifecycle.idleRuntimeSessionTimeout}/${liveLifecycle.maxLifetime}`,
      `${wantedLifecycle.idleRuntimeSessionTimeout}/${wantedLifecycle.maxLifetime}`,
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
