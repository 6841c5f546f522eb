import { describe, expect, it } from 'vitest';
import { sha256Digest } from '../../../actions/push-image/src/manifest.js';
import { RegistryV2, registryBaseUrl } from '../../../actions/push-image/src/registry-v2.js';

const manifest = JSON.stringify({ config: { digest: 'sha256:c', size: 2 }, layers: [] });
const digest = sha256Digest(manifest);

/** A registry that serves one tag, with or without the digest header, and records what was asked. */
function registry(options: { digestHeader: boolean; status?: number; body?: string }) {
  const asked: string[] = [];
  const fetch = async (url: string, init?: RequestInit) => {
    asked.push(`${init?.method ?? 'GET'} ${url}`);
    if (options.status) return new Response(null, { status: options.status });
    if (!url.endsWith('/manifests/v1') && !url.endsWith(`/manifests/${digest}`)) {
      return new Response(null, { status: 404 });
    }
    const headers = options.digestHeader ? { 'docker-content-digest': digest } : undefined;
    return new Response(init?.method === 'HEAD' ? null : (options.body ?? manifest), { headers });
  };
  return { client: new RegistryV2('127.0.0.1:5000', 'bedrock-manus/agent', fetch), asked };
}

describe('registry HTTP API v2', () => {
  it('speaks plain HTTP only to loopback registries', () => {
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('registry.example.com')).toBe('https://registry.example.com');
  });

  it('reads a tag digest from HEAD, or hashes the manifest when the header is missing', async () => {
    const withHeader = registry({ digestHeader: true });
    expect(await withHeader.client.tagDigest('v1')).toBe(digest);
    expect(withHeader.asked).toEqual(['HEAD http://127.0.0.1:5000/v2/bedrock-manus/agent/manifests/v1']);

    const without = registry({ digestHeader: false });
    expect(await without.client.tagDigest('v1')).toBe(digest);
    expect(without.asked.map((line) => line.split(' ')[0])).toEqual(['HEAD', 'GET']);
    expect(await without.client.tagDigest('v2')).toBeUndefined();
  });

  it('refuses a manifest whose content does not hash to the digest asked for', async () => {
    const lying = registry({ digestHeader: true, body: manifest.replace('"size":2', '"size":3') });
    await expect(lying.client.manifest(digest)).rejects.toThrow(
      `The registry 127.0.0.1:5000 served manifest ${digest} with other content.`,
    );
  });

  it('says that only anonymous reads are supported when the registry asks for credentials', async () => {
    await expect(registry({ digestHeader: true, status: 401 }).client.tagDigest('v1')).rejects.toThrow(
      'refused anonymous HEAD http://127.0.0.1:5000/v2/bedrock-manus/agent/manifests/v1 (HTTP 401); push-image reads only registries that allow anonymous pulls, or ECR.',
    );
  });
});
