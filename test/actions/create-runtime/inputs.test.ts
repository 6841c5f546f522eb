import { describe, expect, it } from 'vitest';
import { INPUT_SPECS, readRequest } from '../../../actions/create-runtime/src/inputs.js';
import { InputError } from '../../../actions/lib/inputs.js';
import { describeActionContract } from '../../support/action-contract.js';
import { DEV_INPUTS, inputEnv, request } from './scenario.js';

function rejects(overrides: Record<string, string>): string {
  try {
    request(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error(`inputs ${JSON.stringify(overrides)} were accepted`);
}

function variables(count: number): string {
  return Array.from({ length: count }, (_, index) => `VAR_${index}=${index}`).join('\n');
}

describe('create-runtime inputs', () => {
  it('parse the dev deployment into a VPC deploy request', () => {
    expect(request()).toMatchObject({
      mode: 'deploy',
      name: 'bedrock_manus_dev',
      network: { mode: 'VPC', subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'] },
      environment: { LOG_LEVEL: 'info' },
      timeoutMinutes: 30,
    });
    // Left empty, the lifecycle stays as the runtime has it: no value of ours to send.
    expect(request()).toMatchObject({ idleTimeoutSeconds: undefined, maxLifetimeSeconds: undefined });
    expect(request({ 'idle-timeout-seconds': '600' })).toMatchObject({
      idleTimeoutSeconds: 600,
      maxLifetimeSeconds: undefined,
    });
  });

  it('accept the environment as a JSON object and a promotion without image or role', () => {
    expect(request({ environment: '{"LOG_LEVEL": "debug", "WORKERS": 4}' })).toMatchObject({
      environment: { LOG_LEVEL: 'debug', WORKERS: '4' },
    });
    expect(readRequest(inputEnv({ name: 'bedrock_manus_prod', endpoint: 'prod', 'promote-version': '12' }))).toEqual({
      mode: 'promote',
      name: 'bedrock_manus_prod',
      endpoint: 'prod',
      version: '12',
      tags: {},
      timeoutMinutes: 30,
    });
  });

  it('refuse runtime names AgentCore would refuse', () => {
    expect(rejects({ name: 'bedrock-manus-dev' })).toBe(
      'Input "name" is "bedrock-manus-dev": allowed is a runtime name: a letter, then up to 47 letters, digits or underscores (no hyphens).',
    );
    expect(rejects({ name: `a${'b'.repeat(48)}` })).toContain('Input "name" is "abbb');
    expect(rejects({ name: '_dev' })).toContain('Input "name"');
  });

  it('refuse an image given by tag, or none at all', () => {
    expect(rejects({ image: `${DEV_INPUTS.image?.split('@')[0]}:latest` })).toBe(
      'Input "image" is "123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-agent:latest": allowed is an image by digest, like registry/repository@sha256:<64 hex>.',
    );
    expect(rejects({ image: 'agent@sha256:abc' })).toContain('allowed is an image by digest');
    expect(rejects({ image: '' })).toBe(
      'Input "image" is required unless "promote-version" is set: give registry/repository@sha256:<digest>.',
    );
  });

  it('refuse a missing or malformed role ARN', () => {
    expect(rejects({ 'role-arn': '' })).toContain('Input "role-arn" is required unless "promote-version" is set');
    expect(rejects({ 'role-arn': 'bedrock-manus-dev-runtime' })).toContain('allowed is an IAM role ARN');
  });

  it('refuse more than 50 environment variables', () => {
    expect(rejects({ environment: variables(51) })).toBe(
      'Input "environment" has 51 variables: AgentCore accepts at most 50.',
    );
    expect(request({ environment: variables(50) }).mode).toBe('deploy');
  });

  it('refuse environment variable names and values outside the limits', () => {
    expect(rejects({ environment: 'MODEL-ID=x' })).toBe(
      'Input "environment" has the variable name "MODEL-ID": allowed is a letter or underscore, then letters, digits or underscores, at most 100 characters.',
    );
    expect(rejects({ environment: `${'K'.repeat(101)}=x` })).toContain('at most 100 characters');
    expect(rejects({ environment: `PROMPT=${'x'.repeat(5001)}` })).toBe(
      'Input "environment" gives PROMPT a value of 5001 characters: AgentCore accepts at most 5000.',
    );
    expect(rejects({ environment: 'API_TOKEN=s3cr3t-value\nLOG_LEVEL' })).toBe(
      'Input "environment" is not KEY=VALUE lines or a JSON object of strings (line 2 is not KEY=VALUE); its text is not shown, as values may be secrets.',
    );
    expect(rejects({ environment: '{"API_TOKEN": s3cr3t}' })).not.toContain('s3cr3t');
  });

  it('refuse subnet and security group ids in the wrong format', () => {
    expect(rejects({ subnets: 'subnet-0a1b2c3d4e5f60718,subnet-12' })).toBe(
      'Input "subnets" is "subnet-0a1b2c3d4e5f60718,subnet-12" (an item does not match): allowed is subnet ids like subnet-0123456789abcdef0.',
    );
    expect(rejects({ 'security-groups': 'default' })).toBe(
      'Input "security-groups" is "default" (an item does not match): allowed is security group ids like sg-0123456789abcdef0.',
    );
    const many = Array.from({ length: 17 }, (_, index) => `subnet-${String(index).padStart(8, '0')}`).join(',');
    expect(rejects({ subnets: many })).toBe('Input "subnets" lists 17 ids: AgentCore accepts at most 16.');
  });

  it('refuse VPC mode with only subnets or only security groups', () => {
    expect(rejects({ 'security-groups': '' })).toBe(
      'Input "subnets" is set but "security-groups" is empty: VPC mode needs both subnets and security groups (leave both empty for PUBLIC mode).',
    );
    expect(rejects({ subnets: '' })).toContain('Input "security-groups" is set but "subnets" is empty');
  });

  it('refuse lifecycle, timeout and version values out of range', () => {
    expect(rejects({ 'idle-timeout-seconds': '30' })).toBe(
      'Input "idle-timeout-seconds" is "30" (Too small: expected number to be >=60): allowed is a whole number from 60 to 28800 (seconds).',
    );
    expect(rejects({ 'idle-timeout-seconds': '3600', 'max-lifetime-seconds': '1800' })).toBe(
      'Input "idle-timeout-seconds" is 3600, more than "max-lifetime-seconds" (1800): an idle session cannot outlive its instance.',
    );
    expect(rejects({ 'timeout-minutes': '0' })).toContain('Input "timeout-minutes" is "0"');
    expect(rejects({ endpoint: 'prod', 'promote-version': 'v3' })).toContain('Input "promote-version" is "v3"');
  });

  it('refuse promote-version without an endpoint, and the DEFAULT endpoint', () => {
    expect(rejects({ 'promote-version': '3' })).toBe(
      'Input "promote-version" needs input "endpoint": the endpoint to move to that version.',
    );
    expect(rejects({ endpoint: 'DEFAULT' })).toContain('Input "endpoint" is "DEFAULT", which AgentCore moves');
    expect(rejects({ endpoint: 'prod-eu' })).toContain('Input "endpoint" is "prod-eu"');
  });

  it('refuse tags outside the AWS tag rules', () => {
    expect(rejects({ tags: 'owner=data team (analytics)' })).toBe(
      'Input "tags" has the value of owner outside AWS\'s tag rules: keys up to 128 and values up to 256 characters of letters, digits, spaces and . _ : / = + @ -.',
    );
  });
});

describeActionContract('create-runtime', INPUT_SPECS, [
  'runtime-arn',
  'runtime-id',
  'runtime-version',
  'endpoint-arn',
  'previous-version',
  'status',
]);
