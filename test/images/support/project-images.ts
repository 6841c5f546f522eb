// The project's two images as the pipeline builds them: context the repository root, the service bundle built
// first, the trixie base passed as BASE_IMAGE, pushed by the push-image action for this machine's platform.
import { type ActionRun, hostPlatform, runPushImage } from './action.js';
import { BASE_IMAGE, type ContainerLab } from './lab.js';
import { exec } from './processes.js';
import { PROJECT_ROOT } from './trixie.js';

export interface ProjectImage {
  name: 'agent' | 'executor';
  dockerfile: string;
  repository: string;
  /** The size goal of the uncompressed image. */
  goalBytes: number;
}

export const PROJECT_IMAGES: readonly ProjectImage[] = [
  {
    name: 'executor',
    dockerfile: 'docker/executor/Dockerfile',
    repository: 'bedrock-manus/executor',
    goalBytes: 900e6,
  },
  { name: 'agent', dockerfile: 'docker/agent/Dockerfile', repository: 'bedrock-manus/agent', goalBytes: 200e6 },
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

export interface ImageSize {
  /** Unpacked, as `podman images` shows it after a pull. */
  uncompressedBytes: number;
  /** Pushed: config and layers as the registry stores them. */
  compressedBytes: number;
  layers: number;
}

/** Sizes of an image pulled into the lab's fresh store, and of its manifest in the registry. */
export async function imageSize(lab: ContainerLab, image: string): Promise<ImageSize> {
  const inspected = await lab.podman('run', ['image', 'inspect', '--format', '{{.Size}}', image]);
  const [name, digest] = image.split('@');
  const repository = (name ?? '').slice(lab.registryHost.length + 1);
  const response = await fetch(`http://${lab.registryHost}/v2/${repository}/manifests/${digest}`, {
    headers: {
      accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  const manifest = (await response.json()) as { config: { size: number }; layers: { size: number }[] };
  return {
    uncompressedBytes: Number(inspected.stdout.trim()),
    compressedBytes: manifest.layers.reduce((total, layer) => total + layer.size, manifest.config.size),
    layers: manifest.layers.length,
  };
}
