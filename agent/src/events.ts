// The agent's server-sent events: one discriminated union, the AgentCore contract of ARCHITECTURE.md.
// Every event goes out as one `data: {json}` frame; `done` is always last.

export type AgentName = 'coder' | 'validator' | 'reporter';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

export interface ArtifactRef {
  /** s3://bucket/key */
  uri: string;
  size: number;
  sha256: string;
}

export interface FigureCheck {
  figure: string;
  reported: number;
  recomputed: number | null;
  method: string;
  match: boolean;
}

export type AgentEvent =
  | { type: 'start'; sessionId: string; executorSessionId: string; report: 'pdf' | 'none' }
  | { type: 'agent'; agent: AgentName; phase: 'start' | 'end'; round: number }
  | { type: 'text'; agent: AgentName; text: string }
  | {
      type: 'tool';
      agent: AgentName;
      tool: string;
      status: 'ok' | 'error' | 'timeout';
      durationMs: number;
      detail?: string;
    }
  | { type: 'validation'; round: number; accepted: boolean; checks: FigureCheck[] }
  | ({ type: 'artifact' } & ArtifactRef)
  | { type: 'usage'; agent: AgentName; usage: TokenUsage }
  | { type: 'heartbeat'; waiting?: string }
  | { type: 'error'; code: string; message: string }
  | {
      type: 'done';
      answer: string;
      figures: Record<string, number>;
      artifacts: ArtifactRef[];
      usage: { total: TokenUsage; byAgent: Partial<Record<AgentName, TokenUsage>> };
      durationMs: number;
    };

export type AgentEventType = AgentEvent['type'];

/** Receives events as the workflow produces them; the HTTP layer turns them into SSE frames. */
export type EventSink = (event: AgentEvent) => void;

/**
 * One SSE frame. An `error` frame also carries the message under `error`: generic AgentCore clients (the
 * AgentCore CLI, its chat UI) recognise errors only as `{"error": "<message>"}`; typed clients keep `code`.
 */
export function sseFrame(event: AgentEvent): string {
  const wire = event.type === 'error' ? { ...event, error: event.message } : event;
  return `data: ${JSON.stringify(wire)}\n\n`;
}

export function emptyUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, totalTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
}

export function addUsage(target: TokenUsage, source: Partial<TokenUsage>): void {
  target.inputTokens += source.inputTokens ?? 0;
  target.outputTokens += source.outputTokens ?? 0;
  target.totalTokens += source.totalTokens ?? 0;
  target.cacheReadInputTokens += source.cacheReadInputTokens ?? 0;
  target.cacheWriteInputTokens += source.cacheWriteInputTokens ?? 0;
}
