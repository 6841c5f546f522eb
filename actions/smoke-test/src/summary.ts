// The step summary and the `report` output: one table of jobs, one of the nine checks.
import { heading, table } from '../../lib/summary.js';
import type { SmokeResult } from './smoke.js';

const STATE = { passed: '✅ passed', failed: '❌ failed', skipped: '➖ skipped' } as const;

export function seconds(ms: number | undefined): string {
  return ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

export function reportJson(result: SmokeResult): string {
  return JSON.stringify({
    passed: result.passed,
    jobs: Object.fromEntries(
      result.jobs.map((job) => [
        job.job,
        {
          passed: job.passed,
          failures: job.failures,
          timeToFirstEventMs: job.timeToFirstEventMs ?? null,
          totalMs: job.totalMs,
          sessionId: job.sessionId,
          requestId: job.requestId ?? null,
          attempts: job.attempts,
          answerExcerpt: job.answerExcerpt,
          artifacts: job.artifacts,
        },
      ]),
    ),
    checks: result.checks.map((check) => ({ id: check.id, state: check.state, detail: check.detail })),
  });
}

export function renderSummary(result: SmokeResult, target: string): string {
  const jobs = table(
    ['Job', 'Result', 'First event', 'Total', 'Session', 'Answer'],
    result.jobs.map((job) => [
      job.job,
      job.passed ? STATE.passed : `${STATE.failed}: ${job.failures.join(' ')}`,
      seconds(job.timeToFirstEventMs),
      seconds(job.totalMs),
      job.sessionId || '—',
      job.answerExcerpt.slice(0, 160) || '—',
    ]),
  );
  const checks = table(
    ['Check', 'State', 'Details'],
    result.checks.map((check) => [check.title, STATE[check.state], check.detail]),
  );
  return [heading(`Smoke test ${result.passed ? 'passed' : 'FAILED'}: ${target}`), jobs, '', checks].join('\n');
}
