// The docker CLI: login with the password on standard input, build (buildx when installed, the classic builder
// otherwise, e.g. through podman's Docker-compatible API), push, logout.
import { type CommandResult, type CommandRunner, lastLines } from './commands.js';

export interface BuildRequest {
  /** Local name given to the image: `host/repository:tag`. */
  reference: string;
  context: string;
  dockerfile?: string;
  platform: string;
  buildArgs: Record<string, string>;
  /** GitHub Actions cache scope; set only where the runner provides the cache service. */
  cacheScope?: string;
}

export type Builder = { kind: 'buildx'; driver: string } | { kind: 'classic' };

const DIGEST = /digest: (sha256:[0-9a-f]{64})/;

/**
 * Whether the GitHub Actions cache service is reachable from this job: the runner gives JavaScript actions a
 * runtime token and the cache service URL (ACTIONS_CACHE_URL, or ACTIONS_RESULTS_URL for cache service v2),
 * which buildx reads from the environment.
 */
export function githubCacheAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL));
}

/** The docker arguments of a build, for the builder at hand. */
export function buildArguments(request: BuildRequest, builder: Builder): string[] {
  const common = [
    '--platform',
    request.platform,
    '--tag',
    request.reference,
    ...(request.dockerfile ? ['--file', request.dockerfile] : []),
    ...Object.entries(request.buildArgs).flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
  ];
  if (builder.kind === 'classic') return ['build', ...common, request.context];
  // One image manifest, no attestation index: the runtime pins the pushed digest to one platform.
  const args = ['buildx', 'build', ...common, '--provenance=false', '--sbom=false', '--load'];
  // The docker driver cannot export a cache; a docker-container builder (setup-buildx-action) can.
  if (request.cacheScope && builder.driver !== 'docker') {
    args.push(
      '--cache-from',
      `type=gha,scope=${request.cacheScope}`,
      '--cache-to',
      `type=gha,mode=max,scope=${request.cacheScope}`,
    );
  }
  return [...args, request.context];
}

export class DockerCli {
  constructor(private readonly run: CommandRunner) {}

  private async docker(
    args: string[],
    what: string,
    options: { input?: string; echo?: boolean; env?: Record<string, string> } = {},
  ): Promise<CommandResult> {
    const result = await this.run('docker', args, options);
    if (result.exitCode !== 0)
      throw new Error(`docker ${what} failed (exit ${result.exitCode}): ${lastLines(result) || 'no output'}.`);
    return result;
  }

  async builder(): Promise<Builder> {
    const version = await this.run('docker', ['buildx', 'version']);
    if (version.exitCode !== 0) return { kind: 'classic' };
    const inspect = await this.run('docker', ['buildx', 'inspect']);
    const driver = /^Driver:\s*(\S+)/m.exec(inspect.stdout)?.[1] ?? 'docker';
    return { kind: 'buildx', driver };
  }

  async login(host: string, username: string, password: string): Promise<void> {
    await this.docker(['login', '--username', username, '--password-stdin', host], `login to ${host}`, {
      input: password,
    });
  }

  async logout(host: string): Promise<void> {
    await this.docker(['logout', host], `logout from ${host}`);
  }

  /** Builds into the local image store and returns the image id (the digest of its config). */
  async build(request: BuildRequest, builder: Builder): Promise<string> {
    // Without buildx the CLI would still try BuildKit and fail; the classic builder is what podman's API speaks.
    const env: Record<string, string> = builder.kind === 'classic' ? { DOCKER_BUILDKIT: '0' } : {};
    await this.docker(buildArguments(request, builder), `build of ${request.reference}`, { echo: true, env });
    return this.imageId(request.reference);
  }

  async imageId(reference: string): Promise<string> {
    const result = await this.docker(
      ['image', 'inspect', '--format', '{{.Id}}', reference],
      `image inspect of ${reference}`,
    );
    const id = result.stdout.trim();
    return id.startsWith('sha256:') ? id : `sha256:${id}`;
  }

  /** Pushes and returns the manifest digest the CLI reports, when it reports one. */
  async push(reference: string): Promise<string | undefined> {
    const result = await this.docker(['push', reference], `push of ${reference}`, { echo: true });
    return DIGEST.exec(result.stdout)?.[1];
  }
}
