// What every step of a deployment shares: the clock its waits run on, one deadline for the whole action,
// and where progress lines go.
import type { Clock } from '../../../lib/clock.js';

export interface Context {
  clock: Clock;
  /** Absolute deadline, ms since the epoch, from timeout-minutes. */
  deadline: number;
  log: (line: string) => void;
  /** Jitter source for backoff; tests pass a fixed one. */
  random?: () => number;
  /**
   * Called with the endpoint's ARN and the version it served before anything changes it, so a later rollback
   * step has them even when this step fails while the endpoint moves.
   */
  onEndpointFound?: (endpoint: { arn: string; previousVersion?: string }) => void;
  /** Fails when a VPC-mode subnet lies outside AgentCore's supported zones, before anything is created. */
  checkZones?: (subnetIds: string[]) => Promise<void>;
}
