// Image manifests and configs as registries serve them: which platform an image is for, how big it is, and
// whether a tag points at one image or at an index (what buildx pushes with provenance or SBOM attestations).
import { createHash } from 'node:crypto';

export const IMAGE_MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;
export const INDEX_MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
] as const;
export const ACCEPTED_MANIFEST_TYPES = [...IMAGE_MANIFEST_TYPES, ...INDEX_MANIFEST_TYPES];

export interface Descriptor {
  digest: string;
  size: number;
}

export interface ImageManifest {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export function sha256Digest(raw: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

function isDescriptor(value: unknown): value is Descriptor {
  const shape = value as Descriptor;
  return typeof shape?.digest === 'string' && typeof shape.size === 'number';
}

/**
 * Parses a single-platform image manifest. An index is refused: the runtime pins one image digest, and an index
 * digest would resolve to whichever platform the puller asks for.
 */
export function parseManifest(raw: string, servedMediaType?: string): ImageManifest {
  let json: { mediaType?: string; config?: unknown; layers?: unknown; manifests?: unknown };
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('The registry returned a manifest that is not JSON.');
  }
  const mediaType = json.mediaType ?? servedMediaType ?? '';
  if ((INDEX_MANIFEST_TYPES as readonly string[]).includes(mediaType) || Array.isArray(json.manifests)) {
    const count = Array.isArray(json.manifests) ? json.manifests.length : 0;
    throw new Error(
      `The tag points at an image index of ${count} manifests (${mediaType || 'no media type'}), not a single-platform image; build with --provenance=false --sbom=false and one --platform.`,
    );
  }
  if (!isDescriptor(json.config) || !Array.isArray(json.layers) || !json.layers.every(isDescriptor)) {
    throw new Error(`The registry returned a manifest without a config and layers (${mediaType || 'no media type'}).`);
  }
  return { mediaType, config: json.config, layers: json.layers };
}

/** Compressed size as pushed: config plus every layer. */
export function imageSize(manifest: ImageManifest): number {
  return manifest.layers.reduce((total, layer) => total + layer.size, manifest.config.size);
}

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture) throw new Error(`The platform ${JSON.stringify(text)} is not os/architecture[/variant].`);
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

export function platformOfConfig(raw: string): Platform {
  let json: { os?: unknown; architecture?: unknown; variant?: unknown };
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('The image config blob is not JSON.');
  }
  if (typeof json.os !== 'string' || typeof json.architecture !== 'string') {
    throw new Error('The image config names no os and architecture.');
  }
  return typeof json.variant === 'string' && json.variant !== ''
    ? { os: json.os, architecture: json.architecture, variant: json.variant }
    : { os: json.os, architecture: json.architecture };
}

/** arm64 images carry variant v8 or none; a platform without a variant accepts any variant. */
export function platformMatches(wanted: Platform, actual: Platform): boolean {
  if (wanted.os !== actual.os || wanted.architecture !== actual.architecture) return false;
  if (!wanted.variant) return true;
  const implied = actual.variant ?? (actual.architecture === 'arm64' ? 'v8' : undefined);
  return wanted.variant === implied;
}
