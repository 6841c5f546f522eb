// The agent's entry point (bundled to build/agent/index.mjs): read the configuration, serve the AgentCore
// contract, and on SIGTERM cancel in-flight runs so their executor sessions are still torn down.
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '../../actions/lib/aws.js';
import { systemClock } from '../../actions/lib/clock.js';
import { loadConfig } from './config.js';
import { createModels } from './models.js';
import { startAgentServer } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  let s3: S3Client | undefined;
  const server = await startAgentServer(
    {
      config,
      clock: systemClock,
      models: () => createModels(config.model),
      // Created on first use: most invocations carry inline data or none, and cold start matters.
      s3: () => {
        s3 ??= new S3Client({
          ...awsClientConfig('agent', 'S3'),
          forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
        });
        return s3;
      },
    },
    { host: config.host, port: config.port },
  );
  console.log(`agent listening on ${server.url} (models: ${config.model.provider}, executor: ${config.executor.url})`);
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
