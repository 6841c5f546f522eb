// push-image: read the inputs, log in to ECR when the target is ECR, push once per tag, then outputs and summary.
// Every failure leaves through runAction as one sentence.
import * as core from '@actions/core';
import { ECRClient } from '@aws-sdk/client-ecr';
import { awsClientConfig } from '../../../lib/aws.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import { appendSummary, runAction } from '../../lib/runner.js';
import { type CommandRunner, spawnCommand } from './commands.js';
import { DockerCli } from './docker.js';
import { EcrRegistry, ecrLogin } from './ecr-registry.js';
import { readRequest } from './inputs.js';
import { type PushRequest, type PushResult, pushImage } from './push.js';
import { type Fetch, RegistryV2 } from './registry-v2.js';
import { waitForScan } from './scan.js';
import { pushSummary } from './summary.js';
import type { EcrTarget } from './target.js';

/** What push-image reaches beyond AWS: the docker CLI, and registries over HTTP. */
export interface Host {
  runCommand: CommandRunner;
  fetch: Fetch;
}

const localHost: Host = { runCommand: spawnCommand, fetch: (input, init) => globalThis.fetch(input, init) };

export function run(
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = systemClock,
  host: Host = localHost,
): Promise<void> {
  return runAction(async () => {
    const { push, target, scanTimeoutMs } = readRequest(env);
    const docker = new DockerCli(host.runCommand);
    const started = clock.now();
    const result =
      target.kind === 'registry'
        ? await pushImage(push, {
            docker,
            registry: new RegistryV2(target.host, target.repository, host.fetch),
            log: core.info,
          })
        : await pushToEcr(push, target, { env, clock, host, docker, scanTimeoutMs });
    writeOutputs(result);
    appendSummary(pushSummary(result, clock.now() - started));
    core.info(`${result.skipped ? 'Found' : 'Pushed'} ${result.image}.`);
    if (result.scanFailure) throw new Error(result.scanFailure);
  });
}

interface EcrContext {
  env: NodeJS.ProcessEnv;
  clock: Clock;
  host: Host;
  docker: DockerCli;
  scanTimeoutMs: number;
}

/** Logs in to the repository's registry for this push only, and waits for the scan unless it is not wanted. */
async function pushToEcr(push: PushRequest, target: EcrTarget, context: EcrContext): Promise<PushResult> {
  const { env, clock, host, docker } = context;
  const ecr = new ECRClient(
    awsClientConfig('push-image', 'ECR', { env: target.region ? { ...env, AWS_REGION: target.region } : env }),
  );
  const login = await ecrLogin(ecr, target.registryId);
  core.setSecret(login.password);
  await docker.login(login.host, login.username, login.password);
  const repository = {
    repositoryName: target.repository,
    ...(target.registryId ? { registryId: target.registryId } : {}),
  };
  try {
    return await pushImage(push, {
      docker,
      registry: new EcrRegistry(ecr, login.host, target.repository, target.registryId, host.fetch),
      log: core.info,
      scan: async (digest) =>
        push.failOnSeverity === 'none'
          ? { state: 'skipped', reason: 'fail-on-severity is none' }
          : waitForScan(
              ecr,
              { ...repository, digest },
              {
                clock,
                timeoutMs: context.scanTimeoutMs,
                onPending: (status) => core.info(`Waiting for the scan of ${digest}: ${status}.`),
              },
            ),
    });
  } finally {
    await docker.logout(login.host).catch((error: Error) => core.warning(error.message));
  }
}

function writeOutputs(result: PushResult): void {
  core.setOutput('image', result.image);
  core.setOutput('digest', result.digest);
  core.setOutput('tag', result.tag);
  core.setOutput('skipped', result.skipped);
}
