// The agent's entry point (bundled to build/agent/index.mjs): read the configuration, serve the AgentCore
// contract at once, load the workflow (Strands, the model SDKs, S3) right after starting (once the first
// health check has been answered, or without one a moment after listening), and on SIGTERM cancel in-flight
// runs so their executor sessions are still torn down.
import { flushCompileCache } from 'node:module';
import { systemClock } from '../../lib/clock.js';
import { type AgentConfig, loadConfig } from './config.js';
import { type InvocationHandler, startAgentServer } from './server.js';

/** The configuration with the executor token read from Secrets Manager, when it names the secret. */
async function withExecutorToken(config: AgentConfig): Promise<AgentConfig> {
  const secretArn = config.executor.tokenSecretArn;
  if (!secretArn) return config;
  const [{ SecretsManagerClient }, { awsClientConfig }, { fetchExecutorToken }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('../../lib/aws.js'),
    import('./executor-token.js'),
  ]);
  const token = await fetchExecutorToken(
    new SecretsManagerClient(awsClientConfig('agent', 'Secrets Manager')),
    secretArn,
  );
  return { ...config, executor: { ...config.executor, token } };
}

async function loadWorkflow(config: AgentConfig): Promise<InvocationHandler> {
  const [{ workflowHandler }, { createModels }, { S3Client }, { awsClientConfig }, configured] = await Promise.all([
    import('./workflow.js'),
    import('./models.js'),
    import('@aws-sdk/client-s3'),
    import('../../lib/aws.js'),
    withExecutorToken(config),
  ]);
  let s3: InstanceType<typeof S3Client> | undefined;
  return workflowHandler({
    config: configured,
    clock: systemClock,
    models: (request) => createModels(config.model, request),
    s3: () => {
      s3 ??= new S3Client({
        ...awsClientConfig('agent', 'S3'),
        forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
      });
      return s3;
    },
  });
}

async function main(): Promise<void> {
  // `node index.mjs --prepare`, run once when the image is built with NODE_COMPILE_CACHE set: the bundle's
  // compiled code goes into the cache, so a cold start skips compiling 2 MB of JavaScript.
  if (process.argv.includes('--prepare')) {
    flushCompileCache();
    console.log(`compile cache written to ${process.env.NODE_COMPILE_CACHE ?? '(NODE_COMPILE_CACHE is not set)'}`);
    return;
  }
  const config = loadConfig();
  let workflow: Promise<InvocationHandler> | undefined;
  const handler = () => {
    workflow ??= loadWorkflow(config).then(
      (loaded) => {
        console.log(
          `agent ready ${Math.round(performance.now())} ms after process start (models: ${config.model.provider}, executor: ${config.executor.url})`,
        );
        return loaded;
      },
      (error: Error) => {
        // Not cached: the next invocation tries again (a secret or an SDK that failed to load once may not twice).
        workflow = undefined;
        throw error;
      },
    );
    return workflow;
  };
  const warmUp = () => {
    handler().catch((error: Error) => console.error(`loading the workflow failed: ${error.message}`));
  };
  const server = await startAgentServer(
    { heartbeatMs: config.heartbeatMs, handler, warmUp },
    { host: config.host, port: config.port },
  );
  const cpu = process.cpuUsage();
  console.log(
    `agent listening on ${server.url}, ${Math.round(performance.now())} ms after process start (CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms)`,
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.log(`${signal}: finishing in-flight invocations`);
      server.close().then(() => process.exit(0));
    });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
