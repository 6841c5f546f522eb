// The HTTP edges: JSON answers, errors as {error, message}, bodies read under a size limit, bearer auth.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { ErrorBody } from '../../../lib/executor-contract.js';

/** An answer other than 2xx: `code` is the machine-readable error, `message` one sentence for people. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

export function sendError(response: ServerResponse, error: HttpError): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, error.status, { error: error.code, message: error.message } satisfies ErrorBody, error.headers);
}

/** Reads the whole body, refusing (413) as soon as it grows past `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'body_too_large', `The request body is larger than the ${limit}-byte limit.`);
}

/** Parses a JSON body with a zod schema; every problem becomes a 400 naming the field. */
export async function readJson<T>(request: IncomingMessage, limit: number, schema: z.ZodType<T>): Promise<T> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the request body as application/json.');
  }
  let value: unknown;
  try {
    value = JSON.parse((await readBody(request, limit)).toString('utf8'));
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'invalid_json', `The request body is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, 'invalid_request', `The request body is invalid (${where}${issue?.message}).`);
  }
  return parsed.data;
}

/** Constant-time comparison of the bearer token (both sides hashed first, so lengths never leak). */
export function authorized(request: IncomingMessage, token: string): boolean {
  if (token === '') return true;
  const header = request.headers.authorization ?? '';
  const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token)) && presented !== '';
}
