// A local HTTP server whose answers the test scripts, standing in for what the tests cannot run: the ALB in
// front of the executor, Bedrock's Converse API. Each request reaches the handler with its whole body.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInHandler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface StandIn {
  url: string;
  close(): Promise<void>;
}

export async function startStandIn(handler: StandInHandler): Promise<StandIn> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => handler(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
