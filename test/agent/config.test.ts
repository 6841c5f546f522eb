import { describe, expect, it } from 'vitest';
import { defaultModelId, loadConfig } from '../../agent/src/config.js';
import { ConfigError } from '../../lib/env-config.js';

const base = {
  EXECUTOR_URL: 'http://executor.internal:8080/',
  ARTIFACTS_BUCKET: 'artifacts-dev',
  AWS_REGION: 'eu-central-1',
};

describe('loadConfig', () => {
  it('defaults to Bedrock in the explicit region with the geography inference profile for every agent', () => {
    const config = loadConfig(base);
    expect(config.model).toEqual({
      provider: 'bedrock',
      region: 'eu-central-1',
      maxTokens: 8192,
      modelIds: {
        coder: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
        validator: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
        reporter: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
      },
    });
    expect(config.executor.url).toBe('http://executor.internal:8080');
    expect(config).toMatchObject({ port: 8080, heartbeatMs: 15_000, limits: { turns: 25, validationRounds: 3 } });
  });

  it('takes the executor token, or the ARN of the secret holding it, never both', () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:bedrock-manus/dev/executor-token-AbCdEf';
    expect(loadConfig({ ...base, EXECUTOR_TOKEN: 't' }).executor.token).toBe('t');
    const fromSecret = loadConfig({ ...base, EXECUTOR_TOKEN_SECRET_ARN: arn }).executor;
    expect(fromSecret).toMatchObject({ tokenSecretArn: arn });
    expect(fromSecret.token).toBeUndefined();
    expect(() => loadConfig({ ...base, EXECUTOR_TOKEN: 't', EXECUTOR_TOKEN_SECRET_ARN: arn })).toThrow(
      'Set EXECUTOR_TOKEN or EXECUTOR_TOKEN_SECRET_ARN, not both.',
    );
    expect(() => loadConfig({ ...base, EXECUTOR_TOKEN_SECRET_ARN: 'bedrock-manus/dev/executor-token' })).toThrow(
      'EXECUTOR_TOKEN_SECRET_ARN is "bedrock-manus/dev/executor-token"; it must be a Secrets Manager secret ARN.',
    );
  });

  it('keeps TLS verification on toward an https executor', () => {
    const https = { ...base, EXECUTOR_URL: 'https://executor.internal.example.com' };
    expect(loadConfig(https).executor.url).toBe('https://executor.internal.example.com');
    expect(() => loadConfig({ ...https, NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toThrow(
      'EXECUTOR_URL is https, so NODE_TLS_REJECT_UNAUTHORIZED=0 would send the token unverified; unset it.',
    );
    expect(loadConfig({ ...base, NODE_TLS_REJECT_UNAUTHORIZED: '0' }).executor.url).toBe(
      'http://executor.internal:8080',
    );
    expect(() => loadConfig({ ...base, EXECUTOR_URL: 'ftp://executor.internal' })).toThrow(
      'EXECUTOR_URL must be http:// or https://, not ftp://executor.internal.',
    );
  });

  it('takes one model id per agent from the environment', () => {
    const config = loadConfig({ ...base, CODER_MODEL_ID: 'coder-id', REPORTER_MODEL_ID: 'reporter-id' });
    expect(config.model.modelIds).toEqual({
      coder: 'coder-id',
      validator: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
      reporter: 'reporter-id',
    });
  });

  it('picks the inference profile of the region', () => {
    expect(defaultModelId('us-west-2')).toBe('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(defaultModelId('ap-northeast-2')).toBe('apac.anthropic.claude-sonnet-4-5-20250929-v1:0');
  });

  it('configures an OpenAI-compatible endpoint', () => {
    const config = loadConfig({
      ...base,
      MODEL_PROVIDER: 'openai',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL_ID: 'qwen2.5-coder',
    });
    expect(config.model).toMatchObject({
      provider: 'openai',
      modelIds: { coder: 'qwen2.5-coder', validator: 'qwen2.5-coder', reporter: 'qwen2.5-coder' },
      openai: { baseUrl: 'http://127.0.0.1:11434/v1' },
    });
  });

  it.each([
    [{ ...base, EXECUTOR_URL: 'not a url' }, 'EXECUTOR_URL'],
    [{ ...base, ARTIFACTS_BUCKET: undefined }, 'ARTIFACTS_BUCKET'],
    [{ ...base, AGENT_MAX_TURNS: '0' }, 'AGENT_MAX_TURNS'],
    [{ ...base, MODEL_PROVIDER: 'gemini' }, 'MODEL_PROVIDER'],
    [{ ...base, MODEL_PROVIDER: 'openai' }, 'OPENAI_MODEL_ID'],
    [{ ...base, AWS_REGION: undefined }, 'AWS_REGION'],
  ])('rejects a bad environment naming the variable (%#)', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('replays the built-in demo when the scripted provider has no script', () => {
    expect(loadConfig({ ...base, MODEL_PROVIDER: 'scripted' }).model).toEqual({
      provider: 'scripted',
      maxTokens: 8192,
      modelIds: { coder: 'scripted', validator: 'scripted', reporter: 'scripted' },
    });
  });

  it('throws ConfigError for configuration problems', () => {
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(ConfigError);
  });
});
