// The project's two images as the pipeline builds them: context the repository root, the service bundle built
// first, the trixie base passed as BASE_IMAGE, pushed by the push-image action for this machine's platform.
import { type ActionRun, hostPlatform, runPushImage } from './action.js';
import { BASE_IMAGE, type ContainerLab } from './lab.js';
import { exec } from './processes.js';
import { PROJECT_ROOT } from './trixie.js';

/** Size goals of an image, in bytes (issue 17: a third of the size, and code-only changes that push little). */
export interface SizeGoals {
  uncompressed: number;
  /** What a pull transfers: the layer blobs in the registry. */
  compressed: number;
  /** The blobs a push of a changed bundle adds to the registry. */
  codeChange: number;
}

export interface ProjectImage {
  name: 'agent' | 'executor';
  dockerfile: string;
  repository: string;
  /** The service bundle the Dockerfile copies, relative to the repository root. */
  bundle: string;
  goals: SizeGoals;
}

export const PROJECT_IMAGES: readonly ProjectImage[] = [
  {
    name: 'executor',
    dockerfile: 'docker/executor/Dockerfile',
    repository: 'bedrock-manus/executor',
    bundle: 'build/executor/index.mjs',
    goals: { uncompressed: 500e6, compressed: 170e6, codeChange: 5e6 },
  },
  {
    name: 'agent',
    dockerfile: 'docker/agent/Dockerfile',
    repository: 'bedrock-manus/agent',
    bundle: 'build/agent/index.mjs',
    goals: { uncompressed: 140e6, compressed: 50e6, codeChange: 5e6 },
  },
];

/** The bundles the Dockerfiles copy from build/. */
export async function buildServiceBundles(): Promise<void> {
  await exec(process.execPath, ['scripts/build.mjs', ...PROJECT_IMAGES.map((image) => image.name)], {
    cwd: PROJECT_ROOT,
  });
}

export function pushProjectImage(lab: ContainerLab, image: ProjectImage, tag: string): Promise<ActionRun> {
  return runPushImage(lab, {
    repository: image.repository,
    registry: lab.registryHost,
    context: '.',
    dockerfile: image.dockerfile,
    tag,
    platform: hostPlatform(),
    'build-args': `BASE_IMAGE=${BASE_IMAGE}`,
  });
}

interface Blob {
  digest: string;
  size: number;
}

interface Manifest {
  config: Blob;
  layers: Blob[];
}

/** The manifest of `image` (`host/repository@digest`) as the lab's registry serves it (v2 API). */
async function registryManifest(lab: ContainerLab, image: string): Promise<Manifest> {
  const [name, digest] = image.split('@');
  const repository = (name ?? '').slice(lab.registryHost.length + 1);
  const response = await fetch(`http://${lab.registryHost}/v2/${repository}/manifests/${digest}`, {
    headers: {
      accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  if (!response.ok) throw new Error(`The registry answered ${response.status} for the manifest of ${image}.`);
  return (await response.json()) as Manifest;
}

export interface ImageSize {
  /** Unpacked, as `podman images` shows it after a pull. */
  uncompressedBytes: number;
  /** What a pull transfers: the sum of the layer blobs in the pushed manifest. */
  compressedBytes: number;
  layers: number;
}

/** Sizes of an image pulled into the lab's fresh store, and of its manifest in the registry. */
export async function imageSize(lab: ContainerLab, image: string): Promise<ImageSize> {
  const inspected = await lab.podman('run', ['image', 'inspect', '--format', '{{.Size}}', image]);
  const manifest = await registryManifest(lab, image);
  return {
    uncompressedBytes: Number(inspected.stdout.trim()),
    compressedBytes: manifest.layers.reduce((total, layer) => total + layer.size, 0),
    layers: manifest.layers.length,
  };
}

/**
 * The bytes a push of `after` added to a registry that held `before`: its blobs (config and layers) that
 * `before` does not have.
 */
export async function newBlobBytes(lab: ContainerLab, before: string, after: string): Promise<number> {
  const known = await registryManifest(lab, before);
  const held = new Set([known.config, ...known.layers].map((blob) => blob.digest));
  const added = await registryManifest(lab, after);
  return [added.config, ...added.layers]
    .filter((blob) => !held.has(blob.digest))
    .reduce((total, blob) => total + blob.size, 0);
}
