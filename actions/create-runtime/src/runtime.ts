// The runtime's AWS calls: find it by name, create or update it, and wait for the version to be READY.
// bedrock-agentcore-control has no waiters, so versions are polled; a failed version fails with AgentCore's
// failureReason, never with a bare status.
import {
  type AgentRuntime,
  type AgentRuntimeStatus,
  type BedrockAgentCoreControlClient,
  CreateAgentRuntimeCommand,
  GetAgentRuntimeCommand,
  type GetAgentRuntimeCommandOutput,
  ListAgentRuntimesCommand,
  ListAgentRuntimeVersionsCommand,
  TagResourceCommand,
  UpdateAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { send } from '../../../lib/errors.js';
import { formatDuration, pollUntil } from '../../lib/poll.js';
import { type RuntimeConfiguration, SERVER_PROTOCOL, type UpdateConfiguration } from './config.js';
import type { Context } from './context.js';
import { whileRolePropagates } from './role-propagation.js';

export interface RuntimeVersion {
  id: string;
  arn: string;
  version: string;
}

const IN_PROGRESS = new Set<AgentRuntimeStatus | undefined>(['CREATING', 'UPDATING']);
const FAILED = new Set<AgentRuntimeStatus | undefined>(['CREATE_FAILED', 'UPDATE_FAILED']);
const GONE = new Set<AgentRuntimeStatus | undefined>(['DELETING', 'DELETE_FAILED']);
/** Runtime versions take minutes to start; checking more often than every few seconds only spends quota. */
const POLL_BACKOFF = { baseMs: 5_000, capMs: 30_000 };

export async function findRuntime(
  client: BedrockAgentCoreControlClient,
  name: string,
): Promise<AgentRuntime | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await send(client, new ListAgentRuntimesCommand({ maxResults: 100, nextToken }));
    const found = page.agentRuntimes?.find((runtime) => runtime.agentRuntimeName === name);
    if (found) return found;
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

export function getRuntime(
  client: BedrockAgentCoreControlClient,
  id: string,
  version?: string,
): Promise<GetAgentRuntimeCommandOutput> {
  return send(client, new GetAgentRuntimeCommand({ agentRuntimeId: id, agentRuntimeVersion: version }));
}

export async function listVersions(client: BedrockAgentCoreControlClient, id: string): Promise<AgentRuntime[]> {
  const versions: AgentRuntime[] = [];
  let nextToken: string | undefined;
  do {
    const page = await send(client, new ListAgentRuntimeVersionsCommand({ agentRuntimeId: id, nextToken }));
    versions.push(...(page.agentRuntimes ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return versions;
}

export async function createRuntime(
  client: BedrockAgentCoreControlClient,
  name: string,
  configuration: RuntimeConfiguration,
  tags: Record<string, string>,
  context: Context,
): Promise<RuntimeVersion> {
  const command = () =>
    send(
      client,
      new CreateAgentRuntimeCommand({
        agentRuntimeName: name,
        ...configuration,
        protocolConfiguration: { serverProtocol: SERVER_PROTOCOL },
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
      }),
    );
  const created = await whileRolePropagates(configuration.roleArn, command, context);
  return runtimeVersion(created, 'CreateAgentRuntime');
}

/** Sends the whole configuration: an update replaces it, so anything left out would be dropped. */
export async function updateRuntime(
  client: BedrockAgentCoreControlClient,
  id: string,
  configuration: UpdateConfiguration,
  context: Context,
): Promise<RuntimeVersion> {
  const command = () => send(client, new UpdateAgentRuntimeCommand({ agentRuntimeId: id, ...configuration }));
  const updated = await whileRolePropagates(configuration.roleArn, command, context);
  return runtimeVersion(updated, 'UpdateAgentRuntime');
}

function runtimeVersion(
  output: { agentRuntimeId?: string; agentRuntimeArn?: string; agentRuntimeVersion?: string },
  operation: string,
): RuntimeVersion {
  const { agentRuntimeId: id, agentRuntimeArn: arn, agentRuntimeVersion: version } = output;
  if (!id || !arn || !version)
    throw new Error(`AgentCore ${operation} answered without the runtime id, ARN or version.`);
  return { id, arn, version };
}

/** Tags are not part of a version, so an update applies them separately; TagResource only adds or overwrites. */
export async function tagRuntime(
  client: BedrockAgentCoreControlClient,
  arn: string,
  tags: Record<string, string>,
): Promise<void> {
  if (Object.keys(tags).length > 0) await send(client, new TagResourceCommand({ resourceArn: arn, tags }));
}

export function waitUntilReady(
  client: BedrockAgentCoreControlClient,
  name: string,
  version: RuntimeVersion,
  context: Context,
): Promise<GetAgentRuntimeCommandOutput> {
  return poll(client, name, version.id, version.version, context, (runtime) => {
    if (runtime.status === 'READY') return true;
    if (FAILED.has(runtime.status)) {
      throw new Error(
        `Runtime ${name} version ${version.version} is ${runtime.status}: ${runtime.failureReason ?? 'AgentCore gave no failureReason'}.`,
      );
    }
    return false;
  });
}

/** Waits out a create or update already in progress (a cancelled run, a concurrent one) before changing anything. */
export function waitUntilSettled(
  client: BedrockAgentCoreControlClient,
  name: string,
  id: string,
  context: Context,
): Promise<GetAgentRuntimeCommandOutput> {
  return poll(client, name, id, undefined, context, (runtime) => !IN_PROGRESS.has(runtime.status));
}

async function poll(
  client: BedrockAgentCoreControlClient,
  name: string,
  id: string,
  version: string | undefined,
  context: Context,
  done: (runtime: GetAgentRuntimeCommandOutput) => boolean,
): Promise<GetAgentRuntimeCommandOutput> {
  const started = context.clock.now();
  const label = version ? `runtime ${name} version ${version}` : `runtime ${name}`;
  return pollUntil(
    async () => {
      const runtime = await getRuntime(client, id, version);
      if (GONE.has(runtime.status)) {
        throw new Error(`Runtime ${name} is ${runtime.status}: wait for the deletion to finish, then run again.`);
      }
      return done(runtime) ? { done: true, value: runtime } : { done: false, status: runtime.status ?? 'unknown' };
    },
    {
      what: version ? `${label} to become READY` : `the operation in progress on ${label} to finish`,
      deadline: context.deadline,
      clock: context.clock,
      random: context.random,
      backoff: POLL_BACKOFF,
      onPending: (status) => context.log(`${label}: ${status} after ${formatDuration(context.clock.now() - started)}`),
    },
  );
}
