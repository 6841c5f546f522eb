import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostPlatform, runPushImage } from './support/action.js';
import { BASE_IMAGE, ContainerLab } from './support/lab.js';
import { freePort, waitFor } from './support/processes.js';

describe('push-image end to end on a small image', () => {
  let lab: ContainerLab;
  beforeAll(async () => {
    lab = await ContainerLab.start();
  }, 600_000);
  afterAll(async () => lab?.stop(), 120_000);

  it('builds, pushes, pulls into a fresh store and runs', async () => {
    const inputs = {
      repository: 'bedrock-manus/fixture',
      registry: lab.registryHost,
      context: 'test/images/fixtures',
      dockerfile: 'test/images/fixtures/Dockerfile',
      tag: 'e2e-1',
      platform: hostPlatform(),
      'build-args': `BASE_IMAGE=${BASE_IMAGE}`,
    };
    const first = await runPushImage(lab, inputs);
    expect(first.outputs.skipped).toBe('false');
    expect(first.outputs.image).toBe(`${lab.registryHost}/bedrock-manus/fixture@${first.outputs.digest}`);
    const port = await freePort();
    const id = await lab.pullAndRun(first.outputs.image as string, { PORT: String(port) });
    await waitFor(
      `the fixture on port ${port}`,
      async () => (await fetch(`http://127.0.0.1:${port}/`)).ok,
      60_000,
    ).catch(async (error) => {
      throw new Error(`${(error as Error).message}\n${await lab.containerLogs(id)}`);
    });
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('pushed by push-image');

    const second = await runPushImage(lab, inputs);
    expect(second.outputs).toMatchObject({ skipped: 'true', digest: first.outputs.digest });
  }, 900_000);
});
