// The executor token read from Secrets Manager at start (EXECUTOR_TOKEN_SECRET_ARN), and what a caller sees
// when the workflow cannot be loaded.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchExecutorToken } from '../../agent/src/executor-token.js';
import { type AgentServer, startAgentServer } from '../../agent/src/server.js';
import { ConfigError } from '../../lib/env-config.js';
import { AwsCallError } from '../../lib/errors.js';
import { invoke } from './support/stack.js';

const ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:bedrock-manus/dev/executor-token-AbCdEf';
const secrets = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-central-1' });

afterEach(() => secrets.reset());

describe('fetchExecutorToken', () => {
  it('reads the secret named by its ARN, without surrounding white space', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'tok3n-value\n' });
    expect(await fetchExecutorToken(client, ARN)).toBe('tok3n-value');
  });

  it('refuses a secret without a text value, naming it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    const failure = fetchExecutorToken(client, ARN);
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(`The executor token secret ${ARN} holds no text value`);
  });

  it('says which permission is missing when the runtime role may not read it', async () => {
    secrets.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400, requestId: 'r-1' },
      }),
    );
    const failure = fetchExecutorToken(client, ARN);
    await expect(failure).rejects.toBeInstanceOf(AwsCallError);
    await expect(failure).rejects.toThrow(
      'Secrets Manager GetSecretValue failed with AccessDeniedException (HTTP 400): User is not authorized to perform: secretsmanager:GetSecretValue [request id r-1]; the credentials lack permission for this call; allow secretsmanager:GetSecretValue',
    );
  });
});

describe('an invocation when the workflow cannot be loaded', () => {
  let server: AgentServer | undefined;
  afterEach(async () => server?.close());

  it('still ends the stream with an error naming the cause, then done', async () => {
    server = await startAgentServer(
      {
        heartbeatMs: 60_000,
        handler: () => Promise.reject(new ConfigError('The executor token secret x holds no text value.')),
      },
      { host: '127.0.0.1', port: 0 },
    );
    const { status, events } = await invoke(server.url, { prompt: 'What were the total sales?' });
    expect(status).toBe(200);
    expect(events.map((event) => event.type)).toEqual(['error', 'done']);
    expect(events[0]).toEqual({
      type: 'error',
      code: 'configuration',
      message: 'The executor token secret x holds no text value.',
      error: 'The executor token secret x holds no text value.',
    });
    expect(events[1]).toMatchObject({ type: 'done', answer: '', artifacts: [] });
  });
});
