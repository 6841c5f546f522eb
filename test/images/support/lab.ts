// A container lab on loopback without a Docker engine: a real registry (Debian's docker-registry) on a free
// 127.0.0.1 port, podman's Docker-compatible API on a socket in a temporary folder for the docker CLI, a trixie
// base image in its store, and a second, fresh store to pull and run the pushed images.
import { mkdirSync, mkdtempSync, statfsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, freePort, Service, waitFor } from './processes.js';
import { ownerFile, removeLabFolder, sweepStaleLabs } from './teardown.js';
import { commitBaseImage } from './trixie.js';

export const BASE_IMAGE = 'localhost/bedrock-manus/trixie-base:test';
const LAB_PREFIX = 'bm-images-';

function socketAnswers(socket: string, path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const call = request({ socketPath: socket, path, method: 'GET', timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    call.on('error', reject);
    call.end();
  });
}

/** Room the lab's stores take at most: two images, their build stages, the registry's copy and a pulled copy. */
const LAB_BYTES = 8e9;

/**
 * Memory when there is room: deleting gigabytes of layers from a disk mounted with discard takes minutes, and
 * builds write less to the disk.
 */
function labParent(): string {
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.bavail * shm.bsize > LAB_BYTES * 1.5) return '/dev/shm';
  } catch {
    // No /dev/shm: the temporary folder it is.
  }
  return tmpdir();
}

export class ContainerLab {
  readonly registryHost: string;
  private readonly services: Service[] = [];
  private readonly runningContainers: string[] = [];

  private constructor(
    readonly dir: string,
    registryPort: number,
  ) {
    this.registryHost = `127.0.0.1:${registryPort}`;
  }

  /** Settings TOOLING.md lists for this machine: host network, runc, bounded ulimits, chroot isolation. */
  private writeConfiguration(): void {
    writeFileSync(
      join(this.dir, 'containers.conf'),
      [
        '[containers]',
        'netns = "host"',
        'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
        '[engine]',
        'runtime = "runc"',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(this.dir, 'registries.conf'),
      [
        'unqualified-search-registries = []',
        '[[registry]]',
        `location = "${this.registryHost}"`,
        'insecure = true',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(this.dir, 'registry.yml'),
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(this.dir, 'registry')}`,
        'http:',
        `  addr: ${this.registryHost}`,
        '',
      ].join('\n'),
    );
    // The docker CLI's own config folder; buildah and podman read it as their auth file too, so it must exist.
    mkdirSync(join(this.dir, 'docker-config'));
    writeFileSync(join(this.dir, 'docker-config', 'config.json'), '{"auths": {}}\n');
  }

  /** The environment of every container tool and of the docker CLI in this lab. */
  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      CONTAINERS_CONF: join(this.dir, 'containers.conf'),
      CONTAINERS_REGISTRIES_CONF: join(this.dir, 'registries.conf'),
      BUILDAH_ISOLATION: 'chroot',
      DOCKER_HOST: `unix://${this.socket}`,
      DOCKER_CONFIG: join(this.dir, 'docker-config'),
    };
  }

  get socket(): string {
    return join(this.dir, 'podman.sock');
  }

  /** Storage options of a store in the lab: `build` (behind the API) or `run` (fresh, for pulling). */
  storage(store: 'build' | 'run'): string[] {
    return [
      '--root',
      join(this.dir, store, 'root'),
      '--runroot',
      join(this.dir, store, 'runroot'),
      '--storage-driver',
      'overlay',
    ];
  }

  static async start(): Promise<ContainerLab> {
    const parent = labParent();
    await sweepStaleLabs(parent, LAB_PREFIX);
    const lab = new ContainerLab(mkdtempSync(join(parent, LAB_PREFIX)), await freePort());
    writeFileSync(ownerFile(lab.dir), `${process.pid}\n`);
    try {
      lab.writeConfiguration();
      const registry = Service.start(
        'docker-registry',
        'docker-registry',
        ['serve', join(lab.dir, 'registry.yml')],
        lab.env,
      );
      lab.services.push(registry);
      await waitFor(
        `the registry on ${lab.registryHost}: ${registry.log()}`,
        async () => (await fetch(`http://${lab.registryHost}/v2/`)).ok,
        30_000,
      );
      await commitBaseImage(lab.storage('build'), BASE_IMAGE, lab.env);
      const podman = Service.start(
        'podman system service',
        'podman',
        [...lab.storage('build'), 'system', 'service', '--time=0', `unix://${lab.socket}`],
        lab.env,
      );
      lab.services.push(podman);
      await waitFor('the podman API socket', () => socketAnswers(lab.socket, '/_ping'), 30_000);
      return lab;
    } catch (error) {
      await lab.stop();
      throw error;
    }
  }

  podman(store: 'build' | 'run', args: readonly string[], options: { allowFailure?: boolean } = {}) {
    return exec('podman', [...this.storage(store), ...args], { env: this.env, ...options });
  }

  /** Pulls an image from the lab's registry into the fresh store. */
  async pull(image: string): Promise<void> {
    await this.podman('run', ['pull', '--quiet', '--tls-verify=false', image]);
  }

  /** Pulls an image by digest into the fresh store and starts it on the host network with `env`. */
  async pullAndRun(image: string, env: Record<string, string>): Promise<string> {
    await this.pull(image);
    const envArgs = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
    const id = (
      await this.podman('run', ['run', '--detach', '--runtime', 'runc', '--network', 'host', ...envArgs, image])
    ).stdout.trim();
    this.runningContainers.push(id);
    return id;
  }

  async containerLogs(id: string): Promise<string> {
    const logs = await this.podman('run', ['logs', id], { allowFailure: true });
    return `${logs.stdout}${logs.stderr}`.slice(-4_000);
  }

  /** Removes what the lab started, in reverse order, then everything left in or on its folder. */
  async stop(): Promise<void> {
    for (const id of this.runningContainers.splice(0)) {
      await this.podman('run', ['rm', '--force', '--time', '5', id], { allowFailure: true });
    }
    for (const service of this.services.splice(0).reverse()) await service.stop();
    // Overlay mounts and container cleanup processes outlive the services; this removes them, then the folder.
    await removeLabFolder(this.dir);
  }
}
