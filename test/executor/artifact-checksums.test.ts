// How an upload is confirmed, against a stand-in S3 endpoint on 127.0.0.1 that answers as S3 does (the
// SHA-256 checksum echoed in x-amz-checksum-sha256) or wrongly: a mismatch is retried, then refused.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactUploadError, uploadArtifacts } from '../../docker/executor/src/artifacts.js';
import { silentLogger } from '../../docker/executor/src/log.js';
import { FakeClock } from '../support/fake-clock.js';

const root = mkdtempSync(join(tmpdir(), 'executor-checksums-'));
const content = Buffer.from('카테고리,매출\n과일,125000\n');
const sha256 = createHash('sha256').update(content).digest('base64');
writeFileSync(join(root, 'totals.csv'), content);
// Large enough that a dropped connection catches the body stream mid-read.
const chart = Buffer.alloc(8 * 1024 * 1024, 7);
writeFileSync(join(root, 'chart.png'), chart);

let echoed = sha256;
let resetsLeft = 0;
const received: IncomingHttpHeaders[] = [];
const server = createServer((request, response) => {
  if (resetsLeft > 0) {
    // A connection dropped mid-upload: the client's body stream is abandoned.
    resetsLeft--;
    request.once('data', () => request.socket.destroy());
    return;
  }
  request.resume();
  request.on('end', () => {
    received.push(request.headers);
    response.writeHead(200, { etag: '"not-an-md5"', 'x-amz-checksum-sha256': echoed });
    response.end();
  });
});

let s3: S3Client;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

function target(clock: FakeClock) {
  return {
    s3,
    bucket: 'artifacts',
    prefix: 'sessions/',
    attempts: 3,
    backoff: { baseMs: 100, capMs: 1000 },
    clock,
    log: silentLogger,
  };
}

describe('artifact checksums', () => {
  it('sends SHA-256 and MD5 with the upload and accepts the SHA-256 S3 echoes', async () => {
    echoed = sha256;
    received.length = 0;
    const artifacts = await uploadArtifacts(target(new FakeClock()), 'session-1', root, ['totals.csv']);
    expect(artifacts).toEqual([
      {
        key: 'sessions/session-1/totals.csv',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
      },
    ]);
    expect(received[0]?.['x-amz-checksum-sha256']).toBe(sha256);
    expect(received[0]?.['content-md5']).toBe(createHash('md5').update(content).digest('base64'));
  });

  it('retries when the echoed checksum differs, then fails naming the file and keeping it', async () => {
    echoed = createHash('sha256').update('something else').digest('base64');
    received.length = 0;
    const clock = new FakeClock();
    const failure = await uploadArtifacts(target(clock), 'session-1', root, ['totals.csv']).catch((error) => error);
    expect(failure).toBeInstanceOf(ArtifactUploadError);
    expect(failure.message).toContain('totals.csv');
    expect(failure.message).toContain('does not match');
    expect(received).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('retries a dropped connection with a fresh read of the file', async () => {
    echoed = createHash('sha256').update(chart).digest('base64');
    resetsLeft = 2;
    received.length = 0;
    const clock = new FakeClock();
    const artifacts = await uploadArtifacts(target(clock), 'session-2', root, ['chart.png']);
    expect(artifacts).toEqual([
      {
        key: 'sessions/session-2/chart.png',
        size: chart.length,
        sha256: createHash('sha256').update(chart).digest('hex'),
      },
    ]);
    expect(received).toHaveLength(1);
    expect(clock.sleeps).toHaveLength(2);
  });
});
