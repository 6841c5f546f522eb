// The inputs of push-image, as action.yml documents them, read into what to build and where to push it.
import { choice, InputError, integer, keyValues, parseInputs, text } from '../../lib/inputs.js';
import { githubCacheAvailable } from './docker.js';
import { parsePlatform } from './manifest.js';
import type { PushRequest } from './push.js';
import { THRESHOLDS } from './scan.js';
import { resolveTarget, type Target } from './target.js';

const REPOSITORY = /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

export const INPUT_SPECS = {
  repository: text({
    required: true,
    pattern: REPOSITORY,
    allowed:
      'an ECR repository name (bedrock-manus/agent) or URI (123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus/agent)',
  }),
  context: text({ default: '.', allowed: 'a folder: the build context' }),
  dockerfile: text({ allowed: 'the Dockerfile path, relative to the working directory' }),
  tag: text({ pattern: TAG, allowed: 'a Docker tag: letters, digits, _ . - and at most 128 characters' }),
  platform: text({ default: 'linux/arm64', pattern: PLATFORM, allowed: 'os/architecture[/variant], e.g. linux/arm64' }),
  'build-args': keyValues(),
  registry: text({ pattern: HOST, allowed: 'a registry host with an optional port, e.g. 127.0.0.1:5000' }),
  'fail-on-severity': choice(THRESHOLDS, { default: 'critical' }),
  'scan-timeout-minutes': integer({ default: '10', min: 1, max: 60, unit: 'minutes' }),
};

export interface PushImageRequest {
  push: PushRequest;
  target: Target;
  scanTimeoutMs: number;
}

export function readRequest(env: NodeJS.ProcessEnv = process.env): PushImageRequest {
  const inputs = parseInputs(INPUT_SPECS, env);
  const tag = inputs.tag ?? env.GITHUB_SHA;
  if (!tag) throw new InputError('Input "tag" is not set and neither is GITHUB_SHA: give the tag to push.');
  const target = resolveTarget(inputs.repository, inputs.registry);
  return {
    push: {
      tag,
      platform: parsePlatform(inputs.platform),
      context: inputs.context,
      buildArgs: inputs.buildArgs ?? {},
      failOnSeverity: inputs.failOnSeverity,
      ...(inputs.dockerfile ? { dockerfile: inputs.dockerfile } : {}),
      // One cache per repository, so the images of one workflow do not evict each other.
      ...(githubCacheAvailable(env) ? { cacheScope: target.repository.replace(/[^A-Za-z0-9._-]/g, '-') } : {}),
    },
    target,
    scanTimeoutMs: inputs.scanTimeoutMinutes * 60_000,
  };
}
