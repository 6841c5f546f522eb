// One model per agent, from the configured provider: Bedrock Claude with prompt caching in an explicit region,
// an OpenAI-compatible endpoint for local use, or the scripted replay model.
import type { Model } from '@strands-agents/sdk';
import { BedrockModel } from '@strands-agents/sdk/models/bedrock';
import { OpenAIModel } from '@strands-agents/sdk/models/openai';
import type { ModelSettings } from './config.js';
import type { AgentName } from './events.js';
import type { ReplayRequest } from './replay-jobs.js';
import { scriptedModels } from './scripted-model.js';

export type ModelSet = Record<AgentName, Model>;

/**
 * Fresh models for one invocation (the scripted ones replay from the top each time, and without a script pick
 * the catalogue's job for the request).
 */
export function createModels(settings: ModelSettings, request: ReplayRequest): ModelSet {
  switch (settings.provider) {
    case 'scripted':
      return scriptedModels(settings.scriptPath ?? request);
    case 'bedrock':
      return perAgent((agent) => bedrockModel(settings, settings.modelIds[agent]));
    case 'openai':
      return perAgent(
        (agent) =>
          new OpenAIModel({
            api: 'chat',
            modelId: settings.modelIds[agent],
            maxTokens: settings.maxTokens,
            // Local servers (vLLM, Ollama, LM Studio) usually ignore the key but the client insists on one.
            apiKey: settings.openai?.apiKey ?? 'not-needed',
            ...(settings.openai?.baseUrl ? { clientConfig: { baseURL: settings.openai.baseUrl } } : {}),
          }),
      );
  }
}

export function bedrockModel(
  settings: Pick<ModelSettings, 'region' | 'maxTokens'>,
  modelId: string,
  overrides: Partial<ConstructorParameters<typeof BedrockModel>[0]> = {},
): BedrockModel {
  return new BedrockModel({
    modelId,
    region: settings.region as string,
    maxTokens: settings.maxTokens,
    // Off by default in Strands: caches the system prompt, the tool specs and the conversation so far.
    cacheConfig: { strategy: 'auto' },
    ...overrides,
  });
}

function perAgent(make: (agent: AgentName) => Model): ModelSet {
  return { coder: make('coder'), validator: make('validator'), reporter: make('reporter') };
}
