// Disk space: a session's folder may not grow past its quota while its code runs, and no session opens when
// the task's disk is nearly full. Usage counts what each file occupies or claims, whichever is larger (a
// sparse file still becomes a full-size artifact), and never follows a symlink.
import type { Dirent } from 'node:fs';
import { lstat, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';

const MAX_ENTRIES = 100_000;

/** Bytes under `root`; a tree past MAX_ENTRIES counts as what was measured so far. */
export async function diskUsage(root: string): Promise<number> {
  let total = 0;
  let seen = 0;
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined && seen < MAX_ENTRIES; dir = pending.pop()) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) break;
      const path = join(dir, entry.name);
      const stats = await lstat(path).catch(() => undefined);
      if (!stats) continue;
      total += Math.max(stats.size, stats.blocks * 512);
      if (stats.isDirectory()) pending.push(path);
    }
  }
  return total;
}

/**
 * Measures `root` every `intervalMs` until stopped; calls `onExceeded` once when usage passes `quotaBytes`.
 * Returns the function that stops the watch.
 */
export function watchDiskQuota(
  root: string,
  quotaBytes: number,
  intervalMs: number,
  onExceeded: (usage: number) => void,
): () => void {
  let measuring = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (measuring) return;
    measuring = true;
    void diskUsage(root).then((usage) => {
      measuring = false;
      if (stopped || usage <= quotaBytes) return;
      stopped = true;
      clearInterval(timer);
      onExceeded(usage);
    });
  }, intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** Bytes an unprivileged writer can still use on the file system holding `dir`. */
export async function freeDiskBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}
