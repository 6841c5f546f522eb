// A stand-in for the ECS container agent's task-protection endpoint on 127.0.0.1: it records each PUT body
// and answers as the agent documents ({protection: {...}}).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEcsAgent {
  uri: string;
  /** The ProtectionEnabled value of each PUT, in order. */
  states: boolean[];
  close(): Promise<void>;
}

export async function startFakeEcsAgent(): Promise<FakeEcsAgent> {
  const states: boolean[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.method !== 'PUT' || request.url !== '/v1/agent/task-protection/v1/state') {
        response.writeHead(404).end();
        return;
      }
      const { ProtectionEnabled, ExpiresInMinutes } = JSON.parse(body);
      states.push(ProtectionEnabled);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          protection: {
            ProtectionEnabled,
            ExpirationDate: ProtectionEnabled ? new Date(Date.now() + ExpiresInMinutes * 60_000).toISOString() : null,
            TaskArn: 'arn:aws:ecs:us-east-1:123456789012:task/test/0123456789abcdef',
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/v1/agent`,
    states,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
