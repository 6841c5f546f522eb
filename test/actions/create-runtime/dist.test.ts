// The committed bundle, run as the runner runs it: a child process with INPUT_* variables, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, dummy credentials, and AWS_ENDPOINT_URL aimed at a local server speaking the
// AgentCore control plane's REST-JSON protocol (and EC2's query protocol for the zone pre-check's
// DescribeSubnets, answered with subnets in supported zones).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runnerFiles } from '../../support/runner-files.js';
import { DEV_INPUTS, inputEnv } from './scenario.js';

const BUNDLE = resolve('actions/create-runtime/dist/index.js');
const RUNTIME_ID = 'bedrock_manus_dev-Ab3dEf6h00';
const RUNTIME_ARN = `arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/${RUNTIME_ID}`;

interface Received {
  method: string;
  path: string;
  authorization: string;
  userAgent: string;
  body: string;
}

const SUBNETS_IN_SUPPORTED_ZONES = `<DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
<requestId>local-req-ec2</requestId><subnetSet>
<item><subnetId>subnet-0a1b2c3d4e5f60718</subnetId><availabilityZone>us-east-1a</availabilityZone><availabilityZoneId>use1-az1</availabilityZoneId></item>
<item><subnetId>subnet-0f1e2d3c4b5a69788</subnetId><availabilityZone>us-east-1b</availabilityZone><availabilityZoneId>use1-az2</availabilityZoneId></item>
</subnetSet></DescribeSubnetsResponse>`;

type Handler = (request: Received, response: ServerResponse) => void;

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

function json(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': 'local-req-1' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  response.writeHead(status, headers).end(JSON.stringify(body));
}

async function serve(handler: Handler): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        path: (request.url ?? '').split('?')[0] ?? '',
        authorization: String(request.headers.authorization ?? ''),
        userAgent: String(request.headers['x-amz-user-agent'] ?? request.headers['user-agent'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      if (entry.path === '/' && entry.body.includes('Action=DescribeSubnets')) {
        response.writeHead(200, { 'content-type': 'text/xml' }).end(SUBNETS_IN_SUPPORTED_ZONES);
        return;
      }
      received.push(entry);
      handler(entry, response);
    });
  });
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

async function runBundle(inputs: Record<string, string>, endpointUrl: string) {
  const files = runnerFiles('create-runtime-');
  const child = spawn(process.execPath, [BUNDLE], {
    cwd: files.folder,
    env: {
      PATH: process.env.PATH,
      HOME: files.folder,
      ...inputEnv(inputs),
      ...files.env,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL: endpointUrl,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (exit) => {
      clearTimeout(guard);
      done(exit);
    });
  });
  return { code, stdout, output: readFileSync(files.output, 'utf8'), summary: files.summaryText() };
}

describe('create-runtime bundle', () => {
  it('exits non-zero with one ::error:: sentence naming the cause when AWS denies access', async () => {
    const { url, received } = await serve((_, response) =>
      json(
        response,
        403,
        {
          message:
            'User: arn:aws:sts::123456789012:assumed-role/github-deploy/gh is not authorized to perform: bedrock-agentcore:ListAgentRuntimes',
        },
        'AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.bedrockagentcorecontrol/',
      ),
    );

    const run = await runBundle(DEV_INPUTS, url);

    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      '::error::Bedrock AgentCore Control ListAgentRuntimes failed with AccessDeniedException (HTTP 403): User: arn:aws:sts::123456789012:assumed-role/github-deploy/gh is not authorized to perform: bedrock-agentcore:ListAgentRuntimes [request id local-req-1]; the credentials lack permission for this call; allow bedrock-agentcore:ListAgentRuntimes in the role the workflow assumes.',
    ]);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', path: '/runtimes/' });
    expect(received[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\//);
    expect(received[0]?.userAgent).toContain('bedrock-manus-create-runtime');
    expect(run.output).toBe('');
    expect(run.summary).toContain('### create-runtime failed');
    expect(run.summary).toContain(errors[0]?.slice('::error::'.length));
  });

  it('creates a runtime and its endpoint, writing outputs and the step summary', async () => {
    let endpointCreated = false;
    const { url, received } = await serve((request, response) => {
      const route = `${request.method} ${request.path}`;
      const now = new Date().toISOString();
      if (route === 'POST /runtimes/') return json(response, 200, { agentRuntimes: [] });
      if (route === 'PUT /runtimes/') {
        return json(response, 202, {
          agentRuntimeArn: RUNTIME_ARN,
          agentRuntimeId: RUNTIME_ID,
          agentRuntimeVersion: '1',
          createdAt: now,
          status: 'CREATING',
        });
      }
      if (route === `GET /runtimes/${RUNTIME_ID}/`) {
        return json(response, 200, {
          ...JSON.parse(received.find((entry) => entry.method === 'PUT' && entry.path === '/runtimes/')?.body ?? '{}'),
          agentRuntimeArn: RUNTIME_ARN,
          agentRuntimeId: RUNTIME_ID,
          agentRuntimeVersion: '1',
          createdAt: now,
          lastUpdatedAt: now,
          status: 'READY',
        });
      }
      if (route === `PUT /runtimes/${RUNTIME_ID}/runtime-endpoints/`) {
        endpointCreated = true;
        return json(response, 202, {
          agentRuntimeArn: RUNTIME_ARN,
          agentRuntimeEndpointArn: `${RUNTIME_ARN}/runtime-endpoint/dev`,
          targetVersion: '1',
          status: 'CREATING',
          createdAt: now,
        });
      }
      if (route === `GET /runtimes/${RUNTIME_ID}/runtime-endpoints/dev/`) {
        if (!endpointCreated) return json(response, 404, { message: 'not found' }, 'ResourceNotFoundException');
        return json(response, 200, {
          agentRuntimeArn: RUNTIME_ARN,
          agentRuntimeEndpointArn: `${RUNTIME_ARN}/runtime-endpoint/dev`,
          name: 'dev',
          id: 'dev-endpoint',
          liveVersion: '1',
          targetVersion: '1',
          status: 'READY',
          createdAt: now,
          lastUpdatedAt: now,
        });
      }
      json(response, 400, { message: `unexpected ${route}` }, 'ValidationException');
    });

    const run = await runBundle({ ...DEV_INPUTS, endpoint: 'dev' }, url);

    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    const create = JSON.parse(
      received.find((entry) => entry.path === '/runtimes/' && entry.method === 'PUT')?.body ?? '',
    );
    expect(create.agentRuntimeArtifact.containerConfiguration.containerUri).toBe(DEV_INPUTS.image);
    const outputs = Object.fromEntries(
      [...run.output.matchAll(/^([\w-]+)<<(ghadelimiter_\S+)\n([\s\S]*?)\n\2$/gm)].map((match) => [match[1], match[3]]),
    );
    expect(outputs).toEqual({
      'runtime-arn': RUNTIME_ARN,
      'runtime-id': RUNTIME_ID,
      'runtime-version': '1',
      'endpoint-arn': `${RUNTIME_ARN}/runtime-endpoint/dev`,
      'previous-version': '',
      status: 'created',
    });
    expect(run.summary).toContain('| Endpoint | dev: new → 1 |');
  });
});
