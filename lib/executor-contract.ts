// The executor's HTTP contract, declared once: the session server types its answers with these, and the agent's
// client parses them with the same schemas (test/agent/executor-contract.test.ts runs the client against the
// real server). Routes and status codes: docker/executor/README.md.
import { z } from 'zod';

/** 201 of POST /sessions. */
export const sessionCreatedSchema = z.object({ sessionId: z.string().min(1) });
export type SessionCreated = z.infer<typeof sessionCreatedSchema>;

/** Body of POST /sessions/{id}/execute. */
export interface ExecuteRequest {
  code: string;
  timeoutSeconds?: number;
}

export const cellErrorSchema = z.object({ type: z.string(), message: z.string(), traceback: z.string() });
export type CellError = z.infer<typeof cellErrorSchema>;

/** 200 of POST /sessions/{id}/execute: what the cell printed, how it ended, the files it created or changed. */
export const executeResultSchema = z.object({
  status: z.enum(['ok', 'error', 'timeout']),
  stdout: z.string(),
  stderr: z.string(),
  error: cellErrorSchema.optional(),
  durationMs: z.number(),
  files: z.array(z.string()),
});
export type ExecuteResult = z.infer<typeof executeResultSchema>;

export const fileEntrySchema = z.object({
  path: z.string(),
  size: z.number(),
  /** ISO 8601. */
  modified: z.string(),
  /** An input put with PUT and not changed since: not an artifact. */
  input: z.boolean(),
});
export type FileEntry = z.infer<typeof fileEntrySchema>;

/** 200 of GET /sessions/{id}/files. */
export const fileListingSchema = z.object({ files: z.array(fileEntrySchema) });
export type FileListing = z.infer<typeof fileListingSchema>;

export const artifactSchema = z.object({ key: z.string(), size: z.number(), sha256: z.string() });
export type Artifact = z.infer<typeof artifactSchema>;

/** 200 of DELETE /sessions/{id}, once every output is confirmed in S3. */
export const sessionClosedSchema = z.object({ artifacts: z.array(artifactSchema) });
export type SessionClosed = z.infer<typeof sessionClosedSchema>;

/** Every error answer. */
export const errorBodySchema = z.object({ error: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof errorBodySchema>;
