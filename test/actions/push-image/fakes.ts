// A scripted registry and docker CLI for the push-image scenarios: ECR answers come from aws-sdk-client-mock over
// an in-memory repository, the docker CLI is a CommandRunner that builds and pushes into that repository.
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  ImageNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import type { CommandOptions, CommandResult, CommandRunner } from '../../../actions/push-image/src/commands.js';
import { sha256Digest } from '../../../actions/push-image/src/manifest.js';

export const ACCOUNT = '123456789012';
export const HOST = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
export const PASSWORD = 'ecr-password-0123456789';

export interface StoredImage {
  manifest: string;
  digest: string;
  configDigest: string;
  config: string;
}

/** An image as a registry stores it: config blob, one layer, manifest. */
export function makeImage(platform: string, content: string): StoredImage {
  const [os, architecture] = platform.split('/');
  const config = JSON.stringify({ os, architecture, config: { Cmd: ['node'] }, rootfs: { diff_ids: [content] } });
  const configDigest = sha256Digest(config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256Digest(content), size: 52_000_000 },
    ],
  });
  return { manifest, digest: sha256Digest(manifest), configDigest, config };
}

export class FakeEcr {
  readonly mock = mockClient(ECRClient);
  /** tag → image */
  readonly tags = new Map<string, StoredImage>();
  readonly blobs = new Map<string, string>();

  constructor() {
    this.mock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from(`AWS:${PASSWORD}`).toString('base64'),
          proxyEndpoint: `https://${HOST}`,
        },
      ],
    });
    this.mock.on(DescribeImagesCommand).callsFake((input) => {
      const image = this.tags.get(input.imageIds[0].imageTag);
      if (!image) {
        throw new ImageNotFoundException({ message: 'The image requested does not exist', $metadata: {} });
      }
      return { imageDetails: [{ imageDigest: image.digest, imageTags: [input.imageIds[0].imageTag] }] };
    });
    this.mock.on(BatchGetImageCommand).callsFake((input) => {
      const image = [...this.tags.values()].find((stored) => stored.digest === input.imageIds[0].imageDigest);
      return image
        ? {
            images: [
              { imageManifest: image.manifest, imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json' },
            ],
          }
        : { images: [], failures: [{ failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }] };
    });
    this.mock.on(GetDownloadUrlForLayerCommand).callsFake((input) => ({
      downloadUrl: `https://prod-us-east-1-starport-layer-bucket.s3.example/${input.layerDigest}`,
    }));
  }

  store(tag: string, image: StoredImage): void {
    this.tags.set(tag, image);
    this.blobs.set(image.configDigest, image.config);
  }

  /** The presigned-URL download of a blob. */
  readonly fetch = async (url: string): Promise<Response> => {
    const blob = this.blobs.get(url.split('/').pop() ?? '');
    return blob ? new Response(blob) : new Response('NoSuchKey', { status: 404 });
  };
}

export interface RecordedCommand {
  args: readonly string[];
  options: CommandOptions | undefined;
}

/** The docker CLI without buildx, building for `builtPlatform` and pushing into the fake ECR. */
export class FakeDocker {
  readonly calls: RecordedCommand[] = [];
  private built?: StoredImage;
  /** The containerd image store names an image by its manifest digest, the classic store by its config digest. */
  localIdIsManifestDigest = false;
  /** Runs after the build, before push-image looks at the registry again: another job racing this one. */
  afterBuild?: () => void;

  constructor(
    private readonly ecr: FakeEcr,
    private readonly builtPlatform: string,
  ) {}

  readonly run: CommandRunner = async (command, args, options) => {
    this.calls.push({ args, options });
    if (command !== 'docker') return { exitCode: 127, stdout: '', stderr: `${command}: not found` };
    return this.answer(args);
  };

  private answer(args: readonly string[]): CommandResult {
    const ok = (stdout = ''): CommandResult => ({ exitCode: 0, stdout, stderr: '' });
    switch (args[0]) {
      case 'buildx':
        return { exitCode: 1, stdout: '', stderr: "docker: 'buildx' is not a docker command." };
      case 'login':
        return ok('Login Succeeded\n');
      case 'logout':
        return ok();
      case 'build': {
        this.built = makeImage(this.builtPlatform, `layer built from ${args.at(-1)}`);
        this.afterBuild?.();
        return ok('Successfully built\n');
      }
      case 'image':
        if (!this.built) return { exitCode: 1, stdout: '', stderr: 'No such image' };
        return ok(`${this.localIdIsManifestDigest ? this.built.digest : this.built.configDigest}\n`);
      case 'push': {
        const reference = args[1] ?? '';
        if (!this.built) return { exitCode: 1, stdout: '', stderr: 'An image does not exist locally' };
        this.ecr.store(reference.slice(reference.lastIndexOf(':') + 1), this.built);
        return ok(`${reference}: digest: ${this.built.digest} size: 581\n`);
      }
      default:
        return { exitCode: 1, stdout: '', stderr: `unknown command ${args[0]}` };
    }
  }

  commands(): string[] {
    return this.calls.map((call) => call.args[0] ?? '');
  }
}
