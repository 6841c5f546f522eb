// A local agent (npm start, or a runtime container on a developer's machine) over plain HTTP: POST
// <url>/invocations with the AgentCore session header, GET <url>/ping.
import type { InvocationBody } from './jobs.js';
import { InvokeError, type Opened, type Transport } from './transport.js';

export const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export function urlTransport(base: string): Transport {
  const root = base.replace(/\/+$/, '');
  return {
    target: root,
    async open(body: InvocationBody, sessionId: string, signal: AbortSignal): Promise<Opened> {
      let response: Response;
      try {
        response = await fetch(`${root}/invocations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', [SESSION_HEADER]: sessionId },
          body: JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new InvokeError(`POST ${root}/invocations could not connect (${cause}); is the agent running?`, true);
      }
      if (!response.ok || !response.body) {
        const text = (await response.text()).slice(0, 500);
        throw new InvokeError(
          `POST ${root}/invocations answered HTTP ${response.status}: ${text || 'no body'}`,
          RETRYABLE_STATUS.has(response.status),
        );
      }
      const requestId = response.headers.get('x-amzn-requestid') ?? response.headers.get('x-request-id') ?? undefined;
      return { stream: response.body as AsyncIterable<Uint8Array>, ...(requestId ? { requestId } : {}) };
    },
    async ping(signal: AbortSignal) {
      const response = await fetch(`${root}/ping`, { signal });
      return { status: response.status, body: (await response.text()).slice(0, 500) };
    },
  };
}
