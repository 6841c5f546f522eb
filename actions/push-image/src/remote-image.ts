// What push-image needs from a registry, whichever API serves it (ECR's or the registry HTTP API v2), and the
// checks made on an image already in it.
import {
  formatPlatform,
  type ImageManifest,
  imageSize,
  type Platform,
  parseManifest,
  platformMatches,
  platformOfConfig,
} from './manifest.js';

export interface RemoteManifest {
  digest: string;
  raw: string;
  mediaType?: string;
}

export interface RegistryClient {
  /** Where images of this repository are pushed: `host/repository`. */
  readonly imageName: string;
  /** Digest of the manifest a tag points at, or undefined when the repository has no such tag. */
  tagDigest(tag: string): Promise<string | undefined>;
  manifest(digest: string): Promise<RemoteManifest>;
  /** A blob's content as text (an image config). */
  blob(digest: string): Promise<string>;
}

export interface RemoteImage {
  digest: string;
  manifest: ImageManifest;
  platform: Platform;
  sizeBytes: number;
}

export async function inspectRemoteImage(registry: RegistryClient, digest: string): Promise<RemoteImage> {
  const served = await registry.manifest(digest);
  const manifest = parseManifest(served.raw, served.mediaType);
  const platform = platformOfConfig(await registry.blob(manifest.config.digest));
  return { digest, manifest, platform, sizeBytes: imageSize(manifest) };
}

export function assertPlatform(image: RemoteImage, wanted: Platform, what: string): void {
  if (!platformMatches(wanted, image.platform)) {
    throw new Error(
      `${what} is ${formatPlatform(image.platform)}, not ${formatPlatform(wanted)} as the platform input asks; build on a ${formatPlatform(wanted)} runner or set up QEMU and buildx for it.`,
    );
  }
}
