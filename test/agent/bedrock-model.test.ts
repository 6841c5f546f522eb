// The real Strands BedrockModel, as the agent configures it, against a local server speaking the Converse API:
// proves the request the Coder sends (model id in the path, region, prompt-cache points, the tool specs).
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEvent } from '../../agent/src/errors.js';
import { bedrockModel } from '../../agent/src/models.js';
import { prompts } from '../../agent/src/prompts.generated.js';
import { listFilesTool, readFileTool, runPythonTool } from '../../agent/src/tools.js';
import { type StandIn, startStandIn } from './support/http-stand-in.js';
import { runAlone } from './support/one-agent.js';

interface Captured {
  path: string;
  authorization: string;
  body: Record<string, unknown>;
}

const captured: Captured[] = [];
let converse: StandIn;
let denied = false;

beforeAll(async () => {
  converse = await startStandIn((request, response, body) => {
    captured.push({
      path: request.url ?? '',
      authorization: String(request.headers.authorization),
      body: JSON.parse(body),
    });
    if (denied) {
      // How Bedrock answers a role without model access (AWS JSON protocol error).
      response.writeHead(403, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/',
        'x-amzn-requestid': 'req-123',
      });
      response.end(JSON.stringify({ message: "You don't have access to the model with the specified model ID." }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        output: { message: { role: 'assistant', content: [{ text: 'Nothing to run yet.' }] } },
        stopReason: 'end_turn',
        usage: {
          inputTokens: 1200,
          outputTokens: 8,
          totalTokens: 1208,
          cacheReadInputTokens: 1100,
          cacheWriteInputTokens: 0,
        },
        metrics: { latencyMs: 12 },
      }),
    );
  });
});

afterAll(() => converse.close());

/** The model as the agent configures it, pointed at the local Converse endpoint. */
function localBedrock(modelId: string) {
  return bedrockModel({ region: 'eu-central-1', maxTokens: 4096 }, modelId, {
    stream: false,
    clientConfig: {
      endpoint: converse.url,
      requestHandler: new NodeHttpHandler(),
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    },
  });
}

describe('BedrockModel as the agent configures it', () => {
  it('sends the per-agent model id, cache points and the Coder tools to the Converse API', async () => {
    const modelId = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const model = localBedrock(modelId);
    const { text, events, ledger } = await runAlone('coder', model, 'Compute total sales.', (run) => [
      runPythonTool(run, 'coder'),
      listFilesTool(run, 'coder'),
      readFileTool(run, 'coder'),
    ]);

    expect(text).toBe('Nothing to run yet.');
    expect(captured).toHaveLength(1);
    const [request] = captured as [Captured];
    expect(decodeURIComponent(request.path)).toBe(`/model/${modelId}/converse`);
    expect(request.authorization).toContain('/eu-central-1/bedrock/aws4_request');
    const system = request.body.system as Record<string, unknown>[];
    expect(system[0]).toEqual({ text: prompts.coder });
    expect(system).toContainEqual({ cachePoint: { type: 'default' } });
    const toolConfig = request.body.toolConfig as { tools: Record<string, { name?: string }>[] };
    const names = toolConfig.tools.flatMap((entry) => (entry.toolSpec?.name ? [entry.toolSpec.name] : []));
    expect(names).toEqual(['run_python', 'list_files', 'read_file']);
    expect(toolConfig.tools).toContainEqual({ cachePoint: { type: 'default' } });
    expect(request.body.inferenceConfig).toMatchObject({ maxTokens: 4096 });
    // Strands 1.19 drops the cache token counts on the non-streaming path used here; streaming keeps them.
    expect(ledger.byAgent.coder).toMatchObject({ inputTokens: 1200, outputTokens: 8, totalTokens: 1208 });
    expect(events).toContainEqual({ type: 'text', agent: 'coder', text: 'Nothing to run yet.' });
  });

  it('turns a denied model call into an error event that says what to grant', async () => {
    denied = true;
    try {
      const failure = await runAlone(
        'reporter',
        localBedrock('eu.anthropic.claude-sonnet-4-5-20250929-v1:0'),
        'Hi',
      ).catch((error: unknown) => error);
      expect(errorEvent(failure)).toEqual({
        type: 'error',
        code: 'model_error',
        message: expect.stringMatching(
          /^The model call failed with AccessDeniedException \(HTTP 403\): You don't have access to the model with the specified model ID \[request id req-123\]; the runtime role needs bedrock:InvokeModel/,
        ),
      });
    } finally {
      denied = false;
    }
  });
});
