// Data into a real executor session from s3rver: one object, a prefix with sub-folders, and the limits.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData, runDataScope } from '../../agent/src/data-loader.js';
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
const RUNTIME_SESSION = 'data-loader-session-0123456789abcdef0123';
const scope = runDataScope(TEST_BUCKET, RUNTIME_SESSION);
const IN = `runs/${RUNTIME_SESSION}/in`;

beforeAll(async () => {
  executor = await startTestExecutor({ poolSize: 1, limits: ROOMY_LIMITS });
  const s3 = executor.s3.client();
  const objects: [string, string][] = [
    [`${IN}/moon/sales.csv`, csv],
    [`${IN}/moon/column_definitions.json`, COLUMN_DEFINITIONS],
    [`${IN}/moon/extra/notes.txt`, 'notes'],
    [`${IN}/moon-2024/sales.csv`, 'other dataset'],
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
    const loaded = await loadData(`s3://${TEST_BUCKET}/${IN}/moon/sales.csv`, target, s3, limits, scope, signal);
    expect(loaded).toEqual({ files: [{ path: 'sales.csv', size: Buffer.byteLength(csv) }] });
    expect(Buffer.from(await target.getFile('sales.csv', signal)).toString()).toBe(csv);
  });

  it('loads a prefix with its sub-folders, not its sibling prefixes, and picks up column descriptions', async () => {
    const target = await session();
    const loaded = await loadData(`s3://${TEST_BUCKET}/${IN}/moon`, target, s3, limits, scope, signal);
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
      scope,
      signal,
    );
    expect(Buffer.from(await target.getFile('raw.bin', signal))).toEqual(bytes);
  });

  it('names the problem when the data is missing or too large', async () => {
    const target = await session();
    await expect(loadData(`s3://${TEST_BUCKET}/${IN}/nothing/`, target, s3, limits, scope, signal)).rejects.toThrow(
      `No objects found at s3://${TEST_BUCKET}/${IN}/nothing/.`,
    );
    await expect(
      loadData(`s3://${TEST_BUCKET}/${IN}/moon/`, target, s3, { maxFiles: 2, maxBytes: 10_000_000 }, scope, signal),
    ).rejects.toThrow(/exceeds the agent's limits \(2 files/);
    const missingBucket = runDataScope('no-such-bucket-here', RUNTIME_SESSION);
    const uri = `s3://no-such-bucket-here/${missingBucket.prefix}x.csv`;
    await expect(loadData(uri, target, s3, limits, missingBucket, signal)).rejects.toThrow(
      /Could not read the data at s3:\/\/no-such-bucket-here\/runs\/.*\/x.csv: NoSuchBucket/,
    );
  });

  it('loads nothing outside runs/<runtime session id>/ of the artifacts bucket, naming the key', async () => {
    const target = await session();
    const otherSession = `s3://${TEST_BUCKET}/runs/another-session-0123456789abcdef01234/moon/sales.csv`;
    await expect(loadData(otherSession, target, s3, limits, scope, signal)).rejects.toThrow(
      `The data key runs/another-session-0123456789abcdef01234/moon/sales.csv in bucket ${TEST_BUCKET} is outside s3://${TEST_BUCKET}/runs/${RUNTIME_SESSION}/, the only place this session may load data from.`,
    );
    await expect(loadData(`s3://other-bucket/${IN}/moon/sales.csv`, target, s3, limits, scope, signal)).rejects.toThrow(
      /^The data key runs\/.*\/moon\/sales.csv in bucket other-bucket is outside/,
    );
    expect(await target.listFiles(signal)).toEqual([]);
  });
});
