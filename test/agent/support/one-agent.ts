// One agent, one message, outside a workflow: for the tests that check what a real model client sends.
import type { Model, Tool } from '@strands-agents/sdk';
import { createAgent, runAgent } from '../../../agent/src/agent-runner.js';
import type { AgentEvent, AgentName } from '../../../agent/src/events.js';
import type { ExecutorSession } from '../../../agent/src/executor-client.js';
import { prompts } from '../../../agent/src/prompts.generated.js';
import { Run } from '../../../agent/src/run.js';
import { UsageLedger } from '../../../agent/src/usage.js';

export async function runAlone(
  name: AgentName,
  model: Model,
  message: string,
  tools: (run: Run) => Tool[] = () => [],
): Promise<{ text: string; events: AgentEvent[]; ledger: UsageLedger }> {
  const events: AgentEvent[] = [];
  // The tools are only described to the model; no executor session is behind them.
  const ledger = new UsageLedger();
  const run = new Run({
    emit: (event) => events.push(event),
    session: {} as ExecutorSession,
    executeTimeoutSeconds: 60,
    budget: { turns: 5, totalTokens: 100_000 },
    ledger,
    signal: new AbortController().signal,
  });
  const agent = createAgent(name, model, prompts[name], tools(run));
  const text = await runAgent(run, { agent, name, round: 1, message });
  return { text, events, ledger };
}
