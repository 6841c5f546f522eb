// An ECR repository as a RegistryClient: tags through DescribeImages, manifests through BatchGetImage, the image
// config through GetDownloadUrlForLayer. Also the registry login from GetAuthorizationToken.
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  type ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
} from '@aws-sdk/client-ecr';
import { AwsCallError, send } from '../../../lib/errors.js';
import { ACCEPTED_MANIFEST_TYPES, sha256Digest } from './manifest.js';
import type { Fetch } from './registry-v2.js';
import type { RegistryClient, RemoteManifest } from './remote-image.js';

export interface RegistryLogin {
  host: string;
  username: string;
  password: string;
}

/** GetAuthorizationToken's token is base64 of `AWS:password`; the proxy endpoint names the registry host. */
export async function ecrLogin(ecr: ECRClient, registryId?: string): Promise<RegistryLogin> {
  const answer = await send(ecr, new GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {}));
  const data = answer.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new Error('ECR GetAuthorizationToken returned no token; check the region and the registry id.');
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new Error('ECR GetAuthorizationToken returned a token that is not user:password.');
  return {
    host: data.proxyEndpoint.replace(/^https?:\/\//, '').replace(/\/+$/, ''),
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
  };
}

export class EcrRegistry implements RegistryClient {
  readonly imageName: string;

  constructor(
    private readonly ecr: ECRClient,
    host: string,
    private readonly repositoryName: string,
    private readonly registryId: string | undefined,
    private readonly fetch: Fetch = globalThis.fetch,
  ) {
    this.imageName = `${host}/${repositoryName}`;
  }

  private get scope() {
    return { repositoryName: this.repositoryName, ...(this.registryId ? { registryId: this.registryId } : {}) };
  }

  async tagDigest(tag: string): Promise<string | undefined> {
    try {
      const answer = await send(this.ecr, new DescribeImagesCommand({ ...this.scope, imageIds: [{ imageTag: tag }] }));
      return answer.imageDetails?.[0]?.imageDigest;
    } catch (error) {
      if (error instanceof AwsCallError && error.code === 'ImageNotFoundException') return undefined;
      throw error;
    }
  }

  async manifest(digest: string): Promise<RemoteManifest> {
    const answer = await send(
      this.ecr,
      new BatchGetImageCommand({
        ...this.scope,
        imageIds: [{ imageDigest: digest }],
        acceptedMediaTypes: ACCEPTED_MANIFEST_TYPES,
      }),
    );
    const image = answer.images?.[0];
    if (!image?.imageManifest) {
      const failure = answer.failures?.[0];
      const reason = failure ? `${failure.failureCode}: ${failure.failureReason}` : 'no image returned';
      throw new Error(`ECR BatchGetImage found no manifest ${digest} in ${this.repositoryName} (${reason}).`);
    }
    if (sha256Digest(image.imageManifest) !== digest) {
      throw new Error(`ECR BatchGetImage returned manifest ${digest} of ${this.repositoryName} with other content.`);
    }
    return {
      digest,
      raw: image.imageManifest,
      ...(image.imageManifestMediaType ? { mediaType: image.imageManifestMediaType } : {}),
    };
  }

  async blob(digest: string): Promise<string> {
    const answer = await send(this.ecr, new GetDownloadUrlForLayerCommand({ ...this.scope, layerDigest: digest }));
    if (!answer.downloadUrl) throw new Error(`ECR GetDownloadUrlForLayer gave no URL for ${digest}.`);
    const response = await this.fetch(answer.downloadUrl, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok)
      throw new Error(`Downloading blob ${digest} of ${this.repositoryName} failed with HTTP ${response.status}.`);
    return response.text();
  }
}
