// Uploads a session's output files to S3. Each file is hashed first (SHA-256 and MD5 in one pass); S3 checks
// the body against both, and the answer is checked too: the echoed SHA-256 checksum, or else an MD5 ETag
// (S3-compatible servers that ignore checksum headers). Each upload is retried with backoff, and the
// caller removes files only when every upload here has been confirmed.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type BackoffOptions, backoffDelay } from '../../../lib/backoff.js';
import type { Clock } from '../../../lib/clock.js';
import { openConfinedForRead } from './confined-fs.js';
import type { Logger } from './log.js';

export interface Artifact {
  key: string;
  size: number;
  /** Hex SHA-256 of the uploaded bytes. */
  sha256: string;
}

export interface ArtifactTarget {
  s3: S3Client;
  bucket: string;
  prefix: string;
  attempts: number;
  backoff: BackoffOptions;
  clock: Clock;
  log: Logger;
}

export class ArtifactUploadError extends Error {}

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

interface Digests {
  sha256: Buffer;
  md5: Buffer;
  size: number;
}

// Every read opens the file afresh and hands the handle to its stream: an SDK that abandons a body stream
// (a reset connection) destroys it, and a handle shared between attempts would be closed with it.
async function digests(root: string, path: string): Promise<Digests> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  const handle = await openConfinedForRead(root, path);
  for await (const chunk of handle.createReadStream() as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    md5.update(chunk);
    size += chunk.length;
  }
  return { sha256: sha256.digest(), md5: md5.digest(), size };
}

/** One PutObject, confirmed by the checksum S3 echoes (or, from S3-compatible servers, the MD5 ETag). */
async function putOnce(target: ArtifactTarget, root: string, key: string, path: string, sums: Digests): Promise<void> {
  const body = (await openConfinedForRead(root, path)).createReadStream();
  try {
    const answer = await target.s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: body,
        ContentLength: sums.size,
        ContentType: contentTypeOf(path),
        ContentMD5: sums.md5.toString('base64'),
        ChecksumSHA256: sums.sha256.toString('base64'),
        Metadata: { sha256: sums.sha256.toString('hex') },
      }),
    );
    const echoed = answer.ChecksumSHA256;
    const etag = answer.ETag?.replaceAll('"', '');
    const confirmed = echoed ? echoed === sums.sha256.toString('base64') : etag === sums.md5.toString('hex');
    if (!confirmed) throw new Error(`S3 answered checksum ${echoed ?? etag}, which does not match the file`);
  } finally {
    body.destroy();
  }
}

async function uploadOne(target: ArtifactTarget, root: string, key: string, path: string): Promise<Artifact> {
  const sums = await digests(root, path);
  let lastError: unknown;
  for (let attempt = 0; attempt < target.attempts; attempt++) {
    if (attempt > 0) await target.clock.sleep(backoffDelay(attempt - 1, target.backoff));
    try {
      await putOnce(target, root, key, path, sums);
      return { key, size: sums.size, sha256: sums.sha256.toString('hex') };
    } catch (error) {
      lastError = error;
      target.log.log('warn', 'artifact upload failed', { key, attempt: attempt + 1, error: String(error) });
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new ArtifactUploadError(
    `Uploading ${path} to s3://${target.bucket}/${key} failed ${target.attempts} times (last: ${reason}); the files are kept, retry the DELETE.`,
  );
}

/** Uploads every file (a few at a time) and answers only when all are confirmed; any failure throws. */
export async function uploadArtifacts(
  target: ArtifactTarget,
  sessionId: string,
  root: string,
  paths: string[],
): Promise<Artifact[]> {
  const queue = paths.map((path, index) => ({ path, index }));
  const uploaded: Artifact[] = new Array(paths.length);
  const failures: unknown[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        uploaded[next.index] = await uploadOne(target, root, `${target.prefix}${sessionId}/${next.path}`, next.path);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, paths.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return uploaded;
}
