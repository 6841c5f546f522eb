// The agent's configuration, read once from the environment and checked with zod, so a bad deployment fails
// at start with the variable's name rather than on the first request.
import { z } from 'zod';
import { resolveRegion } from '../../lib/aws.js';
import type { AgentName } from './events.js';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  MODEL_PROVIDER: z.enum(['bedrock', 'openai', 'scripted']).default('bedrock'),
  CODER_MODEL_ID: z.string().optional(),
  VALIDATOR_MODEL_ID: z.string().optional(),
  REPORTER_MODEL_ID: z.string().optional(),
  MODEL_MAX_TOKENS: positiveInt(8192),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL_ID: z.string().optional(),
  SCRIPTED_MODEL_SCRIPT: z.string().optional(),
  EXECUTOR_URL: z.url({ message: 'EXECUTOR_URL must be the executor base URL, e.g. http://executor.internal:8080' }),
  EXECUTOR_TOKEN: z.string().optional(),
  EXECUTOR_TOKEN_SECRET_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'must be a Secrets Manager secret ARN')
    .optional(),
  EXECUTOR_CAPACITY_WAIT_SECONDS: positiveInt(300),
  EXECUTE_TIMEOUT_SECONDS: positiveInt(120),
  ARTIFACTS_BUCKET: z.string().min(3, 'ARTIFACTS_BUCKET must name the bucket the executor uploads artifacts to'),
  AGENT_MAX_TURNS: positiveInt(25),
  AGENT_MAX_TOTAL_TOKENS: positiveInt(2_000_000),
  AGENT_MAX_DURATION_SECONDS: positiveInt(900),
  VALIDATION_ROUNDS: positiveInt(3),
  HEARTBEAT_SECONDS: z.coerce.number().positive().default(15),
  DATA_MAX_FILES: positiveInt(50),
  DATA_MAX_BYTES: positiveInt(200 * 1024 * 1024),
});

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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid agent configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
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

function modelSettings(e: z.infer<typeof envSchema>, env: NodeJS.ProcessEnv): ModelSettings {
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
