// The action's one domain function: create or update the runtime (or skip it when nothing changed), wait for
// the version to be READY, then point the named endpoint at it; or, to promote, point the endpoint at an
// existing READY version without creating anything.
import type {
  BedrockAgentCoreControlClient,
  GetAgentRuntimeCommandOutput,
  NetworkConfiguration,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { AwsCallError } from '../../../lib/errors.js';
import { PollTimeoutError } from '../../lib/poll.js';
import { checkLifecycle, configurationChanges, desiredConfiguration, updatedConfiguration } from './config.js';
import type { Context } from './context.js';
import { type EndpointResult, pointEndpoint } from './endpoint.js';
import type { DeployRequest, PromoteRequest, Request } from './inputs.js';
import {
  createRuntime,
  findRuntime,
  getRuntime,
  listVersions,
  type RuntimeVersion,
  tagRuntime,
  updateRuntime,
  waitUntilReady,
  waitUntilSettled,
} from './runtime.js';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'promoted';

export interface DeployResult {
  outcome: Outcome;
  runtime: RuntimeVersion & { name: string };
  /** Settings that differed from the live version and caused the update. */
  changes: string[];
  network?: NetworkConfiguration;
  image?: string;
  endpoint?: EndpointResult;
}

export type DeployOptions = Omit<Context, 'deadline'>;

export async function deployRuntime(
  client: BedrockAgentCoreControlClient,
  request: Request,
  options: DeployOptions,
): Promise<DeployResult> {
  const context: Context = { ...options, deadline: options.clock.now() + request.timeoutMinutes * 60_000 };
  try {
    return await deployWithin(client, request, context);
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) throw error;
    // One deadline covers every wait, so name the input that set it rather than the last wait's share of it.
    throw new Error(
      `The step's timeout-minutes (${request.timeoutMinutes}) ran out waiting for ${error.what}; last status: ${error.lastStatus}.`,
    );
  }
}

async function deployWithin(
  client: BedrockAgentCoreControlClient,
  request: Request,
  context: Context,
): Promise<DeployResult> {
  const result =
    request.mode === 'promote' ? await promote(client, request, context) : await deploy(client, request, context);
  if (request.endpoint === undefined) return result;
  const endpoint = await pointEndpoint(
    client,
    {
      runtimeId: result.runtime.id,
      runtimeName: request.name,
      endpoint: request.endpoint,
      version: result.runtime.version,
      tags: request.tags,
    },
    context,
  );
  return { ...result, endpoint };
}

async function deploy(
  client: BedrockAgentCoreControlClient,
  request: DeployRequest,
  context: Context,
): Promise<DeployResult> {
  if (request.network.mode === 'VPC') await context.checkZones?.(request.network.subnets);
  const desired = desiredConfiguration(request);
  const summary = { network: desired.networkConfiguration, image: request.image };
  const existing = await findRuntime(client, request.name);
  if (!existing?.agentRuntimeId) {
    checkLifecycle(desired);
    context.log(`Creating runtime ${request.name} (${desired.networkConfiguration.networkMode} mode).`);
    const created = await createRuntime(client, request.name, desired, request.tags, context);
    await waitUntilReady(client, request.name, created, context);
    return { outcome: 'created', runtime: { ...created, name: request.name }, changes: [], ...summary };
  }
  const live = await waitUntilSettled(client, request.name, existing.agentRuntimeId, context);
  checkLifecycle(desired, live);
  const liveVersion = versionOf(live);
  const changes = configurationChanges(live, desired);
  if (changes.length === 0 && live.status === 'READY') {
    context.log(`Runtime ${request.name} version ${liveVersion.version} already has this configuration; no update.`);
    await tagRuntime(client, liveVersion.arn, request.tags);
    return { outcome: 'unchanged', runtime: { ...liveVersion, name: request.name }, changes, ...summary };
  }
  // A failed version with the same configuration is deployed again: a transient cause may be gone.
  const reasons = changes.length > 0 ? changes : [`version ${liveVersion.version} is ${live.status}`];
  context.log(`Updating runtime ${request.name}: ${reasons.join(', ')}.`);
  const updated = await updateRuntime(client, liveVersion.id, updatedConfiguration(live, desired), context);
  await tagRuntime(client, updated.arn, request.tags);
  await waitUntilReady(client, request.name, updated, context);
  return { outcome: 'updated', runtime: { ...updated, name: request.name }, changes: reasons, ...summary };
}

async function promote(
  client: BedrockAgentCoreControlClient,
  request: PromoteRequest,
  context: Context,
): Promise<DeployResult> {
  const existing = await findRuntime(client, request.name);
  if (!existing?.agentRuntimeId) {
    throw new Error(
      `No AgentCore runtime named ${request.name} exists in this region, so version ${request.version} cannot be promoted: deploy it first (without promote-version).`,
    );
  }
  const runtime = await promotableVersion(client, request, existing.agentRuntimeId);
  context.log(`Promoting runtime ${request.name} version ${request.version} to endpoint ${request.endpoint}.`);
  return {
    outcome: 'promoted',
    runtime: { ...versionOf(runtime), name: request.name },
    changes: [],
    network: runtime.networkConfiguration,
    image: runtime.agentRuntimeArtifact?.containerConfiguration?.containerUri,
  };
}

async function promotableVersion(
  client: BedrockAgentCoreControlClient,
  request: PromoteRequest,
  id: string,
): Promise<GetAgentRuntimeCommandOutput> {
  let runtime: GetAgentRuntimeCommandOutput;
  try {
    runtime = await getRuntime(client, id, request.version);
  } catch (error) {
    if (!(error instanceof AwsCallError && error.code === 'ResourceNotFoundException')) throw error;
    const versions = (await listVersions(client, id)).map((version) => version.agentRuntimeVersion);
    throw new Error(
      `Runtime ${request.name} has no version ${request.version}; its versions are ${versions.join(', ') || 'none'}.`,
    );
  }
  const image = runtime.agentRuntimeArtifact?.containerConfiguration?.containerUri;
  if (request.image !== undefined && image !== request.image) {
    throw new Error(
      `Runtime ${request.name} version ${request.version} runs ${image ?? 'no container image'}, not ${request.image}: promote the version that was deployed from that image.`,
    );
  }
  if (runtime.status !== 'READY') {
    const reason = runtime.failureReason ? ` (${runtime.failureReason})` : '';
    throw new Error(
      `Runtime ${request.name} version ${request.version} is ${runtime.status}${reason}: only a READY version can be promoted.`,
    );
  }
  return runtime;
}

function versionOf(runtime: GetAgentRuntimeCommandOutput): RuntimeVersion {
  return {
    id: runtime.agentRuntimeId ?? '',
    arn: runtime.agentRuntimeArn ?? '',
    version: runtime.agentRuntimeVersion ?? '',
  };
}
