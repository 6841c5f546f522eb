// One image, once per tag: skip when the tag exists, otherwise build, push and check what the registry holds;
// then judge the scan findings. Tags are immutable: a different image is never pushed under an existing tag.
import type { Builder, BuildRequest, DockerCli } from './docker.js';
import { formatPlatform, type Platform } from './manifest.js';
import { assertPlatform, inspectRemoteImage, type RegistryClient, type RemoteImage } from './remote-image.js';
import { type ScanReport, scanFailure, type Threshold } from './scan.js';

export interface PushRequest {
  tag: string;
  platform: Platform;
  context: string;
  dockerfile?: string;
  buildArgs: Record<string, string>;
  cacheScope?: string;
  failOnSeverity: Threshold;
}

export interface PushDependencies {
  docker: DockerCli;
  registry: RegistryClient;
  /** Scan findings of a pushed image; absent where the registry does not scan (not ECR). */
  scan?: (digest: string) => Promise<ScanReport>;
  log: (message: string) => void;
}

export interface PushResult {
  /** `host/repository@sha256:…`, what the runtime pins. */
  image: string;
  digest: string;
  tag: string;
  skipped: boolean;
  remote: RemoteImage;
  scan: ScanReport;
  /** Why the scan findings stop this image, when they do: reported after the summary is written. */
  scanFailure?: string;
}

/**
 * Whether a registry image is the local one: the classic image store names an image by its config digest, the
 * containerd image store by its manifest digest.
 */
function isLocalImage(remote: RemoteImage, localId: string): boolean {
  return localId === remote.manifest.config.digest || localId === remote.digest;
}

async function existingImage(registry: RegistryClient, digest: string, tag: string, platform: Platform) {
  const remote = await inspectRemoteImage(registry, digest);
  assertPlatform(remote, platform, `Tag ${tag} already exists and its image`);
  return remote;
}

async function buildAndPush(
  request: PushRequest,
  deps: PushDependencies,
): Promise<{ remote: RemoteImage; skipped: boolean }> {
  const { docker, registry } = deps;
  const reference = `${registry.imageName}:${request.tag}`;
  const builder: Builder = await docker.builder();
  deps.log(
    `Building ${reference} for ${formatPlatform(request.platform)} with the ${builder.kind === 'buildx' ? `buildx ${builder.driver}` : 'classic'} builder.`,
  );
  const build: BuildRequest = {
    reference,
    context: request.context,
    platform: formatPlatform(request.platform),
    buildArgs: request.buildArgs,
    ...(request.dockerfile ? { dockerfile: request.dockerfile } : {}),
    ...(request.cacheScope ? { cacheScope: request.cacheScope } : {}),
  };
  const imageId = await docker.build(build, builder);

  // Another run may have pushed this tag while we built: the same image is fine, a different one is refused.
  const raced = await registry.tagDigest(request.tag);
  if (raced) {
    const remote = await existingImage(registry, raced, request.tag, request.platform);
    if (!isLocalImage(remote, imageId)) {
      throw new Error(
        `Tag ${request.tag} appeared in ${registry.imageName} during the build with another image (${raced}); tags are immutable, so push-image will not replace it: use a new tag.`,
      );
    }
    deps.log(`Tag ${request.tag} appeared during the build with this same image; not pushing again.`);
    return { remote, skipped: true };
  }

  const reported = await docker.push(reference);
  const pushed = await registry.tagDigest(request.tag);
  if (!pushed) throw new Error(`docker push reported success, but ${registry.imageName} has no tag ${request.tag}.`);
  if (reported && reported !== pushed) {
    throw new Error(
      `docker push reported ${reported}, but tag ${request.tag} of ${registry.imageName} points at ${pushed}: another push raced this one.`,
    );
  }
  const remote = await inspectRemoteImage(registry, pushed);
  if (!isLocalImage(remote, imageId)) {
    throw new Error(
      `Tag ${request.tag} of ${registry.imageName} holds ${pushed}, which is not the image just built (${imageId}).`,
    );
  }
  assertPlatform(remote, request.platform, `The pushed image ${registry.imageName}@${pushed}`);
  return { remote, skipped: false };
}

export async function pushImage(request: PushRequest, deps: PushDependencies): Promise<PushResult> {
  const existing = await deps.registry.tagDigest(request.tag);
  let outcome: { remote: RemoteImage; skipped: boolean };
  if (existing) {
    deps.log(`Tag ${request.tag} already exists in ${deps.registry.imageName} (${existing}); not building again.`);
    outcome = { remote: await existingImage(deps.registry, existing, request.tag, request.platform), skipped: true };
  } else {
    outcome = await buildAndPush(request, deps);
  }
  const image = `${deps.registry.imageName}@${outcome.remote.digest}`;
  // A skipped image is judged too: a re-run must not ship what an earlier run's scan rejected.
  const scan: ScanReport = deps.scan
    ? await deps.scan(outcome.remote.digest)
    : { state: 'skipped', reason: 'the registry is not ECR' };
  const failure = scanFailure(scan, request.failOnSeverity, image);
  return {
    image,
    digest: outcome.remote.digest,
    tag: request.tag,
    skipped: outcome.skipped,
    remote: outcome.remote,
    scan,
    ...(failure ? { scanFailure: failure } : {}),
  };
}
