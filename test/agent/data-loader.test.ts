// Data into a real executor session from s3rver: one object, a prefix with sub-folders, and the limits.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../agent/src/data-loader.js';
import { ExecutorClient, type ExecutorSession } from '../../agent/src/executor-client.js';
import { startTestExecutor, type TestExecutor, TOKEN } from '../executor/support/harness.js';
import { TEST_BUCKET } from '../executor/support/s3.js';
import { FakeClock } from '../support/fake-clock.js';
import { ROOMY_LIMITS } from './support/agent-stack.js';
import { COLUMN_DEFINITIONS, salesCsv } from './support/sales-fixture.js';

let executor: TestExecutor;
const signal = new AbortController().signal;
const limits = { maxFiles: 10, maxBytes: 1024 * 1024 };
const csv = salesCsv(30);

beforeAll(async () => {
  executor = await startTestExecutor({ poolSize: 1, limits: ROOMY_LIMITS });
  const s3 = executor.s3.client();
  const objects: [string, string][] = [
    ['in/moon/sales.csv', csv],
    ['in/moon/column_definitions.json', COLUMN_DEFINITIONS],
    ['in/moon/extra/notes.txt', 'notes'],
    ['in/moon-2024/sales.csv', 'other dataset'],
  ];
  for (const [Key, Body] of objects) await s3.send(new PutObjectCommand({ Bucket: TEST_BUCKET, Key, Body }));
});

afterAll(async () => {
  await executor?.stop();
});

async function session(): Promise<ExecutorSession> {
  const client = new ExecutorClient({
    url: executor.executor.url,
    token: TOKEN,
    clock: new FakeClock(),
    capacityWaitMs: 1000,
  });
  return client.createSession(signal);
}

const s3 = () => executor.s3.client();

describe('loadData', () => {
  it('loads one object under its file name', async () => {
    const target = await session();
    const loaded = await loadData(`s3://${TEST_BUCKET}/in/moon/sales.csv`, target, s3, limits, signal);
    expect(loaded).toEqual({ files: [{ path: 'sales.csv', size: Buffer.byteLength(csv) }] });
    expect(Buffer.from(await target.getFile('sales.csv', signal)).toString()).toBe(csv);
  });

  it('loads a prefix with its sub-folders, not its sibling prefixes, and picks up column descriptions', async () => {
    const target = await session();
    const loaded = await loadData(`s3://${TEST_BUCKET}/in/moon`, target, s3, limits, signal);
    expect(loaded.files.map((file) => file.path).sort()).toEqual([
      'column_definitions.json',
      'extra/notes.txt',
      'sales.csv',
    ]);
    expect(loaded.columnDescriptions).toBe(COLUMN_DEFINITIONS);
    const listed = (await target.listFiles(signal)).map((file) => file.path).sort();
    expect(listed).toEqual(['column_definitions.json', 'extra/notes.txt', 'sales.csv']);
  });

  it('decodes base64 inline files', async () => {
    const target = await session();
    const bytes = Buffer.from([0, 1, 2, 250]);
    await loadData(
      { files: [{ path: 'raw.bin', content: bytes.toString('base64'), encoding: 'base64' }] },
      target,
      s3,
      limits,
      signal,
    );
    expect(Buffer.from(await target.getFile('raw.bin', signal))).toEqual(bytes);
  });

  it('names the problem when the data is missing or too large', async () => {
    const target = await session();
    await expect(loadData(`s3://${TEST_BUCKET}/nothing/here/`, target, s3, limits, signal)).rejects.toThrow(
      `No objects found at s3://${TEST_BUCKET}/nothing/here/.`,
    );
    await expect(
      loadData(`s3://${TEST_BUCKET}/in/moon/`, target, s3, { maxFiles: 2, maxBytes: 10_000_000 }, signal),
    ).rejects.toThrow(/exceeds the agent's limits \(2 files/);
    await expect(loadData('s3://no-such-bucket-here/x.csv', target, s3, limits, signal)).rejects.toThrow(
      /Could not read the data at s3:\/\/no-such-bucket-here\/x.csv: NoSuchBucket/,
    );
  });
});
