// What is in a session directory: a signature per regular file (size, mtime, inode), so an execute can report
// the files it created or changed, and DELETE can tell outputs from the inputs that were uploaded unchanged.
import { type BigIntStats, type Dirent, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface FileEntry {
  path: string;
  size: number;
  modified: string;
  /** Changes whenever the file is rewritten, replaced or resized. */
  signature: string;
}

export type Snapshot = Map<string, string>;

/** Enough for any real analysis; a directory tree beyond it is cut off, never walked forever. */
export const MAX_ENTRIES = 10_000;
const MAX_DEPTH = 32;

/**
 * Regular files only, sorted by path: symlinks, sockets and devices are never listed, served or uploaded.
 * Synchronous on purpose: it runs twice per execute, where thread-pool round trips cost more than the
 * microseconds each stat takes, and MAX_ENTRIES bounds the worst case.
 */
export function scanFiles(root: string): FileEntry[] {
  const found: FileEntry[] = [];
  const walk = (dir: string, prefix: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // removed meanwhile, or not readable: nothing to list
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (found.length >= MAX_ENTRIES) return;
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory() && depth < MAX_DEPTH) {
        walk(join(dir, entry.name), path, depth + 1);
      } else if (entry.isFile()) {
        const stats = lstatSync(join(dir, entry.name), { bigint: true, throwIfNoEntry: false });
        if (!stats?.isFile()) continue;
        found.push({
          path,
          size: Number(stats.size),
          modified: new Date(Number(stats.mtimeMs)).toISOString(),
          signature: signatureOf(stats),
        });
      }
    }
  };
  walk(root, '', 0);
  return found;
}

export function signatureOf(stats: BigIntStats): string {
  return `${stats.size}:${stats.mtimeNs}:${stats.ino}`;
}

export function snapshot(root: string): Snapshot {
  return new Map(scanFiles(root).map((file) => [file.path, file.signature]));
}

/** Paths created or changed between two snapshots, in path order. */
export function changedPaths(before: Snapshot, after: Snapshot): string[] {
  return [...after].filter(([path, signature]) => before.get(path) !== signature).map(([path]) => path);
}
