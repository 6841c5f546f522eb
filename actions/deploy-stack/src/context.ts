// What every AWS step of a deployment shares: the clients, the clock, the run's single deadline and the log.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock } from '../../../lib/clock.js';

export interface DeployContext {
  cloudFormation: CloudFormationClient;
  s3: S3Client;
  clock: Clock;
  /** When `timeout-minutes` runs out, ms since the epoch; every wait stops there. */
  deadline: number;
  region: string;
  log: (line: string) => void;
}
