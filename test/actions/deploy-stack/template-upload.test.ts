import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployStack } from '../../../actions/deploy-stack/src/deploy.js';
import { BUCKET_AND_LOGS, harness, request } from './harness.js';

interface S3rverServer {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: object) => S3rverServer;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** A template of many log groups, past the 51,200-byte inline limit. */
function largeTemplate(): string {
  const resources = Array.from(
    { length: 700 },
    (_, i) => `  LogGroup${i}:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 30\n`,
  );
  return `Parameters:\n  EnvName:\n    Type: String\nResources:\n${resources.join('')}`;
}

describe('templates over 51,200 bytes', () => {
  const directory = mkdtempSync(join(tmpdir(), 'deploy-stack-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'manus-templates' }],
  });
  let s3: S3Client;

  beforeAll(async () => {
    const { port } = await server.run();
    s3 = new S3Client({
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('are uploaded to template-bucket under a content-hash key and passed as TemplateURL', async () => {
    const body = largeTemplate();
    expect(Buffer.byteLength(body)).toBeGreaterThan(51_200);
    const h = harness({ s3 });
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    await deployStack(h.context, request({ templateBody: body, templateBucket: 'manus-templates' }));
    const key = `deploy-stack/dev-platform/${createHash('sha256').update(body).digest('hex')}.yaml`;
    const input = h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(input?.TemplateURL).toBe(`https://manus-templates.s3.eu-west-1.amazonaws.com/${key}`);
    expect(input?.TemplateBody).toBeUndefined();
    const stored = await s3.send(new GetObjectCommand({ Bucket: 'manus-templates', Key: key }));
    expect(await stored.Body?.transformToString()).toBe(body);
  });

  it('fail clearly when the bucket does not exist, before any change set', async () => {
    const h = harness({ s3 });
    await expect(
      deployStack(h.context, request({ templateBody: largeTemplate(), templateBucket: 'no-such-templates' })),
    ).rejects.toThrow(
      /^The template bucket no-such-templates does not exist in eu-west-1: create it, or set template-bucket to an existing bucket, to upload the \d+-byte template .*bucket\.yaml\.$/,
    );
    expect(h.cloudFormation.mock.calls()).toHaveLength(0);
  });

  it('fail before any AWS call when no template-bucket is set, and small templates stay inline', async () => {
    const h = harness({ s3 });
    await expect(deployStack(h.context, request({ templateBody: largeTemplate() }))).rejects.toThrow(
      /is \d+ bytes, over CloudFormation's 51200-byte limit for an inline template: set template-bucket/,
    );
    expect(h.cloudFormation.mock.calls()).toHaveLength(0);
    h.cloudFormation.changeSetResult = { changes: BUCKET_AND_LOGS };
    await deployStack(h.context, request({ templateBucket: 'manus-templates' }));
    expect(h.cloudFormation.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.TemplateBody).toContain(
      'AWS::S3::Bucket',
    );
  });
});
