// The artifacts the jobs reported exist in the artifacts bucket, and a PDF starts with %PDF.
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AwsCallError, send } from '../../../../lib/errors.js';
import { parseS3Uri } from '../dataset-source.js';
import { type CheckResult, list, result } from './check.js';

export async function artifactsCheck(
  client: S3Client,
  bucket: string,
  uris: readonly string[],
  options: { pdfExpected: boolean },
): Promise<CheckResult> {
  if (uris.length === 0) {
    return options.pdfExpected
      ? result(
          'artifacts',
          'failed',
          `the jobs reported no artifacts, so there is nothing in s3://${bucket}; look at the pdf-report job's events.`,
        )
      : result('artifacts', 'skipped', 'no job made artifacts (run pdf-report to check them).');
  }
  const problems: string[] = [];
  for (const uri of uris) {
    const { bucket: where, key } = parseS3Uri(uri);
    if (where !== bucket) {
      problems.push(`${uri} is not in the artifacts bucket ${bucket}`);
      continue;
    }
    try {
      const head = await send(client, new HeadObjectCommand({ Bucket: bucket, Key: key }));
      if (!head.ContentLength) problems.push(`${uri} is empty`);
    } catch (error) {
      const code = error instanceof AwsCallError ? error.code : '';
      problems.push(
        code === 'NotFound' || code === 'NoSuchKey' ? `${uri} is missing from S3` : (error as Error).message,
      );
      continue;
    }
    if (key.toLowerCase().endsWith('.pdf')) {
      const object = await send(client, new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-4' }));
      const start = new TextDecoder().decode((await object.Body?.transformToByteArray()) ?? new Uint8Array());
      if (start !== '%PDF-')
        problems.push(`${uri} does not start with %PDF- (it starts with ${JSON.stringify(start)})`);
    }
  }
  if (problems.length > 0) {
    return result(
      'artifacts',
      'failed',
      `${list(problems)}; the executor uploads artifacts when the session closes, look at its log for the upload.`,
    );
  }
  return result('artifacts', 'passed', `${uris.length} artifacts in s3://${bucket}.`);
}
