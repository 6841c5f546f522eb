// The executor's bearer token read from Secrets Manager when the runtime is given the secret's ARN
// (EXECUTOR_TOKEN_SECRET_ARN) instead of the token itself: the token then never sits in the runtime's
// configuration, which GetAgentRuntime shows to anyone allowed to read the runtime.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../../lib/env-config.js';
import { send } from '../../lib/errors.js';

export async function fetchExecutorToken(client: SecretsManagerClient, secretArn: string): Promise<string> {
  const secret = await send(client, new GetSecretValueCommand({ SecretId: secretArn }));
  const token = secret.SecretString?.trim();
  if (!token) {
    throw new ConfigError(`The executor token secret ${secretArn} holds no text value (EXECUTOR_TOKEN_SECRET_ARN).`);
  }
  return token;
}
