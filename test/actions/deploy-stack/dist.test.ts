// The committed bundle, run as the runner runs it, against a local endpoint answering CloudFormation's
// query-protocol XML error: the step fails with one sentence naming the cause.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerFiles } from '../../support/runner-files.js';
import { TEMPLATE } from './harness.js';

const DENIED = `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:sts::123456789012:assumed-role/deploy-dev/gh is not authorized to perform: cloudformation:DescribeStacks on resource: arn:aws:cloudformation:eu-west-1:123456789012:stack/dev-platform/* because no identity-based policy allows the cloudformation:DescribeStacks action</Message>
  </Error>
  <RequestId>5f1e0c1a-1111-4a2b-9c3d-000000000001</RequestId>
</ErrorResponse>`;

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => resolve(text));
  });
}

describe('deploy-stack dist/index.js', () => {
  const requests: string[] = [];
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      requests.push(await body(request));
      response.writeHead(403, {
        'content-type': 'text/xml',
        'x-amzn-requestid': '5f1e0c1a-1111-4a2b-9c3d-000000000001',
      });
      response.end(DENIED);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('exits non-zero with one ::error:: sentence naming the cause', async () => {
    const files = runnerFiles('deploy-stack-dist-');
    const child = spawn(process.execPath, ['actions/deploy-stack/dist/index.js'], {
      env: {
        HOME: files.folder,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        ...files.env,
        'INPUT_STACK-NAME': 'dev-platform',
        INPUT_TEMPLATE: TEMPLATE,
        INPUT_PARAMETERS: 'EnvName=dev',
        INPUT_MODE: 'deploy',
        'INPUT_TIMEOUT-MINUTES': '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(code).toBe(1);
    const errors = stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      '::error::CloudFormation DescribeStacks failed with AccessDenied (HTTP 403): User: arn:aws:sts::123456789012:assumed-role/deploy-dev/gh ' +
        'is not authorized to perform: cloudformation:DescribeStacks on resource: arn:aws:cloudformation:eu-west-1:123456789012:stack/dev-platform/* ' +
        'because no identity-based policy allows the cloudformation:DescribeStacks action [request id 5f1e0c1a-1111-4a2b-9c3d-000000000001]; ' +
        'the credentials lack permission for this call; allow cloudformation:DescribeStacks in the role the workflow assumes.',
    ]);
    expect(requests).toHaveLength(1);
    expect(new URLSearchParams(requests[0]).get('Action')).toBe('DescribeStacks');
    expect(new URLSearchParams(requests[0]).get('StackName')).toBe('dev-platform');
    expect(files.summaryText()).toContain('### deploy-stack: `dev-platform` failed');
    expect(readFileSync(files.output, 'utf8')).toBe('');
  });
});
