// A deployed runtime through InvokeAgentRuntime, with the endpoint as qualifier. Throttling and the errors a
// cold or busy runtime answers with are retryable; anything else is the answer.
import { type BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { formatAwsError, isThrottling } from '../../../lib/errors.js';
import type { InvocationBody } from './jobs.js';
import { InvokeError, type Opened, type Transport } from './transport.js';

/** What AgentCore answers while a runtime starts, scales or is briefly overloaded. */
const COLD_START = new Set(['ServiceQuotaExceededException', 'InternalServerException', 'RuntimeClientError']);
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export function awsTransport(client: BedrockAgentCoreClient, runtimeArn: string, qualifier: string): Transport {
  return {
    target: `runtime ${runtimeArn} (endpoint ${qualifier})`,
    async open(body: InvocationBody, sessionId: string, signal: AbortSignal): Promise<Opened> {
      try {
        const output = await client.send(
          new InvokeAgentRuntimeCommand({
            agentRuntimeArn: runtimeArn,
            qualifier,
            runtimeSessionId: sessionId,
            contentType: 'application/json',
            accept: 'text/event-stream',
            payload: new TextEncoder().encode(JSON.stringify(body)),
          }),
          { abortSignal: signal },
        );
        if (!output.response) throw new InvokeError('InvokeAgentRuntime answered without a response body.', false);
        const requestId = output.$metadata.requestId;
        return {
          stream: output.response as unknown as AsyncIterable<Uint8Array>,
          ...(requestId ? { requestId } : {}),
        };
      } catch (error) {
        if (error instanceof InvokeError || signal.aborted) throw error;
        const shape = error as { name?: string; $metadata?: { httpStatusCode?: number } };
        const status = shape.$metadata?.httpStatusCode ?? 0;
        const retryable =
          isThrottling(error) ||
          COLD_START.has(shape.name ?? '') ||
          (status !== 424 && RETRYABLE_STATUS.has(status)) ||
          shape.name === 'TimeoutError';
        throw new InvokeError(formatAwsError(error, 'Bedrock AgentCore', 'InvokeAgentRuntime'), retryable);
      }
    },
  };
}
