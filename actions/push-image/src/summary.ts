// The step summary of one push: what was pushed (or found), where, how big, for which platform, and its scan.
import { formatDuration } from '../../lib/poll.js';
import { codeBlock, heading, table } from '../../lib/summary.js';
import { formatPlatform } from './manifest.js';
import type { PushResult } from './push.js';
import { formatScan } from './scan.js';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function pushSummary(result: PushResult, elapsedMs: number): string {
  const { remote } = result;
  const verb = result.skipped
    ? 'already in the registry, not rebuilt'
    : `built and pushed in ${formatDuration(elapsedMs)}`;
  return [
    heading(`push-image: ${result.image.split('@')[0]}:${result.tag}`),
    `Image ${verb}.`,
    table(
      ['', ''],
      [
        ['tag', result.tag],
        ['digest', result.digest],
        ['platform', formatPlatform(remote.platform)],
        ['size (compressed)', formatBytes(remote.sizeBytes)],
        ['layers', String(remote.manifest.layers.length)],
        ['scan', formatScan(result.scan)],
      ],
    ),
    codeBlock(result.image),
    ...(result.scanFailure ? [`**Failed:** ${result.scanFailure}`] : []),
  ].join('\n\n');
}
