// ECR scan-on-push: wait for the findings of one image and judge them against the fail-on-severity threshold.
import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsCommandOutput,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import type { Clock } from '../../../lib/clock.js';
import { AwsCallError, isThrottling, send } from '../../../lib/errors.js';
import { type PollResult, pollUntil } from '../../lib/poll.js';

/** ECR's severities, worst first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const THRESHOLDS = ['critical', 'high', 'medium', 'low', 'informational', 'none'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export type ScanReport =
  | { state: 'complete'; counts: Partial<Record<Severity, number>> }
  /** The scan ended without findings to judge (FAILED, UNSUPPORTED_IMAGE, …) or never started. */
  | { state: 'unavailable'; reason: string }
  | { state: 'skipped'; reason: string };

/** Statuses with findings to read: COMPLETE for basic scanning, ACTIVE for enhanced (continuous) scanning. */
const FINISHED = new Set(['COMPLETE', 'ACTIVE']);
const WAITING = new Set(['IN_PROGRESS', 'PENDING']);
/** How long a scan may take to appear after the push before scan-on-push is taken to be off. */
export const SCAN_START_GRACE_MS = 120_000;

export interface ScanTarget {
  repositoryName: string;
  registryId?: string;
  digest: string;
}

export async function waitForScan(
  ecr: ECRClient,
  target: ScanTarget,
  options: { clock: Clock; timeoutMs: number; onPending?: (status: string) => void },
): Promise<ScanReport> {
  const started = options.clock.now();
  const input = {
    repositoryName: target.repositoryName,
    ...(target.registryId ? { registryId: target.registryId } : {}),
    imageId: { imageDigest: target.digest },
  };
  const check = async (): Promise<PollResult<ScanReport>> => {
    let answer: DescribeImageScanFindingsCommandOutput;
    try {
      answer = await send(ecr, new DescribeImageScanFindingsCommand(input));
    } catch (error) {
      // The SDK already retried; a throttled poll is one more reason to wait, not to fail the push.
      if (error instanceof AwsCallError && isThrottling(error.cause)) return { done: false, status: 'throttled' };
      if (error instanceof AwsCallError && error.code === 'ScanNotFoundException') {
        if (options.clock.now() - started < SCAN_START_GRACE_MS) return { done: false, status: 'scan not started' };
        return {
          done: true,
          value: {
            state: 'unavailable',
            reason: `no scan started within ${SCAN_START_GRACE_MS / 1000} s: scan on push is off for ${target.repositoryName}`,
          },
        };
      }
      throw error;
    }
    const status = answer.imageScanStatus?.status ?? 'UNKNOWN';
    if (FINISHED.has(status)) {
      return {
        done: true,
        value: { state: 'complete', counts: answer.imageScanFindings?.findingSeverityCounts ?? {} },
      };
    }
    if (WAITING.has(status)) return { done: false, status };
    const description = answer.imageScanStatus?.description;
    return { done: true, value: { state: 'unavailable', reason: description ? `${status}: ${description}` : status } };
  };
  return pollUntil(check, {
    what: `the scan-on-push findings of ${target.repositoryName}@${target.digest}`,
    deadline: started + options.timeoutMs,
    clock: options.clock,
    backoff: { baseMs: 5_000, capMs: 30_000 },
    onPending: (status) => options.onPending?.(status),
  });
}

/** Findings at or above the threshold, worst first. */
export function findingsAtOrAbove(
  counts: Partial<Record<Severity, number>>,
  threshold: Threshold,
): [Severity, number][] {
  if (threshold === 'none') return [];
  const limit = SEVERITIES.indexOf(threshold.toUpperCase() as Severity);
  return SEVERITIES.slice(0, limit + 1)
    .map((severity): [Severity, number] => [severity, counts[severity] ?? 0])
    .filter(([, count]) => count > 0);
}

/** The failure sentence for a scan that breaks the threshold, or undefined when the image may ship. */
export function scanFailure(report: ScanReport, threshold: Threshold, image: string): string | undefined {
  if (threshold === 'none' || report.state === 'skipped') return undefined;
  if (report.state === 'unavailable') {
    return `The image scan of ${image} has no findings to judge (${report.reason}); enable scan on push, or set fail-on-severity to none to ship unscanned images.`;
  }
  const over = findingsAtOrAbove(report.counts, threshold);
  if (over.length === 0) return undefined;
  const listed = over.map(([severity, count]) => `${count} ${severity}`).join(', ');
  return `The image scan of ${image} found ${listed}, at or above the fail-on-severity threshold ${threshold}; fix or upgrade the affected packages, or raise the threshold.`;
}

export function formatScan(report: ScanReport): string {
  if (report.state !== 'complete')
    return `${report.state === 'skipped' ? 'not scanned' : 'unavailable'}: ${report.reason}`;
  const found = SEVERITIES.filter((severity) => (report.counts[severity] ?? 0) > 0);
  if (found.length === 0) return 'no findings';
  return found.map((severity) => `${report.counts[severity]} ${severity.toLowerCase()}`).join(', ');
}
