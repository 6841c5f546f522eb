// A stand-in for the ECS container agent's task-protection endpoint on 127.0.0.1: it records each PUT body
// and answers as the agent documents ({protection: {...}}, or {error: {...}} with a 4xx when told to fail),
// after `delayMs` when set.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEcsAgent {
  uri: string;
  /** The ProtectionEnabled value of each PUT, in order. */
  states: boolean[];
  /** The ProtectionEnabled value of each PUT the agent has answered with success, in order. */
  confirmed: boolean[];
  /** Answer every PUT with an error, as the agent does when ECS refuses the update. */
  failing: boolean;
  delayMs: number;
  close(): Promise<void>;
}

export async function startFakeEcsAgent(): Promise<FakeEcsAgent> {
  const states: boolean[] = [];
  const agent = { states, confirmed: [] as boolean[], failing: false, delayMs: 0 };
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
      const taskArn = 'arn:aws:ecs:us-east-1:123456789012:task/test/0123456789abcdef';
      setTimeout(() => {
        if (agent.failing) {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { Arn: taskArn, Code: 'ACCESS_DENIED', Message: 'refused' } }));
          return;
        }
        agent.confirmed.push(ProtectionEnabled);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            protection: {
              ProtectionEnabled,
              ExpirationDate: ProtectionEnabled ? new Date(Date.now() + ExpiresInMinutes * 60_000).toISOString() : null,
              TaskArn: taskArn,
            },
          }),
        );
      }, agent.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(agent, {
    uri: `http://127.0.0.1:${port}/v1/agent`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
