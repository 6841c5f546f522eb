// The agent's configuration, read once from the environment by lib/env-config.ts, so a bad deployment fails at
// start with the variable's name rather than on the first request.
import { resolveRegion } from '../../lib/aws.js';
import { ConfigError, readEnvironment, type Settings, setting } from '../../lib/env-config.js';
import type { AgentName } from './events.js';

const count = (fallback: number) => setting.wholeNumber({ min: 1 }).default(fallback);

const variables = {
  PORT: setting.wholeNumber({ max: 65_535 }).default(8080),
  HOST: setting.text().default('0.0.0.0'),
  MODEL_PROVIDER: setting.oneOf(['bedrock', 'openai', 'scripted']).default('bedrock'),
  CODER_MODEL_ID: setting.text().optional(),
  VALIDATOR_MODEL_ID: setting.text().optional(),
  REPORTER_MODEL_ID: setting.text().optional(),
  MODEL_MAX_TOKENS: count(8192),
  OPENAI_BASE_URL: setting.url().optional(),
  OPENAI_API_KEY: setting.text().optional(),
  OPENAI_MODEL_ID: setting.text().optional(),
  SCRIPTED_MODEL_SCRIPT: setting.text().optional(),
  EXECUTOR_URL: setting.url('must be the executor base URL, e.g. http://executor.internal:8080').required(),
  EXECUTOR_TOKEN: setting.text().optional(),
  EXECUTOR_TOKEN_SECRET_ARN: setting
    .text('must be a Secrets Manager secret ARN', /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/)
    .optional(),
  EXECUTOR_CAPACITY_WAIT_SECONDS: count(300),
  EXECUTE_TIMEOUT_SECONDS: count(120),
  ARTIFACTS_BUCKET: setting
    .text('must name the bucket the executor uploads artifacts to', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .required(),
  AGENT_MAX_TURNS: count(25),
  AGENT_MAX_TOTAL_TOKENS: count(2_000_000),
  AGENT_MAX_DURATION_SECONDS: count(900),
  VALIDATION_ROUNDS: count(3),
  HEARTBEAT_SECONDS: setting.positiveNumber().default(15),
  DATA_MAX_FILES: count(50),
  DATA_MAX_BYTES: count(200 * 1024 * 1024),
};

type Variables = Settings<typeof variables>;

export interface ModelSettings {
  provider: 'bedrock' | 'openai' | 'scripted';
  modelIds: Record<AgentName, string>;
  maxTokens: number;
  region?: string;
  openai?: { baseUrl?: string; apiKey?: string };
  scriptPath?: string;
}

export interface AgentConfig {
  port: number;
  host: string;
  model: ModelSettings;
  executor: {
    url: string;
    token?: string;
    /** Where to read the token at start instead, so it never sits in the runtime's configuration. */
    tokenSecretArn?: string;
    capacityWaitMs: number;
    executeTimeoutSeconds: number;
  };
  artifactsBucket: string;
  limits: { turns: number; totalTokens: number; durationMs: number; validationRounds: number };
  heartbeatMs: number;
  data: { maxFiles: number; maxBytes: number };
}

/** Claude Sonnet 4.5 through the cross-region inference profile of the region's geography. */
export function defaultModelId(region: string): string {
  const geography = region.startsWith('eu-') ? 'eu' : region.startsWith('ap-') ? 'apac' : 'us';
  return `${geography}.anthropic.claude-sonnet-4-5-20250929-v1:0`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const e = readEnvironment('agent', variables, env);
  // fetch verifies an https executor's certificate unless the process turns that off for every connection.
  if (new URL(e.EXECUTOR_URL).protocol === 'https:' && env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    throw new ConfigError(
      'EXECUTOR_URL is https, so NODE_TLS_REJECT_UNAUTHORIZED=0 would send the token unverified; unset it.',
    );
  }
  if (!/^https?:$/.test(new URL(e.EXECUTOR_URL).protocol)) {
    throw new ConfigError(`EXECUTOR_URL must be http:// or https://, not ${e.EXECUTOR_URL}.`);
  }
  if (e.EXECUTOR_TOKEN && e.EXECUTOR_TOKEN_SECRET_ARN) {
    throw new ConfigError('Set EXECUTOR_TOKEN or EXECUTOR_TOKEN_SECRET_ARN, not both.');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    model: modelSettings(e, env),
    executor: {
      url: e.EXECUTOR_URL.replace(/\/+$/, ''),
      ...(e.EXECUTOR_TOKEN ? { token: e.EXECUTOR_TOKEN } : {}),
      ...(e.EXECUTOR_TOKEN_SECRET_ARN ? { tokenSecretArn: e.EXECUTOR_TOKEN_SECRET_ARN } : {}),
      capacityWaitMs: e.EXECUTOR_CAPACITY_WAIT_SECONDS * 1000,
      executeTimeoutSeconds: e.EXECUTE_TIMEOUT_SECONDS,
    },
    artifactsBucket: e.ARTIFACTS_BUCKET,
    limits: {
      turns: e.AGENT_MAX_TURNS,
      totalTokens: e.AGENT_MAX_TOTAL_TOKENS,
      durationMs: e.AGENT_MAX_DURATION_SECONDS * 1000,
      validationRounds: e.VALIDATION_ROUNDS,
    },
    heartbeatMs: e.HEARTBEAT_SECONDS * 1000,
    data: { maxFiles: e.DATA_MAX_FILES, maxBytes: e.DATA_MAX_BYTES },
  };
}

function modelSettings(e: Variables, env: NodeJS.ProcessEnv): ModelSettings {
  const explicit = { coder: e.CODER_MODEL_ID, validator: e.VALIDATOR_MODEL_ID, reporter: e.REPORTER_MODEL_ID };
  const pick = (fallback: string): Record<AgentName, string> => ({
    coder: explicit.coder || fallback,
    validator: explicit.validator || fallback,
    reporter: explicit.reporter || fallback,
  });
  switch (e.MODEL_PROVIDER) {
    case 'bedrock': {
      // Explicit: the Strands BedrockModel would otherwise fall back to us-west-2 without a word.
      const region = resolveRegion(env);
      return { provider: 'bedrock', modelIds: pick(defaultModelId(region)), maxTokens: e.MODEL_MAX_TOKENS, region };
    }
    case 'openai': {
      if (!e.OPENAI_MODEL_ID && !(explicit.coder && explicit.validator && explicit.reporter)) {
        throw new ConfigError('MODEL_PROVIDER=openai needs OPENAI_MODEL_ID (or all three *_MODEL_ID variables).');
      }
      return {
        provider: 'openai',
        modelIds: pick(e.OPENAI_MODEL_ID ?? ''),
        maxTokens: e.MODEL_MAX_TOKENS,
        openai: {
          ...(e.OPENAI_BASE_URL ? { baseUrl: e.OPENAI_BASE_URL } : {}),
          ...(e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY } : {}),
        },
      };
    }
    case 'scripted':
      // Without a script: the built-in catalogue of replayable jobs (replay-jobs.ts).
      return {
        provider: 'scripted',
        modelIds: pick('scripted'),
        maxTokens: e.MODEL_MAX_TOKENS,
        ...(e.SCRIPTED_MODEL_SCRIPT ? { scriptPath: e.SCRIPTED_MODEL_SCRIPT } : {}),
      };
  }
}
