// The whole system on this machine, in this process: s3rver as S3, the real executor (real Python kernels)
// and the agent's real HTTP server, each on a free port (the agent on --port when given). `stop` closes all
// of them, whatever had started before a failure.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../agent/src/config.js';
import { createModels } from '../../agent/src/models.js';
import { type AgentServer, startAgentServer } from '../../agent/src/server.js';
import { workflowHandler } from '../../agent/src/workflow.js';
import { startExecutor } from '../../docker/executor/src/server.js';
import { systemClock } from '../../lib/clock.js';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
// s3rver ships no type declarations; this is the part used here.
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

export const BUCKET = 'local-artifacts';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalStack {
  agentUrl: string;
  s3: S3Client;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

export async function startLocalStack(options: {
  agentPort: number;
  modelEnv: Record<string, string>;
  log: (line: string) => void;
}): Promise<LocalStack> {
  const directory = mkdtempSync(join(tmpdir(), 'bedrock-manus-local-'));
  // The kernels run as unprivileged users: they must be able to reach their session folders under it.
  chmodSync(directory, 0o755);
  const stops: (() => Promise<void>)[] = [async () => rmSync(directory, { recursive: true, force: true })];
  const stop = async () => {
    for (const close of stops.reverse().splice(0)) await close().catch(() => {});
  };
  try {
    const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(directory, 's3') });
    const { port: s3Port } = await s3rver.run();
    stops.push(() => s3rver.close());
    const s3Config = {
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${s3Port}`,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    };
    const s3 = new S3Client({ ...s3Config, maxAttempts: 2 });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    options.log(`S3 (s3rver) on http://127.0.0.1:${s3Port}, bucket ${BUCKET}`);

    const executor = await startExecutor({
      host: '127.0.0.1',
      port: 0,
      token: '',
      sessionsDir: join(directory, 'sessions'),
      artifactsBucket: BUCKET,
      s3: s3Config,
      poolSize: 1,
      maxSessions: 4,
      limits: { memoryBytes: 4096 * 1024 * 1024 },
      log: { log: () => {} },
    });
    stops.push(() => executor.close());
    options.log(`executor on ${executor.url}`);

    const config = loadConfig({
      EXECUTOR_URL: executor.url,
      ARTIFACTS_BUCKET: BUCKET,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      ...options.modelEnv,
    });
    const handler = workflowHandler({
      config,
      clock: systemClock,
      models: (request) => createModels(config.model, request),
      s3: () => s3,
    });
    let agent: AgentServer;
    try {
      agent = await startAgentServer(
        { heartbeatMs: config.heartbeatMs, handler: async () => handler },
        { host: '127.0.0.1', port: options.agentPort },
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new PortInUseError(
          `Port ${options.agentPort} is in use: stop what listens there or pick another with --port.`,
        );
      }
      throw error;
    }
    stops.push(() => agent.close());
    options.log(`agent on ${agent.url} (model: ${config.model.provider})`);
    return { agentUrl: agent.url, s3, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
