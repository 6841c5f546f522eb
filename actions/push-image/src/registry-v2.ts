// A registry reached through the registry HTTP API v2 (the `registry` input): manifest HEAD for tags, GET for
// manifests and blobs, read anonymously. Loopback registries speak plain HTTP, every other one HTTPS.
import { ACCEPTED_MANIFEST_TYPES, sha256Digest } from './manifest.js';
import type { RegistryClient, RemoteManifest } from './remote-image.js';

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

export function registryBaseUrl(host: string): string {
  return `${LOOPBACK.test(host) ? 'http' : 'https'}://${host}`;
}

export class RegistryV2 implements RegistryClient {
  readonly imageName: string;

  constructor(
    private readonly host: string,
    private readonly repository: string,
    private readonly fetch: Fetch = globalThis.fetch,
  ) {
    this.imageName = `${host}/${repository}`;
  }

  private async request(kind: 'manifests' | 'blobs', reference: string, method: 'HEAD' | 'GET'): Promise<Response> {
    const url = `${registryBaseUrl(this.host)}/v2/${this.repository}/${kind}/${reference}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        headers: { accept: ACCEPTED_MANIFEST_TYPES.join(', ') },
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new Error(`The registry ${this.host} did not answer ${method} ${url}: ${(error as Error).message}.`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new Error(
        `The registry ${this.host} refused anonymous ${method} ${url} (HTTP ${response.status}); push-image reads only registries that allow anonymous pulls, or ECR.`,
      );
    }
    return response;
  }

  async tagDigest(tag: string): Promise<string | undefined> {
    const response = await this.request('manifests', tag, 'HEAD');
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`The registry ${this.host} answered HTTP ${response.status} for tag ${tag}.`);
    const digest = response.headers.get('docker-content-digest');
    if (digest) return digest;
    // Registries may leave the header out of HEAD answers: hash the manifest itself.
    const manifest = await this.request('manifests', tag, 'GET');
    return sha256Digest(new Uint8Array(await manifest.arrayBuffer()));
  }

  async manifest(digest: string): Promise<RemoteManifest> {
    const response = await this.request('manifests', digest, 'GET');
    if (!response.ok) throw new Error(`The registry ${this.host} has no manifest ${digest} (HTTP ${response.status}).`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (sha256Digest(bytes) !== digest)
      throw new Error(`The registry ${this.host} served manifest ${digest} with other content.`);
    const mediaType = response.headers.get('content-type') ?? undefined;
    return { digest, raw: new TextDecoder().decode(bytes), ...(mediaType ? { mediaType } : {}) };
  }

  async blob(digest: string): Promise<string> {
    const response = await this.request('blobs', digest, 'GET');
    if (!response.ok) throw new Error(`The registry ${this.host} has no blob ${digest} (HTTP ${response.status}).`);
    return response.text();
  }
}
