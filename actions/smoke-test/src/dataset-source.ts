// The dataset a smoke test sends: a local CSV (sent inline as data.files, with the column_definitions.json
// beside it when there is one) or an s3:// URI the agent reads itself, which the action also reads to compute
// the expectation.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { send } from '../../../lib/errors.js';
import { DatasetError, expectationOf } from './expectation.js';
import type { InlineFile } from './jobs.js';
import type { Dataset } from './run-job.js';

export const DEFINITIONS_FILE = 'column_definitions.json';

/** A local CSV's text, after the checks that give one clear sentence: exists, is a file, is text, not empty. */
export function readLocalCsv(path: string): string {
  if (!existsSync(path)) throw new DatasetError(`The dataset ${path} does not exist.`);
  if (!statSync(path).isFile()) throw new DatasetError(`The dataset ${path} is not a file: give a CSV file.`);
  let csv: string;
  try {
    csv = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DatasetError(`The dataset ${path} cannot be read: ${(error as Error).message}.`);
  }
  if (csv.replace(/^\uFEFF/, '').trim() === '') throw new DatasetError(`The dataset ${path} is empty.`);
  if (csv.includes('\u0000'))
    throw new DatasetError(`The dataset ${path} is not text: it holds NUL bytes, so it is no CSV.`);
  return csv;
}

/** The agent contract's data.files: the CSV, and the column_definitions.json beside it when there is one. */
export function inlineFiles(path: string, csv: string): { files: InlineFile[] } {
  const files: InlineFile[] = [{ path: basename(path), content: csv, encoding: 'utf8' }];
  const definitions = join(dirname(path), DEFINITIONS_FILE);
  if (existsSync(definitions)) {
    files.push({ path: DEFINITIONS_FILE, content: readFileSync(definitions, 'utf8'), encoding: 'utf8' });
  }
  return { files };
}

export function localDataset(path: string, amountColumn: string): Dataset {
  const csv = readLocalCsv(path);
  return {
    fileName: basename(path),
    data: inlineFiles(path, csv),
    expectation: expectationOf(csv, amountColumn, path),
  };
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri);
  if (!match) throw new DatasetError(`${JSON.stringify(uri)} is not an S3 object URI like s3://bucket/path/sales.csv.`);
  return { bucket: match[1] as string, key: match[2] as string };
}

export async function readS3Object(client: S3Client, uri: string): Promise<Uint8Array> {
  const { bucket, key } = parseS3Uri(uri);
  const object = await send(client, new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!object.Body) throw new DatasetError(`${uri} has no body.`);
  return object.Body.transformToByteArray();
}

/** An s3:// CSV: the agent reads it (its role reads the artifacts bucket's runs/ prefix); the action reads it too. */
export async function s3Dataset(client: S3Client, uri: string, amountColumn: string): Promise<Dataset> {
  if (!uri.toLowerCase().endsWith('.csv')) {
    throw new DatasetError(
      `The dataset ${uri} must name one CSV object (…/sales.csv), so the action can compute its total.`,
    );
  }
  const csv = new TextDecoder().decode(await readS3Object(client, uri));
  const fileName = basename(parseS3Uri(uri).key);
  return { fileName, data: uri, expectation: expectationOf(csv, amountColumn, uri) };
}
