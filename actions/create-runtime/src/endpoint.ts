// A named endpoint (dev, prod) pointed at one runtime version: created when new, moved otherwise, and waited on
// until the version it serves (liveVersion) is the one it was moved to (targetVersion). Its version before the
// move is kept for rollback.
import {
  type AgentRuntimeEndpointStatus,
  type BedrockAgentCoreControlClient,
  CreateAgentRuntimeEndpointCommand,
  GetAgentRuntimeEndpointCommand,
  type GetAgentRuntimeEndpointCommandOutput,
  UpdateAgentRuntimeEndpointCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { AwsCallError, send } from '../../../lib/errors.js';
import { formatDuration, pollUntil } from '../../lib/poll.js';
import type { Context } from './context.js';

export interface EndpointTarget {
  runtimeId: string;
  runtimeName: string;
  endpoint: string;
  version: string;
  tags: Record<string, string>;
}

export interface EndpointResult {
  name: string;
  arn: string;
  /** The version the endpoint served before; undefined when it was created. */
  previousVersion?: string;
  version: string;
  change: 'created' | 'moved' | 'unchanged';
}

const IN_PROGRESS = new Set<AgentRuntimeEndpointStatus | undefined>(['CREATING', 'UPDATING']);
const FAILED = new Set<AgentRuntimeEndpointStatus | undefined>(['CREATE_FAILED', 'UPDATE_FAILED']);
const POLL_BACKOFF = { baseMs: 3_000, capMs: 30_000 };

type Endpoint = GetAgentRuntimeEndpointCommandOutput;

export async function pointEndpoint(
  client: BedrockAgentCoreControlClient,
  target: EndpointTarget,
  context: Context,
): Promise<EndpointResult> {
  let current = await findEndpoint(client, target);
  if (current && IN_PROGRESS.has(current.status)) {
    current = await poll(client, target, context, 'the change in progress to finish', (endpoint) => {
      return !IN_PROGRESS.has(endpoint.status);
    });
  }
  const result = { name: target.endpoint, version: target.version };
  if (!current) {
    context.log(`Creating endpoint ${target.endpoint} on version ${target.version}.`);
    const created = await send(
      client,
      new CreateAgentRuntimeEndpointCommand({
        agentRuntimeId: target.runtimeId,
        name: target.endpoint,
        agentRuntimeVersion: target.version,
        ...(Object.keys(target.tags).length > 0 ? { tags: target.tags } : {}),
      }),
    );
    context.onEndpointFound?.({ arn: created.agentRuntimeEndpointArn ?? '' });
    const ready = await waitUntilServing(client, target, undefined, context);
    return {
      ...result,
      arn: ready.agentRuntimeEndpointArn ?? created.agentRuntimeEndpointArn ?? '',
      change: 'created',
    };
  }
  const previousVersion = current.liveVersion;
  context.onEndpointFound?.({ arn: current.agentRuntimeEndpointArn ?? '', previousVersion });
  if (current.status === 'READY' && serves(current, target.version)) {
    context.log(`Endpoint ${target.endpoint} already serves version ${target.version}.`);
    return { ...result, arn: current.agentRuntimeEndpointArn ?? '', previousVersion, change: 'unchanged' };
  }
  context.log(`Moving endpoint ${target.endpoint} from version ${previousVersion ?? 'none'} to ${target.version}.`);
  await send(
    client,
    new UpdateAgentRuntimeEndpointCommand({
      agentRuntimeId: target.runtimeId,
      endpointName: target.endpoint,
      agentRuntimeVersion: target.version,
    }),
  );
  const moved = await waitUntilServing(client, target, previousVersion, context);
  return {
    ...result,
    arn: moved.agentRuntimeEndpointArn ?? current.agentRuntimeEndpointArn ?? '',
    previousVersion,
    change: 'moved',
  };
}

async function findEndpoint(
  client: BedrockAgentCoreControlClient,
  target: EndpointTarget,
): Promise<Endpoint | undefined> {
  try {
    return await send(
      client,
      new GetAgentRuntimeEndpointCommand({ agentRuntimeId: target.runtimeId, endpointName: target.endpoint }),
    );
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

function serves(endpoint: Endpoint, version: string): boolean {
  return endpoint.liveVersion === version && (endpoint.targetVersion ?? version) === version;
}

function waitUntilServing(
  client: BedrockAgentCoreControlClient,
  target: EndpointTarget,
  previousVersion: string | undefined,
  context: Context,
): Promise<Endpoint> {
  return poll(client, target, context, `serve version ${target.version}`, (endpoint) => {
    if (FAILED.has(endpoint.status)) {
      const still = previousVersion ? `; it still serves version ${previousVersion}` : '';
      throw new Error(
        `Endpoint ${target.endpoint} of runtime ${target.runtimeName} is ${endpoint.status} moving to version ${target.version}: ${endpoint.failureReason ?? 'AgentCore gave no failureReason'}${still}.`,
      );
    }
    return endpoint.status === 'READY' && serves(endpoint, target.version);
  });
}

async function poll(
  client: BedrockAgentCoreControlClient,
  target: EndpointTarget,
  context: Context,
  goal: string,
  done: (endpoint: Endpoint) => boolean,
): Promise<Endpoint> {
  const started = context.clock.now();
  const label = `endpoint ${target.endpoint} of runtime ${target.runtimeName}`;
  return pollUntil(
    async () => {
      const endpoint = await findEndpoint(client, target);
      // A just-created endpoint may not be readable yet.
      if (!endpoint) return { done: false, status: 'not found yet' };
      if (done(endpoint)) return { done: true, value: endpoint };
      const status = `${endpoint.status}, live version ${endpoint.liveVersion ?? 'none'}, target version ${endpoint.targetVersion ?? 'none'}`;
      return { done: false, status };
    },
    {
      what: `${label} to ${goal}`,
      deadline: context.deadline,
      clock: context.clock,
      random: context.random,
      backoff: POLL_BACKOFF,
      onPending: (status) => context.log(`${label}: ${status} after ${formatDuration(context.clock.now() - started)}`),
    },
  );
}
