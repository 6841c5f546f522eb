// How the template reaches CloudFormation: inline up to the 51,200-byte TemplateBody limit, otherwise uploaded to
// `template-bucket` under a key derived from its content, so an unchanged template is never stored twice.
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { AwsCallError, send } from '../../../lib/errors.js';
import type { DeployContext } from './context.js';

const TEMPLATE_BODY_LIMIT = 51_200;

export type TemplateSource = { TemplateBody: string } | { TemplateURL: string };

function templateKey(stackName: string, body: string, path: string): string {
  const hash = createHash('sha256').update(body).digest('hex');
  const extension = /\.json$/i.test(path) ? 'json' : 'yaml';
  return `deploy-stack/${stackName}/${hash}.${extension}`;
}

function templateUrl(bucket: string, region: string, key: string): string {
  return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
}

export interface TemplateInput {
  stackName: string;
  path: string;
  body: string;
  bucket?: string;
}

/** Throws before any AWS call when the template is too large and no bucket is given. */
function needsUpload(input: TemplateInput): boolean {
  const size = Buffer.byteLength(input.body, 'utf8');
  if (size <= TEMPLATE_BODY_LIMIT) return false;
  if (!input.bucket) {
    throw new Error(
      `The template ${input.path} is ${size} bytes, over CloudFormation's ${TEMPLATE_BODY_LIMIT}-byte limit for an ` +
        'inline template: set template-bucket to an S3 bucket in the same region to upload it there.',
    );
  }
  return true;
}

export async function templateSource(context: DeployContext, input: TemplateInput): Promise<TemplateSource> {
  if (!needsUpload(input) || !input.bucket) return { TemplateBody: input.body };
  const key = templateKey(input.stackName, input.body, input.path);
  try {
    await send(
      context.s3,
      new PutObjectCommand({
        Bucket: input.bucket,
        Key: key,
        Body: input.body,
        ContentType: 'text/plain; charset=utf-8',
      }),
    );
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'NoSuchBucket') {
      throw new Error(
        `The template bucket ${input.bucket} does not exist in ${context.region}: create it, or set template-bucket ` +
          `to an existing bucket, to upload the ${Buffer.byteLength(input.body, 'utf8')}-byte template ${input.path}.`,
      );
    }
    throw error;
  }
  context.log(`Uploaded the template to s3://${input.bucket}/${key}.`);
  return { TemplateURL: templateUrl(input.bucket, context.region, key) };
}
