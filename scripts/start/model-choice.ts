// Which model `npm start` uses: an OpenAI-compatible endpoint when one is configured, Bedrock when AWS
// credentials are present, otherwise the scripted replay model (said plainly, never silently).

export interface ModelChoice {
  env: Record<string, string>;
  /** One sentence for the user. */
  description: string;
}

export function chooseModel(env: NodeJS.ProcessEnv): ModelChoice {
  if (env.OPENAI_BASE_URL && env.OPENAI_MODEL_ID) {
    return {
      env: {
        MODEL_PROVIDER: 'openai',
        OPENAI_BASE_URL: env.OPENAI_BASE_URL,
        OPENAI_MODEL_ID: env.OPENAI_MODEL_ID,
        ...(env.OPENAI_API_KEY ? { OPENAI_API_KEY: env.OPENAI_API_KEY } : {}),
      },
      description: `Model: ${env.OPENAI_MODEL_ID} at ${env.OPENAI_BASE_URL} (OpenAI-compatible endpoint).`,
    };
  }
  const hasCredentials = Boolean(
    env.AWS_ACCESS_KEY_ID ||
      env.AWS_PROFILE ||
      env.AWS_WEB_IDENTITY_TOKEN_FILE ||
      env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
  );
  if (hasCredentials) {
    return {
      env: { MODEL_PROVIDER: 'bedrock' },
      description: 'Model: Amazon Bedrock (AWS credentials found in the environment).',
    };
  }
  return {
    env: { MODEL_PROVIDER: 'scripted' },
    description:
      'Model: none configured (no AWS credentials, no OPENAI_BASE_URL and OPENAI_MODEL_ID), so a scripted model replays recorded turns; the Python still runs for real in the local executor.',
  };
}
