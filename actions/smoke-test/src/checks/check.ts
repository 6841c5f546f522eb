// The post-deploy checklist's shape: nine items, each passed, failed (with where to look and the facts fetched)
// or skipped (its inputs were not given).

export const CHECKS = [
  { id: 'network', title: 'VPC and subnets exist' },
  { id: 'drift', title: 'Security group rules match the templates (drift detection)' },
  { id: 'endpoints', title: 'VPC endpoints available' },
  { id: 'targets', title: 'Executor targets healthy on the ALB' },
  { id: 'tasks', title: 'Executor tasks RUNNING at the desired count' },
  { id: 'runtime', title: 'Runtime READY, endpoint on the expected version' },
  { id: 'jobs', title: 'Test jobs pass' },
  { id: 'logs', title: 'CloudWatch Logs received events during the smoke test' },
  { id: 'artifacts', title: 'Artifacts present in S3' },
] as const;

export type CheckId = (typeof CHECKS)[number]['id'];

export interface CheckResult {
  id: CheckId;
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  /** What was found; for a failure, what is wrong and where to look. */
  detail: string;
}

export function result(id: CheckId, state: CheckResult['state'], detail: string): CheckResult {
  const title = CHECKS.find((check) => check.id === id)?.title ?? id;
  return { id, title, state, detail };
}

/** Runs a check; an AWS error becomes its failure, so one broken check never hides the others. */
export async function guarded(id: CheckId, body: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await body();
  } catch (error) {
    return result(id, 'failed', (error as Error).message);
  }
}

export function list(items: readonly string[], limit = 10): string {
  const shown = items.slice(0, limit).join('; ');
  return items.length > limit ? `${shown}; and ${items.length - limit} more` : shown;
}
