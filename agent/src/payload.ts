// The body of POST /invocations, parsed once at the boundary: {prompt, data?, report?}.
import { z } from 'zod';
import { isSessionPath } from './executor-client.js';

export const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';

const MAX_INLINE_BYTES = 20 * 1024 * 1024;

const sessionPath = z
  .string()
  .min(1)
  .max(255)
  .refine(isSessionPath, 'must be a relative path without "." or ".." segments');

const inlineFile = z.strictObject({
  path: sessionPath,
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
});

const s3Uri = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be s3://bucket/key or prefix');

// Not strict: generic AgentCore clients add their own keys (the AgentCore CLI's chat sends agentName,
// sessionId, userId); parseInvocation drops and names them.
export const invocationSchema = z.object({
  prompt: z.string().trim().min(1, 'must not be empty').max(20_000),
  data: z
    .union([s3Uri, z.strictObject({ files: z.array(inlineFile).min(1).max(50) })])
    .optional()
    .refine(
      (data) =>
        typeof data !== 'object' || data.files.reduce((sum, file) => sum + file.content.length, 0) <= MAX_INLINE_BYTES,
      `inline files must total at most ${MAX_INLINE_BYTES} bytes`,
    ),
  report: z.enum(['pdf', 'none']).default('none'),
});

export type Invocation = z.infer<typeof invocationSchema>;
export type InlineFile = z.infer<typeof inlineFile>;

export type ParsedPayload =
  | {
      ok: true;
      invocation: Invocation /** Top-level keys the contract does not know, dropped. */;
      ignoredKeys: string[];
    }
  | { ok: false; reason: string };

const KNOWN_KEYS = new Set(Object.keys(invocationSchema.shape));

/** Parses the raw request body; the reason names the field and what is wrong with it. */
export function parseInvocation(body: string): ParsedPayload {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `body is not valid JSON: ${(error as Error).message}` };
  }
  const result = invocationSchema.safeParse(json);
  if (result.success) {
    const ignoredKeys = Object.keys(json as object).filter((key) => !KNOWN_KEYS.has(key));
    return { ok: true, invocation: result.data, ignoredKeys };
  }
  const reasons = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return `${where}: ${issue.message}`;
  });
  return { ok: false, reason: reasons.join('; ') };
}

/**
 * Any non-empty session id up to 256 characters: AgentCore itself enforces 33–256 upstream, and the AgentCore
 * CLI's local mode sends the 17-character `local-dev-session`. The character set keeps ids safe in log lines.
 */
export function checkSessionId(value: string | string[] | undefined): string | { error: string } {
  if (value === undefined || value === '') return { error: `missing ${SESSION_HEADER} header` };
  if (Array.isArray(value)) return { error: `${SESSION_HEADER} header given more than once` };
  if (value.length > 256 || !/^[\w.:-]+$/.test(value)) {
    return { error: `${SESSION_HEADER} must be 1 to 256 characters of letters, digits, ".", ":", "_" or "-"` };
  }
  return value;
}
