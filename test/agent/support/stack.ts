// The agent's real HTTP server with the scripted model, wired to the real executor and s3rver, plus an SSE
// client that reads the event stream the way a caller of InvokeAgentRuntime does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../../agent/src/config.js';
import type { AgentEvent } from '../../../agent/src/events.js';
import { createModels } from '../../../agent/src/models.js';
import type { Script } from '../../../agent/src/script.js';
import { type AgentServer, startAgentServer } from '../../../agent/src/server.js';
import { workflowHandler } from '../../../agent/src/workflow.js';
import { FakeClock } from '../../support/fake-clock.js';

export const SESSION_ID = 'e2e-session-0123456789abcdef0123456789';

export interface AgentUnderTest {
  server: AgentServer;
  clock: FakeClock;
  /** The server's log lines. */
  log: string[];
  close(): Promise<void>;
}

/** Starts the agent with this replay script, or without one (`undefined`): the built-in catalogue of jobs. */
export async function startAgent(
  script: Script | undefined,
  env: Record<string, string>,
  s3: () => S3Client,
): Promise<AgentUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-script-'));
  const scriptPath = join(dir, 'script.json');
  if (script) writeFileSync(scriptPath, JSON.stringify(script));
  const config = loadConfig({
    MODEL_PROVIDER: 'scripted',
    ...(script ? { SCRIPTED_MODEL_SCRIPT: scriptPath } : {}),
    EXECUTE_TIMEOUT_SECONDS: '20',
    ...env,
  });
  const log: string[] = [];
  const clock = new FakeClock(Date.now());
  const handler = workflowHandler({ config, clock, models: (request) => createModels(config.model, request), s3 });
  const server = await startAgentServer(
    { heartbeatMs: config.heartbeatMs, handler: async () => handler, log: (line) => log.push(line) },
    { host: '127.0.0.1', port: 0 },
  );
  return {
    server,
    clock,
    log,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Invocation {
  status: number;
  events: AgentEvent[];
  body: string;
}

/**
 * POSTs an invocation and collects its events. `stopWhen` lets a test walk away mid-stream (the client
 * disconnects as soon as it returns true).
 */
export async function invoke(
  url: string,
  payload: unknown,
  options: {
    headers?: Record<string, string>;
    stopWhen?: (event: AgentEvent) => boolean;
    onEvent?: (event: AgentEvent) => void;
  } = {},
): Promise<Invocation> {
  const controller = new AbortController();
  const response = await fetch(`${url}/invocations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-amzn-bedrock-agentcore-runtime-session-id': SESSION_ID,
      ...options.headers,
    },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    signal: AbortSignal.any([controller.signal, AbortSignal.timeout(120_000)]),
  });
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    return { status: response.status, events: [], body: await response.text() };
  }
  const events: AgentEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('data: ')) {
          const event = JSON.parse(frame.slice(6)) as AgentEvent;
          events.push(event);
          options.onEvent?.(event);
          if (options.stopWhen?.(event)) {
            controller.abort();
            return { status: response.status, events, body: '' };
          }
        }
        end = buffer.indexOf('\n\n');
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return { status: response.status, events, body: buffer };
}

export function only<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
}
