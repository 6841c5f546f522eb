// The replay script format of the scripted model: per agent, the turns it plays (text and/or tool calls), with
// an optional expectation on the message it reacts to, a delay and token counts.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const turnSchema = z.strictObject({
  text: z.string().optional(),
  tools: z.array(z.strictObject({ name: z.string(), input: z.record(z.string(), z.unknown()) })).default([]),
  /** Simulates a slow model: wait this long before the first event. */
  delayMs: z.number().int().nonnegative().default(0),
  /** The last message (tool result or request) must contain this text, or the replay stops: the script reacts to real output. */
  expect: z.string().optional(),
  usage: z.strictObject({ inputTokens: z.number().int(), outputTokens: z.number().int() }).optional(),
});

export const scriptSchema = z.strictObject({
  coder: z.array(turnSchema),
  validator: z.array(turnSchema),
  reporter: z.array(turnSchema),
});

export type Script = z.input<typeof scriptSchema>;
export type Turn = Script['coder'][number];
export type ScriptTurn = z.infer<typeof turnSchema>;

export class ScriptError extends Error {
  override name = 'ScriptError';
}

export function readScript(path: string): z.infer<typeof scriptSchema> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScriptError(`Cannot read the model script ${path}: ${(error as Error).message}`);
  }
  const parsed = scriptSchema.safeParse(json);
  if (!parsed.success) throw new ScriptError(`The model script ${path} is invalid: ${parsed.error.message}`);
  return parsed.data;
}
