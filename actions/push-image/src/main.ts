// push-image: read the inputs, log in to ECR when the target is ECR, push once per tag, then outputs and summary.
import { ECRClient } from '@aws-sdk/client-ecr';
import { awsClientConfig } from '../../../lib/aws.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import { InputError, parseInputs } from '../../lib/inputs.js';
import { appendSummary, info, mask, setOutput, warning } from '../../lib/runner.js';
import { type CommandRunner, spawnCommand } from './commands.js';
import { DockerCli, githubCacheAvailable } from './docker.js';
import { EcrRegistry, ecrLogin } from './ecr-registry.js';
import { pushImageInputs } from './inputs.js';
import { parsePlatform } from './manifest.js';
import { type PushDependencies, type PushRequest, type PushResult, pushImage } from './push.js';
import { type Fetch, RegistryV2 } from './registry-v2.js';
import { waitForScan } from './scan.js';
import { pushSummary } from './summary.js';
import { resolveTarget } from './target.js';

export interface Runtime {
  env: NodeJS.ProcessEnv;
  runCommand: CommandRunner;
  fetch: Fetch;
  clock: Clock;
}

const defaultRuntime: Runtime = {
  env: process.env,
  runCommand: spawnCommand,
  fetch: globalThis.fetch,
  clock: systemClock,
};

export async function main(runtime: Runtime = defaultRuntime): Promise<void> {
  const { env, clock } = runtime;
  const inputs = parseInputs(pushImageInputs, env);
  const tag = inputs.tag ?? env.GITHUB_SHA;
  if (!tag) throw new InputError('Input "tag" is not set and neither is GITHUB_SHA: give the tag to push.');
  const target = resolveTarget(inputs.repository, inputs.registry);
  const request: PushRequest = {
    tag,
    platform: parsePlatform(inputs.platform),
    context: inputs.context,
    buildArgs: inputs.buildArgs ?? {},
    failOnSeverity: inputs.failOnSeverity,
    ...(inputs.dockerfile ? { dockerfile: inputs.dockerfile } : {}),
    // One cache per repository, so the images of one workflow do not evict each other.
    ...(githubCacheAvailable(env) ? { cacheScope: target.repository.replace(/[^A-Za-z0-9._-]/g, '-') } : {}),
  };
  const docker = new DockerCli(runtime.runCommand);
  const started = clock.now();
  let result: PushResult;
  if (target.kind === 'registry') {
    result = await pushImage(request, {
      docker,
      registry: new RegistryV2(target.host, target.repository, runtime.fetch),
      log: info,
    });
  } else {
    const ecr = new ECRClient(
      awsClientConfig('push-image', 'ECR', { env: target.region ? { ...env, AWS_REGION: target.region } : env }),
    );
    const login = await ecrLogin(ecr, target.registryId);
    mask(login.password);
    await docker.login(login.host, login.username, login.password);
    try {
      const deps: PushDependencies = {
        docker,
        registry: new EcrRegistry(ecr, login.host, target.repository, target.registryId, runtime.fetch),
        log: info,
        scan: async (digest) =>
          inputs.failOnSeverity === 'none'
            ? { state: 'skipped', reason: 'fail-on-severity is none' }
            : waitForScan(
                ecr,
                {
                  repositoryName: target.repository,
                  digest,
                  ...(target.registryId ? { registryId: target.registryId } : {}),
                },
                {
                  clock,
                  timeoutMs: inputs.scanTimeoutMinutes * 60_000,
                  onPending: (status) => info(`Waiting for the scan of ${digest}: ${status}.`),
                },
              ),
      };
      result = await pushImage(request, deps);
    } finally {
      await docker.logout(login.host).catch((error: Error) => warning(error.message));
    }
  }
  setOutput('image', result.image, env);
  setOutput('digest', result.digest, env);
  setOutput('tag', result.tag, env);
  setOutput('skipped', result.skipped, env);
  appendSummary(pushSummary(result, clock.now() - started), env);
  info(`${result.skipped ? 'Found' : 'Pushed'} ${result.image}.`);
  if (result.scanFailure) throw new Error(result.scanFailure);
}
