import { describe, expect, it } from 'vitest';
import { buildArguments, githubCacheAvailable } from '../../../actions/push-image/src/docker.js';
import {
  imageSize,
  parseManifest,
  parsePlatform,
  platformMatches,
  platformOfConfig,
} from '../../../actions/push-image/src/manifest.js';
import { findingsAtOrAbove } from '../../../actions/push-image/src/scan.js';
import { resolveTarget } from '../../../actions/push-image/src/target.js';

const request = {
  reference: '127.0.0.1:5000/bedrock-manus/agent:abc',
  context: '.',
  dockerfile: 'docker/agent/Dockerfile',
  platform: 'linux/arm64',
  buildArgs: { BASE_IMAGE: 'localhost/trixie:13', NOTE: 'a=b' },
};

describe('docker build arguments', () => {
  it('asks buildx for one platform, no attestations, loaded into the local store', () => {
    expect(buildArguments(request, { kind: 'buildx', driver: 'docker' })).toEqual([
      'buildx',
      'build',
      '--platform',
      'linux/arm64',
      '--tag',
      request.reference,
      '--file',
      'docker/agent/Dockerfile',
      '--build-arg',
      'BASE_IMAGE=localhost/trixie:13',
      '--build-arg',
      'NOTE=a=b',
      '--provenance=false',
      '--sbom=false',
      '--load',
      '.',
    ]);
  });

  it('uses the GitHub Actions cache only on a builder that can export one', () => {
    const cached = { ...request, cacheScope: 'bedrock-manus-agent' };
    expect(buildArguments(cached, { kind: 'buildx', driver: 'docker-container' })).toEqual(
      expect.arrayContaining(['--cache-from', 'type=gha,scope=bedrock-manus-agent', '--cache-to']),
    );
    expect(buildArguments(cached, { kind: 'buildx', driver: 'docker' })).not.toContain('--cache-from');
    expect(githubCacheAvailable({ ACTIONS_CACHE_URL: 'https://cache', ACTIONS_RUNTIME_TOKEN: 't' })).toBe(true);
    expect(githubCacheAvailable({ ACTIONS_RESULTS_URL: 'https://results', ACTIONS_RUNTIME_TOKEN: 't' })).toBe(true);
    expect(githubCacheAvailable({ ACTIONS_CACHE_URL: 'https://cache' })).toBe(false);
  });

  it('falls back to the classic builder, which has no attestation flags', () => {
    const args = buildArguments(request, { kind: 'classic' });
    expect(args.slice(0, 3)).toEqual(['build', '--platform', 'linux/arm64']);
    expect(args.join(' ')).not.toMatch(/provenance|sbom|--load/);
  });
});

describe('manifests and platforms', () => {
  it('refuses an image index, naming the build flags that avoid one', () => {
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { digest: 'sha256:a', size: 1 },
        { digest: 'sha256:b', size: 1 },
      ],
    });
    expect(() => parseManifest(index)).toThrow(
      'The tag points at an image index of 2 manifests (application/vnd.oci.image.index.v1+json), not a single-platform image; build with --provenance=false --sbom=false',
    );
  });

  it('sums the config and layer sizes', () => {
    const manifest = parseManifest(
      JSON.stringify({
        config: { digest: 'sha256:c', size: 1000 },
        layers: [
          { digest: 'sha256:l1', size: 30_000_000 },
          { digest: 'sha256:l2', size: 2_000 },
        ],
      }),
      'application/vnd.docker.distribution.manifest.v2+json',
    );
    expect(imageSize(manifest)).toBe(30_003_000);
    expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
  });

  it('matches arm64 with or without the v8 variant, and never another architecture', () => {
    const arm64 = platformOfConfig(JSON.stringify({ os: 'linux', architecture: 'arm64' }));
    expect(platformMatches(parsePlatform('linux/arm64'), arm64)).toBe(true);
    expect(platformMatches(parsePlatform('linux/arm64/v8'), arm64)).toBe(true);
    expect(platformMatches(parsePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm', variant: 'v6' })).toBe(
      false,
    );
    expect(platformMatches(parsePlatform('linux/arm64'), { os: 'linux', architecture: 'amd64' })).toBe(false);
    expect(() => platformOfConfig('{"architecture":"arm64"}')).toThrow(
      'The image config names no os and architecture.',
    );
  });
});

describe('scan thresholds', () => {
  it('counts only severities at or above the threshold', () => {
    const counts = { CRITICAL: 0, HIGH: 2, MEDIUM: 5, LOW: 1 };
    expect(findingsAtOrAbove(counts, 'critical')).toEqual([]);
    expect(findingsAtOrAbove(counts, 'medium')).toEqual([
      ['HIGH', 2],
      ['MEDIUM', 5],
    ]);
    expect(findingsAtOrAbove(counts, 'none')).toEqual([]);
  });
});

describe('image targets', () => {
  it('reads an ECR URI into account and region, a plain name as this account', () => {
    expect(resolveTarget('123456789012.dkr.ecr.eu-west-1.amazonaws.com/bedrock-manus/agent', undefined)).toEqual({
      kind: 'ecr',
      repository: 'bedrock-manus/agent',
      registryId: '123456789012',
      region: 'eu-west-1',
    });
    expect(resolveTarget('bedrock-manus/agent', undefined)).toEqual({ kind: 'ecr', repository: 'bedrock-manus/agent' });
  });

  it('uses the registry input as host, and rejects a repository naming another host', () => {
    expect(resolveTarget('bedrock-manus/agent', '127.0.0.1:5000')).toEqual({
      kind: 'registry',
      host: '127.0.0.1:5000',
      repository: 'bedrock-manus/agent',
    });
    expect(() => resolveTarget('localhost:6000/agent', '127.0.0.1:5000')).toThrow(
      'The repository localhost:6000/agent names registry localhost:6000, but the registry input is 127.0.0.1:5000.',
    );
  });
});
