// The executor's HTTP server (contract: ARCHITECTURE.md, "The executor"). `startExecutor` is the one way to run
// it, from main.ts in the image or in-process from tests: it resolves the configuration, warms the kernel pool
// and listens; `close()` drains gracefully (running executes finish, outputs go to S3) before it resolves.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { ExecuteResult, SessionClosed, SessionCreated } from '../../../lib/executor-contract.js';
import { type ExecutorConfig, type ExecutorOptions, resolveConfig } from './config.js';
import { filePath, getFile, listFiles, putFile } from './file-routes.js';
import { authorized, HttpError, readJson, sendError, sendJson } from './http.js';
import { SessionManager } from './sessions.js';
import { assertTokenPolicy } from './token-policy.js';

export type { ExecutorConfig, ExecutorOptions } from './config.js';

export interface RunningExecutor {
  /** http://host:port of the listening server. */
  url: string;
  /** Graceful stop: refuses new sessions, lets executes finish, uploads every session's outputs, then closes. */
  close(): Promise<void>;
  /** Closes sessions idle past the idle timeout now (a timer also does it every minute at most). */
  expireIdleSessions(): Promise<string[]>;
}

function executeSchema(config: ExecutorConfig) {
  return z.strictObject({
    code: z.string().min(1, 'code must not be empty'),
    timeoutSeconds: z.number().positive().max(config.maxTimeoutSeconds).optional(),
  });
}

export async function startExecutor(options: ExecutorOptions = {}): Promise<RunningExecutor> {
  const config = resolveConfig(options);
  assertTokenPolicy(config.token, config.deployed);
  const sessions = new SessionManager(config);
  await sessions.start();
  const executeBody = executeSchema(config);

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The raw path, never a URL-normalized one: normalizing would resolve "/sessions/A/files/../../B/files/x"
    // into a request for session B. Here "../.." stays inside the file path, where it is refused.
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    if (pathname === '/health' && method === 'GET') {
      const health = sessions.health();
      sendJson(response, sessions.draining ? 503 : 200, health);
      return;
    }
    if (!authorized(request, config.token)) {
      throw new HttpError(401, 'unauthorized', 'A valid bearer token is required.', {
        'www-authenticate': 'Bearer',
      });
    }
    if (pathname === '/sessions') {
      expectMethod(method, 'POST');
      sendJson(response, 201, { sessionId: await sessions.create() } satisfies SessionCreated);
      return;
    }
    const match = /^\/sessions\/([^/]+)(\/execute|\/files|\/files\/(.+))?$/.exec(pathname);
    if (!match) throw new HttpError(404, 'not_found', `There is no route ${method} ${pathname}.`);
    const [, id = '', action, encodedPath] = match;
    const session = sessions.get(id);
    if (action === undefined) {
      expectMethod(method, 'DELETE');
      sendJson(response, 200, { artifacts: await sessions.delete(id) } satisfies SessionClosed);
    } else if (action === '/execute') {
      expectMethod(method, 'POST');
      const body = await readJson(request, config.maxRequestBytes, executeBody);
      const timeout = body.timeoutSeconds ?? config.defaultTimeoutSeconds;
      sendJson(response, 200, (await sessions.execute(id, body.code, timeout)) satisfies ExecuteResult);
    } else if (encodedPath === undefined) {
      expectMethod(method, 'GET');
      await listFiles(session, response);
    } else if (method === 'PUT') {
      await putFile(session, filePath(encodedPath), request, response, config.maxUploadBytes);
    } else {
      expectMethod(method, 'GET');
      await getFile(session, filePath(encodedPath), response);
    }
  }

  const server = createServer((request, response) => {
    const started = performance.now();
    route(request, response)
      .catch((error: unknown) => {
        if (error instanceof HttpError) return sendError(response, error);
        config.log.log('error', 'request failed', { method: request.method, url: request.url, error: String(error) });
        sendError(response, new HttpError(500, 'internal_error', 'The executor failed to handle the request.'));
      })
      .finally(() => {
        // Load balancer health checks would drown the log at info.
        config.log.log(request.url === '/health' ? 'debug' : 'info', 'request', {
          method: request.method,
          path: request.url?.replace(/\/files\/.*/, '/files/…'),
          status: response.statusCode,
          ms: Math.round(performance.now() - started),
        });
        // A body refused as too large is not read to its end: the connection goes with it. Anything else left
        // unread (a body on a GET) is drained so the keep-alive connection stays usable.
        if (request.complete) return;
        if (response.statusCode !== 413) request.resume();
        else if (response.writableFinished) request.destroy();
        else response.on('finish', () => request.destroy());
      });
  });
  // Longer than the ALB's 60 s idle timeout, so the server never closes a connection the ALB is about to reuse.
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 80_000;
  // Receiving a request (not answering it: executes may run for minutes) must end within 5 minutes.
  server.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const sweep = setInterval(() => void sessions.expireIdle(), Math.min(60_000, (config.idleTimeoutSeconds * 1000) / 4));
  sweep.unref();
  config.log.log('info', 'executor listening', { port, maxSessions: config.maxSessions, poolSize: config.poolSize });

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    expireIdleSessions: () => sessions.expireIdle(),
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        await sessions.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        config.log.log('info', 'executor stopped');
      })();
      return closing;
    },
  };
}

function expectMethod(method: string, allowed: string): void {
  if (method !== allowed) {
    throw new HttpError(405, 'method_not_allowed', `Use ${allowed} on this route, not ${method}.`, { allow: allowed });
  }
}
