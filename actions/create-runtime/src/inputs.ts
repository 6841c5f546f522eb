// The action's inputs, parsed and checked against AgentCore's documented limits before any AWS call, so a bad
// value fails with the input's name and the rule it breaks instead of a ValidationException minutes later.
import { InputError, integer, keyValues, list, parseInputs, parseKeyValues, text } from '../../lib/inputs.js';

/** AgentCore's pattern for runtime and endpoint names: no hyphens, unlike most AWS names. */
const AGENTCORE_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
const NAME_RULE = 'a letter, then up to 47 letters, digits or underscores (no hyphens)';
const VERSION = /^[1-9][0-9]{0,4}$/;
/** An image pinned by digest: a tag can move after the runtime is created, a digest cannot. */
const IMAGE_BY_DIGEST = /^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+(:[\w.-]+)?@sha256:[0-9a-f]{64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** Documented limits of CreateAgentRuntime and of VpcConfig. */
export const LIMITS = {
  environmentVariables: 50,
  environmentKeyLength: 100,
  environmentValueLength: 5000,
  vpcIds: 16,
  tags: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
} as const;
const ENVIRONMENT_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TAG_TEXT = /^[a-zA-Z0-9\s._:/=+@-]*$/;

export const INPUT_SPECS = {
  name: text({ required: true, pattern: AGENTCORE_NAME, allowed: `a runtime name: ${NAME_RULE}` }),
  image: text({ pattern: IMAGE_BY_DIGEST, allowed: 'an image by digest, like registry/repository@sha256:<64 hex>' }),
  'role-arn': text({ pattern: ROLE_ARN, allowed: 'an IAM role ARN, like arn:aws:iam::123456789012:role/name' }),
  subnets: list({ item: /^subnet-[0-9a-zA-Z]{8,17}$/, allowed: 'subnet ids like subnet-0123456789abcdef0' }),
  'security-groups': list({ item: /^sg-[0-9a-zA-Z]{8,17}$/, allowed: 'security group ids like sg-0123456789abcdef0' }),
  // Parsed after the specs, so an error never echoes the raw text: values may be secrets.
  environment: text({ allowed: 'KEY=VALUE lines or a JSON object of strings' }),
  endpoint: text({ pattern: AGENTCORE_NAME, allowed: `an endpoint name: ${NAME_RULE}` }),
  'promote-version': text({ pattern: VERSION, allowed: 'a runtime version number from 1 to 99999' }),
  // Empty keeps the runtime's value (AgentCore's default, 900 and 28800, on create).
  'idle-timeout-seconds': integer({ min: 60, max: 28800, unit: 'seconds' }),
  'max-lifetime-seconds': integer({ min: 60, max: 28800, unit: 'seconds' }),
  description: text({ pattern: /^[\s\S]{1,4096}$/, allowed: 'text of at most 4096 characters' }),
  tags: keyValues(),
  'timeout-minutes': integer({ min: 1, max: 360, unit: 'minutes', default: '30' }),
};

export type Network = { mode: 'PUBLIC' } | { mode: 'VPC'; subnets: string[]; securityGroups: string[] };

interface Common {
  name: string;
  /** The named endpoint to point at the version; required to promote. */
  endpoint?: string;
  tags: Record<string, string>;
  timeoutMinutes: number;
}

export interface DeployRequest extends Common {
  mode: 'deploy';
  image: string;
  roleArn: string;
  network: Network;
  environment: Record<string, string>;
  idleTimeoutSeconds?: number;
  maxLifetimeSeconds?: number;
  description?: string;
}

export interface PromoteRequest extends Common {
  mode: 'promote';
  endpoint: string;
  version: string;
  /** When given, the promoted version must run exactly this image: promotion never swaps what was tested. */
  image?: string;
}

export type Request = DeployRequest | PromoteRequest;

export function readRequest(env: NodeJS.ProcessEnv = process.env): Request {
  const inputs = parseInputs(INPUT_SPECS, env);
  if (inputs.endpoint === 'DEFAULT') {
    throw new InputError(
      'Input "endpoint" is "DEFAULT", which AgentCore moves to every new version by itself: name another endpoint, like dev or prod.',
    );
  }
  const tags = checkTags(inputs.tags ?? {});
  const common = { name: inputs.name, tags, timeoutMinutes: inputs.timeoutMinutes };
  if (inputs.promoteVersion !== undefined) {
    if (inputs.endpoint === undefined) {
      throw new InputError('Input "promote-version" needs input "endpoint": the endpoint to move to that version.');
    }
    const promotion = {
      ...common,
      mode: 'promote' as const,
      endpoint: inputs.endpoint,
      version: inputs.promoteVersion,
    };
    return inputs.image === undefined ? promotion : { ...promotion, image: inputs.image };
  }
  if (inputs.image === undefined)
    throw new InputError(requiredToDeploy('image', 'registry/repository@sha256:<digest>'));
  if (inputs.roleArn === undefined)
    throw new InputError(requiredToDeploy('role-arn', 'the runtime execution role ARN'));
  const { idleTimeoutSeconds: idle, maxLifetimeSeconds: max } = inputs;
  if (idle !== undefined && max !== undefined && idle > max) {
    throw new InputError(
      `Input "idle-timeout-seconds" is ${idle}, more than "max-lifetime-seconds" (${max}): an idle session cannot outlive its instance.`,
    );
  }
  return {
    ...common,
    mode: 'deploy',
    endpoint: inputs.endpoint,
    image: inputs.image,
    roleArn: inputs.roleArn,
    network: network(inputs.subnets ?? [], inputs.securityGroups ?? []),
    environment: checkEnvironment(parseEnvironment(inputs.environment)),
    idleTimeoutSeconds: inputs.idleTimeoutSeconds,
    maxLifetimeSeconds: inputs.maxLifetimeSeconds,
    description: inputs.description,
  };
}

function requiredToDeploy(input: string, what: string): string {
  return `Input "${input}" is required unless "promote-version" is set: give ${what}.`;
}

function network(subnets: string[], securityGroups: string[]): Network {
  if (subnets.length === 0 && securityGroups.length === 0) return { mode: 'PUBLIC' };
  if (subnets.length === 0 || securityGroups.length === 0) {
    const [given, missing] = subnets.length === 0 ? ['security-groups', 'subnets'] : ['subnets', 'security-groups'];
    throw new InputError(
      `Input "${given}" is set but "${missing}" is empty: VPC mode needs both subnets and security groups (leave both empty for PUBLIC mode).`,
    );
  }
  for (const [input, ids] of [
    ['subnets', subnets],
    ['security-groups', securityGroups],
  ] as const) {
    if (ids.length > LIMITS.vpcIds) {
      throw new InputError(`Input "${input}" lists ${ids.length} ids: AgentCore accepts at most ${LIMITS.vpcIds}.`);
    }
  }
  return { mode: 'VPC', subnets, securityGroups };
}

function parseEnvironment(raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  try {
    return parseKeyValues(raw);
  } catch (error) {
    // JSON.parse quotes the text around the fault; keep only that it is not JSON.
    const reason = (error as Error).message.startsWith('not valid JSON') ? 'not valid JSON' : (error as Error).message;
    throw new InputError(
      `Input "environment" is not KEY=VALUE lines or a JSON object of strings (${reason}); its text is not shown, as values may be secrets.`,
    );
  }
}

function checkEnvironment(environment: Record<string, string>): Record<string, string> {
  const entries = Object.entries(environment);
  if (entries.length > LIMITS.environmentVariables) {
    throw new InputError(
      `Input "environment" has ${entries.length} variables: AgentCore accepts at most ${LIMITS.environmentVariables}.`,
    );
  }
  for (const [key, value] of entries) {
    if (key.length > LIMITS.environmentKeyLength || !ENVIRONMENT_KEY.test(key)) {
      throw new InputError(
        `Input "environment" has the variable name ${JSON.stringify(key.slice(0, 120))}: allowed is a letter or underscore, then letters, digits or underscores, at most ${LIMITS.environmentKeyLength} characters.`,
      );
    }
    if (value.length > LIMITS.environmentValueLength) {
      throw new InputError(
        `Input "environment" gives ${key} a value of ${value.length} characters: AgentCore accepts at most ${LIMITS.environmentValueLength}.`,
      );
    }
  }
  return environment;
}

function checkTags(tags: Record<string, string>): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length > LIMITS.tags) {
    throw new InputError(`Input "tags" has ${entries.length} tags: AWS accepts at most ${LIMITS.tags} per resource.`);
  }
  for (const [key, value] of entries) {
    const bad =
      key.length > LIMITS.tagKeyLength || !TAG_TEXT.test(key)
        ? `the key ${JSON.stringify(key.slice(0, 140))}`
        : value.length > LIMITS.tagValueLength || !TAG_TEXT.test(value)
          ? `the value of ${key}`
          : undefined;
    if (bad) {
      throw new InputError(
        `Input "tags" has ${bad} outside AWS's tag rules: keys up to ${LIMITS.tagKeyLength} and values up to ${LIMITS.tagValueLength} characters of letters, digits, spaces and . _ : / = + @ -.`,
      );
    }
  }
  return tags;
}
