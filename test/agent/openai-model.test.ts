// MODEL_PROVIDER=openai against a local server speaking the chat completions API (as vLLM, Ollama or LM
// Studio do): the agent's model id, system prompt and key reach it, and its streamed answer and usage come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../agent/src/config.js';
import { createModels } from '../../agent/src/models.js';
import { prompts } from '../../agent/src/prompts.generated.js';
import { type StandIn, startStandIn } from './support/http-stand-in.js';
import { runAlone } from './support/one-agent.js';

const requests: { path: string; authorization?: string; body: Record<string, unknown> }[] = [];
let server: StandIn;

function chunk(delta: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const body = {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'local',
    choices: [{ index: 0, delta, finish_reason: null }],
    ...extra,
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

beforeAll(async () => {
  server = await startStandIn((request, response, body) => {
    requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(body) });
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(chunk({ role: 'assistant', content: 'Total sales were ' }));
    response.write(chunk({ content: '{{total_sales}} KRW.' }));
    response.write(
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'local', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    );
    response.write(
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'local', choices: [], usage: { prompt_tokens: 321, completion_tokens: 9, total_tokens: 330 } })}\n\n`,
    );
    response.end('data: [DONE]\n\n');
  });
});

afterAll(() => server.close());

describe('OpenAI-compatible endpoint', () => {
  it('sends the configured model and prompt and streams the answer back', async () => {
    const config = loadConfig({
      MODEL_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${server.url}/v1`,
      OPENAI_API_KEY: 'local-key',
      OPENAI_MODEL_ID: 'qwen2.5-coder:7b',
      REPORTER_MODEL_ID: 'llama3.1:8b',
      EXECUTOR_URL: 'http://127.0.0.1:9',
      ARTIFACTS_BUCKET: 'unused',
    });
    const models = createModels(config.model, { prompt: 'Total sales?', report: 'none', files: [] });
    const { text, ledger } = await runAlone('reporter', models.reporter, 'Total sales?');

    expect(text).toBe('Total sales were {{total_sales}} KRW.');
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.authorization).toBe('Bearer local-key');
    expect(request?.body).toMatchObject({ model: 'llama3.1:8b', stream: true });
    expect(request?.body.messages).toContainEqual({ role: 'system', content: prompts.reporter });
    expect(ledger.byAgent.reporter).toMatchObject({ inputTokens: 321, outputTokens: 9, totalTokens: 330 });
    expect(models.coder.modelId).toBe('qwen2.5-coder:7b');
  });
});
