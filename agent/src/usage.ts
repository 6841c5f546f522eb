// What a run may spend (model turns per agent, tokens in all) and what it has spent, per agent and in total.
import { type AgentName, addUsage, emptyUsage, type TokenUsage } from './events.js';

export interface Budget {
  turns: number;
  totalTokens: number;
}

export class UsageLedger {
  readonly total: TokenUsage = emptyUsage();
  readonly byAgent: Partial<Record<AgentName, TokenUsage>> = {};

  add(agent: AgentName, usage: Partial<TokenUsage>): void {
    addUsage(this.total, usage);
    this.byAgent[agent] ??= emptyUsage();
    addUsage(this.byAgent[agent], usage);
  }
}
