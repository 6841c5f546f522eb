// The images step from a terminal: given digests must be in the environment's repositories; missing ones are
// built and pushed with push-image.
import { describe, expect, it } from 'vitest';
import { placeImages } from '../../../scripts/deploy/local-images.js';
import type { ActionName } from '../../../scripts/deploy/run-action.js';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'c'.repeat(64)}`;
const repositories = {
  'executor-repository': `${REGISTRY}/bedrock-manus-dev/executor`,
  'agent-repository': `${REGISTRY}/bedrock-manus-dev/agent`,
};

function recorder() {
  const calls: Array<{ action: ActionName; inputs: Record<string, string> }> = [];
  return {
    calls,
    runAction: async (action: ActionName, inputs: Record<string, string>) => {
      calls.push({ action, inputs });
      return { ok: true, outputs: { image: `${inputs.repository}@${DIGEST}` } };
    },
  };
}

describe('placeImages', () => {
  it('uses images already in the repositories as they are', async () => {
    const fake = recorder();
    const given = {
      ...repositories,
      'executor-image': `${repositories['executor-repository']}@${DIGEST}`,
      'agent-image': `${repositories['agent-repository']}@${DIGEST}`,
    };
    expect(await placeImages(given, { commit: 'abc', runAction: fake.runAction })).toEqual({
      executor: given['executor-image'],
      agent: given['agent-image'],
    });
    expect(fake.calls).toEqual([]);
  });

  it('builds and pushes both, tagged with the commit, when none is given', async () => {
    const fake = recorder();
    const placed = await placeImages(
      { ...repositories, 'executor-image': '', 'agent-image': '' },
      { commit: 'abc123', runAction: fake.runAction },
    );
    expect(placed.agent).toBe(`${repositories['agent-repository']}@${DIGEST}`);
    expect(fake.calls).toEqual([
      {
        action: 'push-image',
        inputs: {
          repository: repositories['executor-repository'],
          context: '.',
          dockerfile: 'docker/executor/Dockerfile',
          tag: 'abc123',
        },
      },
      {
        action: 'push-image',
        inputs: {
          repository: repositories['agent-repository'],
          context: '.',
          dockerfile: 'docker/agent/Dockerfile',
          tag: 'abc123',
        },
      },
    ]);
  });

  it('refuses a tag, and an image from another repository, naming both', async () => {
    const fake = recorder();
    await expect(
      placeImages(
        { ...repositories, 'executor-image': `${repositories['executor-repository']}:latest`, 'agent-image': '' },
        { commit: 'a', runAction: fake.runAction },
      ),
    ).rejects.toThrow(/is not an image by digest/);
    await expect(
      placeImages(
        { ...repositories, 'executor-image': `${REGISTRY}/bedrock-manus-prod/executor@${DIGEST}`, 'agent-image': '' },
        { commit: 'a', runAction: fake.runAction },
      ),
    ).rejects.toThrow(
      `--executor-image is in ${REGISTRY}/bedrock-manus-prod/executor, not in this environment's repository ${repositories['executor-repository']}`,
    );
  });
});
