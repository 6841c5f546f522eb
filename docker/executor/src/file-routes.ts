// The files API of a session: inputs in (PUT), outputs out (GET), a listing. Every path goes through
// confined-fs; uploads land in a fresh file first and replace the target by rename, so a symlink planted at
// the target is replaced, never followed, and a refused upload leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { chown, lstat, rename, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileListing } from '../../../lib/executor-contract.js';
import { contentTypeOf } from './artifacts.js';
import {
  createConfinedFile,
  makeConfinedParents,
  openConfinedForRead,
  PathError,
  parseRelativePath,
} from './confined-fs.js';
import { HttpError, sendJson, tooLarge } from './http.js';
import { scanFiles, signatureOf } from './session-files.js';
import type { Session } from './sessions.js';

/** The path part after /files/, percent-decoded, validated. */
export function filePath(encoded: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw new HttpError(400, 'invalid_path', 'The file path is not valid percent-encoding.');
  }
  return asHttp(() => parseRelativePath(decoded));
}

function asHttp<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw toHttpError(error);
  }
}

export function toHttpError(error: unknown): unknown {
  if (!(error instanceof PathError)) return error;
  return new HttpError(error.code === 'file_not_found' ? 404 : 400, error.code, error.message);
}

export async function putFile(
  session: Session,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
): Promise<void> {
  const { workDir, user } = session.slot;
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const giveToUser = async (target: string) => {
    if (user) await chown(target, user.uid, user.gid);
  };
  const temporary = join(dirname(path), `.upload-${randomUUID()}`).replace(/^\.\//, '');
  let size = 0;
  try {
    await makeConfinedParents(workDir, path, giveToUser);
    const handle = await createConfinedFile(workDir, temporary);
    try {
      if (user) await handle.chown(user.uid, user.gid);
      for await (const chunk of request as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) throw tooLarge(limit);
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    const target = join(workDir, path);
    if ((await lstat(target).catch(() => undefined))?.isDirectory()) {
      throw new PathError('path_not_allowed', `The path ${JSON.stringify(path)} is a directory.`);
    }
    await rename(join(workDir, temporary), target);
  } catch (error) {
    await unlink(join(workDir, temporary)).catch(() => {});
    throw toHttpError(error);
  }
  const stats = await lstat(join(workDir, path), { bigint: true });
  session.inputs.set(path, signatureOf(stats));
  sendJson(response, 201, { path, size });
}

export async function getFile(session: Session, path: string, response: ServerResponse): Promise<void> {
  const handle = await openConfinedForRead(session.slot.workDir, path).catch((error) => {
    throw toHttpError(error);
  });
  let stats: Awaited<ReturnType<typeof handle.stat>>;
  try {
    stats = await handle.stat();
  } catch (error) {
    await handle.close();
    throw error;
  }
  response.writeHead(200, {
    'content-type': contentTypeOf(path),
    'content-length': stats.size,
    'cache-control': 'no-store',
  });
  // The stream owns the handle from here and closes it however the response ends.
  await pipeline(handle.createReadStream({ start: 0, end: Math.max(0, stats.size - 1) }), response);
}

export async function listFiles(session: Session, response: ServerResponse): Promise<void> {
  const files = scanFiles(session.slot.workDir);
  sendJson(response, 200, {
    files: files.map(({ path, size, modified, signature }) => ({
      path,
      size,
      modified,
      // An uploaded file the code has not changed since; everything else becomes an artifact on DELETE.
      input: session.inputs.get(path) === signature,
    })),
  } satisfies FileListing);
}
