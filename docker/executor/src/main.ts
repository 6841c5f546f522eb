// The executor image's entry point: configuration from the environment, then the server until SIGTERM
// (ECS stopping the task), which drains gracefully: running executes finish and outputs reach S3 first.
import { optionsFromEnv } from './env.js';
import { isLogLevel, jsonLogger } from './log.js';
import { startExecutor } from './server.js';

const level = process.env.LOG_LEVEL?.trim().toLowerCase() ?? 'info';
const log = jsonLogger(isLogLevel(level) ? level : 'info');
try {
  const executor = await startExecutor({ ...optionsFromEnv(), log });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.log('info', 'stopping', { signal });
      executor.close().then(
        () => process.exit(0),
        (error) => {
          log.log('error', 'shutdown failed', { error: String(error) });
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  log.log('error', 'executor failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
