// A replay model for tests and the offline demo: each call to stream() plays the next scripted turn of one
// agent as the model stream events a real provider would send (text, tool calls, usage). Nothing here
// computes an answer: figures come from the Python the script asks the executor to run.
import { type Message, Model, type ModelStreamEvent, type StreamOptions } from '@strands-agents/sdk';
import type { AgentName } from './events.js';
import { type ReplayRequest, replayScript } from './replay-jobs.js';
import { readScript, ScriptError, type ScriptTurn, scriptSchema } from './script.js';

interface ScriptedConfig {
  modelId?: string;
}

export class ScriptedModel extends Model<ScriptedConfig> {
  private next = 0;
  private config: ScriptedConfig;

  constructor(
    private readonly agent: AgentName,
    private readonly turns: ScriptTurn[],
  ) {
    super();
    this.config = { modelId: `scripted-${agent}` };
  }

  updateConfig(config: ScriptedConfig): void {
    this.config = { ...this.config, ...config };
  }

  getConfig(): ScriptedConfig {
    return this.config;
  }

  async *stream(messages: Message[], options?: StreamOptions): AsyncIterable<ModelStreamEvent> {
    const index = this.next++;
    const turn = this.turns[index];
    if (!turn)
      throw new ScriptError(`The ${this.agent} script has no turn ${index + 1} (it has ${this.turns.length}).`);
    if (turn.expect !== undefined) this.checkExpectation(turn.expect, messages, index);
    if (turn.delayMs > 0) await abortableDelay(turn.delayMs, options?.cancelSignal);

    yield { type: 'modelMessageStartEvent', role: 'assistant' };
    if (turn.text) {
      yield { type: 'modelContentBlockStartEvent' };
      yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'textDelta', text: turn.text } };
      yield { type: 'modelContentBlockStopEvent' };
    }
    for (const [position, call] of turn.tools.entries()) {
      const toolUseId = `${this.agent}-${index + 1}-${position + 1}`;
      yield { type: 'modelContentBlockStartEvent', start: { type: 'toolUseStart', name: call.name, toolUseId } };
      yield {
        type: 'modelContentBlockDeltaEvent',
        delta: { type: 'toolUseInputDelta', input: JSON.stringify(call.input) },
      };
      yield { type: 'modelContentBlockStopEvent' };
    }
    yield { type: 'modelMessageStopEvent', stopReason: turn.tools.length > 0 ? 'toolUse' : 'endTurn' };
    const usage = turn.usage ?? { inputTokens: 100, outputTokens: 20 };
    yield {
      type: 'modelMetadataEvent',
      usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
    };
  }

  private checkExpectation(expected: string, messages: Message[], index: number): void {
    // The last message is what the model reacts to: a tool result, or the workflow's follow-up request.
    const text = JSON.stringify(messages.at(-1)?.content ?? []);
    if (!text.includes(expected)) {
      throw new ScriptError(
        `The ${this.agent} script's turn ${index + 1} expected the last message to contain ${JSON.stringify(expected)}; it was ${text.slice(0, 500)}`,
      );
    }
  }
}

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * One scripted model per agent, reading the script once per invocation so every run replays from the top:
 * a script file's path, or the request, for which the catalogue picks its job (replay-jobs.ts).
 */
export function scriptedModels(source: string | ReplayRequest): Record<AgentName, ScriptedModel> {
  const script = typeof source === 'string' ? readScript(source) : scriptSchema.parse(replayScript(source));
  return {
    coder: new ScriptedModel('coder', script.coder),
    validator: new ScriptedModel('validator', script.validator),
    reporter: new ScriptedModel('reporter', script.reporter),
  };
}
