import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClientConfig, resolveEndpoint, resolveRegion, userAgent } from '../../../lib/aws.js';
import { AwsCallError, send } from '../../../lib/errors.js';

describe('resolveEndpoint', () => {
  it('prefers the service-specific override, named from the service id', () => {
    const env = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4000',
      AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: 'http://127.0.0.1:4001',
    };
    expect(resolveEndpoint('Bedrock AgentCore Control', env)).toBe('http://127.0.0.1:4001');
    expect(resolveEndpoint('CloudFormation', env)).toBe('http://127.0.0.1:4000');
  });

  it('falls back to no override, leaving the SDK to pick the regional endpoint', () => {
    expect(resolveEndpoint('ECR', {})).toBeUndefined();
    expect(resolveEndpoint('ECR', { AWS_ENDPOINT_URL: '  ' })).toBeUndefined();
  });

  it('is turned off by AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', () => {
    expect(
      resolveEndpoint('S3', { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
    ).toBeUndefined();
  });

  it('refuses an override that is not a URL, naming the service', () => {
    expect(() => resolveEndpoint('S3', { AWS_ENDPOINT_URL_S3: 'localhost 9000' })).toThrow(
      'The endpoint override for S3 is "localhost 9000", which is not a URL.',
    );
  });
});

describe('resolveRegion', () => {
  it('reads AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(resolveRegion({ AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' })).toBe('us-west-2');
    expect(resolveRegion({ AWS_DEFAULT_REGION: 'ap-northeast-2' })).toBe('ap-northeast-2');
  });

  it('says how to set a missing region and refuses a malformed one', () => {
    expect(() => resolveRegion({})).toThrow(/No AWS region is set: set AWS_REGION/);
    expect(() => resolveRegion({ AWS_REGION: 'Oregon' })).toThrow('The AWS region "Oregon" is not a region name');
  });
});

describe('userAgent', () => {
  it('carries the action and the workflow run id with its attempt', () => {
    expect(userAgent('deploy-stack', { GITHUB_RUN_ID: '987', GITHUB_RUN_ATTEMPT: '2' })).toEqual([
      ['bedrock-manus-deploy-stack', '1'],
      ['gh-run', '987-2'],
    ]);
    expect(userAgent('push-image', {})).toEqual([['bedrock-manus-push-image', '1']]);
  });
});

describe('a client built from awsClientConfig', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  async function throttlingServer() {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      request.resume();
      response.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-42' });
      response.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>req-42</RequestId></ErrorResponse>',
      );
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  it('sends to the endpoint override with the run in its user agent, retries throttling, then explains', async () => {
    const { url, seen } = await throttlingServer();
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_CLOUDFORMATION: url,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      GITHUB_RUN_ID: '555',
    };
    // Millisecond backoff keeps the test fast: the retry schedule itself is covered by the backoff tests.
    const config = awsClientConfig('deploy-stack', 'CloudFormation', { env, backoff: { baseMs: 1, capMs: 2 } });
    const client = new CloudFormationClient({
      ...config,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const call = send(client, new DescribeStacksCommand({ StackName: 'dev-network' }));
    await expect(call).rejects.toBeInstanceOf(AwsCallError);
    await expect(call).rejects.toThrow(
      'CloudFormation DescribeStacks failed with Throttling (HTTP 400): Rate exceeded [request id req-42]; AWS kept throttling after every retry',
    );
    expect(seen).toHaveLength(config.maxAttempts);
    expect(seen[0]?.['user-agent']).toContain('bedrock-manus-deploy-stack/1');
    expect(seen[0]?.['user-agent']).toContain('gh-run/555-1');
  });
});
