// A real S3-compatible server (s3rver) on 127.0.0.1 with a temporary directory, for the artifact tests.
// It can be stopped and started again on the same port to play "S3 unavailable, then back".
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver ships no type declarations; the constructor's shape above is all the tests use.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export const TEST_BUCKET = 'executor-artifacts';

export class LocalS3 {
  private server: S3rverInstance | undefined;
  readonly directory = mkdtempSync(join(tmpdir(), 'executor-s3-'));
  port = 0;

  async start(): Promise<void> {
    this.server = new S3rver({ address: '127.0.0.1', port: this.port, silent: true, directory: this.directory });
    this.port = (await this.server.run()).port;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }

  get clientConfig(): S3ClientConfig {
    return {
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${this.port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    };
  }

  client(): S3Client {
    return new S3Client({ ...this.clientConfig, maxAttempts: 1 });
  }

  async createBucket(name = TEST_BUCKET): Promise<void> {
    await this.client().send(new CreateBucketCommand({ Bucket: name }));
  }

  async keys(prefix = ''): Promise<string[]> {
    const listed = await this.client().send(new ListObjectsV2Command({ Bucket: TEST_BUCKET, Prefix: prefix }));
    return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
  }

  async read(key: string): Promise<Buffer> {
    const object = await this.client().send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key: key }));
    return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }
}
