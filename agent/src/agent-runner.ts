// Runs one turn of one Strands agent inside a run: streams its text as events, counts its tokens, enforces the
// turn and token limits, and turns the SDK's limit stop reasons into errors a user can act on.
import { Agent, type Model, type Tool } from '@strands-agents/sdk';
import type { AgentName } from './events.js';
import type { StreamingFigureFiller } from './figures.js';
import { type Run, WorkflowError } from './run.js';
import type { Budget } from './usage.js';

export function createAgent(name: AgentName, model: Model, systemPrompt: string, tools: Tool[]): Agent {
  return new Agent({
    name,
    model,
    systemPrompt,
    tools,
    printer: false,
    // One session, one Python process: tool calls must not overlap (the executor answers 409 if they do).
    toolExecutor: 'sequential',
  });
}

/** One agent's turn in a run: `filler` fills figure placeholders as its text streams. */
export interface AgentTurn {
  agent: Agent;
  name: AgentName;
  round: number;
  message: string;
  filler?: StreamingFigureFiller;
}

/** Sends the turn's message to its agent and returns the final text, within the run's budget. */
export async function runAgent(run: Run, turn: AgentTurn): Promise<string> {
  const { agent, name, round, message, filler } = turn;
  const { ledger, budget } = run;
  const emitText = (text: string) => {
    if (text) run.emit({ type: 'text', agent: name, text });
  };
  const remainingTokens = budget.totalTokens - ledger.total.totalTokens;
  if (remainingTokens <= 0) throw tokenLimit(budget);
  run.emit({ type: 'agent', agent: name, phase: 'start', round });
  const stream = agent.stream(message, {
    cancelSignal: run.signal,
    limits: { turns: budget.turns, totalTokens: remainingTokens },
  });
  let result: Awaited<ReturnType<typeof agent.invoke>>;
  try {
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        result = next.value;
        break;
      }
      const event = next.value;
      if (event.type !== 'modelStreamUpdateEvent') continue;
      const inner = event.event;
      if (inner.type === 'modelContentBlockDeltaEvent' && inner.delta.type === 'textDelta') {
        emitText(filler ? filler.push(inner.delta.text) : inner.delta.text);
      } else if (inner.type === 'modelMetadataEvent' && inner.usage) {
        ledger.add(name, inner.usage);
      }
    }
    if (filler) emitText(filler.flush());
  } catch (error) {
    throw run.fatal ?? error;
  } finally {
    const usage = ledger.byAgent[name];
    if (usage) run.emit({ type: 'usage', agent: name, usage: { ...usage } });
  }
  if (run.fatal) throw run.fatal;
  if (run.signal.aborted) throw run.signal.reason;
  switch (result.stopReason) {
    case 'limitTurns':
      throw new WorkflowError(
        'turn_limit',
        `The ${name} agent used its ${budget.turns} model turns without finishing (AGENT_MAX_TURNS).`,
      );
    case 'limitTotalTokens':
      throw tokenLimit(budget);
    case 'cancelled':
      throw new WorkflowError('cancelled', `The ${name} agent was cancelled.`);
  }
  run.emit({ type: 'agent', agent: name, phase: 'end', round });
  return finalText(result.lastMessage.content);
}

function tokenLimit(budget: Budget): WorkflowError {
  return new WorkflowError(
    'token_limit',
    `The run used its budget of ${budget.totalTokens} tokens across all agents (AGENT_MAX_TOTAL_TOKENS).`,
  );
}

function finalText(content: readonly { type: string }[]): string {
  return content
    .filter((block): block is { type: 'textBlock'; text: string } => block.type === 'textBlock')
    .map((block) => block.text)
    .join('')
    .trim();
}
