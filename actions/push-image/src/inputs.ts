// The inputs of push-image, as action.yml documents them.
import { choice, integer, keyValues, text } from '../../lib/inputs.js';
import { THRESHOLDS } from './scan.js';

const REPOSITORY = /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

export const pushImageInputs = {
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
