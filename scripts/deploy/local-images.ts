// The images step from a terminal: images given by digest must already be in this environment's repositories;
// without them both are built from this checkout and pushed with push-image, tagged with the commit.
import type { ActionName, ActionRun } from './run-action.js';

const BY_DIGEST = /^(.+)@sha256:[0-9a-f]{64}$/;
const IMAGES = ['executor', 'agent'] as const;

export interface LocalImageDependencies {
  commit: string;
  runAction(action: ActionName, inputs: Record<string, string>): Promise<ActionRun>;
}

export async function placeImages(
  inputs: Record<string, string>,
  deps: LocalImageDependencies,
): Promise<Record<string, string>> {
  const placed: Record<string, string> = {};
  for (const name of IMAGES) {
    const image = inputs[`${name}-image`] ?? '';
    const repository = inputs[`${name}-repository`] ?? '';
    if (image) {
      const match = BY_DIGEST.exec(image);
      if (!match) throw new Error(`--${name}-image ${image} is not an image by digest (…@sha256:<64 hex>).`);
      if (match[1] !== repository) {
        throw new Error(
          `--${name}-image is in ${match[1]}, not in this environment's repository ${repository}: copy it there by ` +
            'digest first (promote.yml does this), or leave both images out to build them.',
        );
      }
      placed[name] = image;
      continue;
    }
    const run = await deps.runAction('push-image', {
      repository,
      context: '.',
      dockerfile: `docker/${name}/Dockerfile`,
      tag: deps.commit,
    });
    if (!run.ok || !run.outputs.image) throw new Error(`push-image could not build and push the ${name} image.`);
    placed[name] = run.outputs.image;
  }
  return placed;
}
