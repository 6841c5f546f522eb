// Puts the invocation's data into the executor session before the Coder starts: inline files as given, or
// every object under an S3 URI (one object or a prefix), within file-count and size limits. An S3 URI must lie
// under the prefix bound to the request (runs/<runtime session id>/ of the artifacts bucket), so one caller
// cannot make the agent read another caller's data.
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ExecutorSession } from './executor-client.js';
import type { InlineFile, Invocation } from './payload.js';
import { WorkflowError } from './run.js';

export interface LoadedData {
  files: { path: string; size: number }[];
  /** The column descriptions file's text, when the data has one. */
  columnDescriptions?: string;
}

/** The only S3 location a request may load from. */
export interface DataScope {
  bucket: string;
  prefix: string;
}

/** Datasets of a request live under runs/<runtime session id>/ of the artifacts bucket. */
export function runDataScope(bucket: string, runtimeSessionId: string): DataScope {
  return { bucket, prefix: `runs/${runtimeSessionId}/` };
}

export interface DataLimits {
  maxFiles: number;
  maxBytes: number;
}

const COLUMN_DESCRIPTIONS = /(^|\/)column_(definitions|descriptions)\.json$/i;

export async function loadData(
  data: Invocation['data'],
  session: ExecutorSession,
  s3: () => S3Client,
  limits: DataLimits,
  scope: DataScope,
  signal: AbortSignal,
): Promise<LoadedData> {
  if (data === undefined) return { files: [] };
  const sources = typeof data === 'string' ? s3Sources(data, s3, limits, scope, signal) : inlineSources(data.files);
  const loaded: LoadedData = { files: [] };
  let total = 0;
  for await (const { path, bytes } of sources) {
    total += bytes.length;
    if (loaded.files.length >= limits.maxFiles || total > limits.maxBytes) {
      throw new WorkflowError(
        'data_too_large',
        `The data exceeds the agent's limits (${limits.maxFiles} files, ${limits.maxBytes} bytes; DATA_MAX_FILES, DATA_MAX_BYTES).`,
      );
    }
    await session.putFile(path, bytes, signal);
    loaded.files.push({ path, size: bytes.length });
    if (COLUMN_DESCRIPTIONS.test(path)) loaded.columnDescriptions = new TextDecoder().decode(bytes);
  }
  return loaded;
}

async function* inlineSources(files: InlineFile[]): AsyncGenerator<{ path: string; bytes: Uint8Array }> {
  for (const file of files) {
    const bytes = file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : Buffer.from(file.content, 'utf8');
    yield { path: file.path, bytes };
  }
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new WorkflowError('bad_data_uri', `${uri} is not an s3:// URI.`);
  return { bucket: match[1] as string, key: match[2] as string };
}

async function* s3Sources(
  uri: string,
  client: () => S3Client,
  limits: DataLimits,
  scope: DataScope,
  signal: AbortSignal,
): AsyncGenerator<{ path: string; bytes: Uint8Array }> {
  const { bucket, key } = parseS3Uri(uri);
  if (bucket !== scope.bucket || !key.startsWith(scope.prefix)) {
    throw new WorkflowError(
      'data_out_of_scope',
      `The data key ${key} in bucket ${bucket} is outside s3://${scope.bucket}/${scope.prefix}, the only place this session may load data from.`,
    );
  }
  const s3 = client();
  try {
    const keys = await objectKeys(s3, bucket, key, limits.maxFiles + 1, signal);
    if (keys.length === 0) throw new WorkflowError('data_not_found', `No objects found at ${uri}.`);
    for (const objectKey of keys) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }), { abortSignal: signal });
      const bytes = await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
      // A single object keeps its file name; objects under a prefix keep their path below it.
      const path = objectKey === key ? (key.split('/').pop() as string) : objectKey.slice(prefixOf(key).length);
      yield { path, bytes };
    }
  } catch (error) {
    if (error instanceof WorkflowError || signal.aborted) throw error;
    const name = (error as Error).name;
    throw new WorkflowError(
      'data_unreadable',
      `Could not read the data at ${uri}: ${name}: ${(error as Error).message}`,
    );
  }
}

function prefixOf(key: string): string {
  return key === '' || key.endsWith('/') ? key : `${key}/`;
}

/** The object itself when `key` names one, otherwise every object under the prefix (folders skipped). */
async function objectKeys(
  s3: S3Client,
  bucket: string,
  key: string,
  max: number,
  signal: AbortSignal,
): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token, MaxKeys: 1000 }),
      { abortSignal: signal },
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key || object.Key.endsWith('/')) continue;
      if (object.Key === key) return [key];
      if (object.Key.startsWith(prefixOf(key))) keys.push(object.Key);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && keys.length < max);
  return keys.slice(0, max);
}
