// What is in a session directory: a signature per regular file (size, mtime, inode), so an execute can report
// the files it created or changed, and DELETE can tell outputs from the inputs that were uploaded unchanged.
import type { BigIntStats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
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
const MAX_ENTRIES = 10_000;
const MAX_DEPTH = 16;

/** Regular files only, sorted by path: symlinks, sockets and devices are never listed, served or uploaded. */
export async function scanFiles(root: string): Promise<FileEntry[]> {
  const found: FileEntry[] = [];
  const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (found.length >= MAX_ENTRIES) return;
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory() && depth < MAX_DEPTH) {
        await walk(join(dir, entry.name), path, depth + 1);
      } else if (entry.isFile()) {
        const stats = await lstat(join(dir, entry.name), { bigint: true }).catch(() => undefined);
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
  await walk(root, '', 0);
  return found;
}

export function signatureOf(stats: BigIntStats): string {
  return `${stats.size}:${stats.mtimeNs}:${stats.ino}`;
}

export async function snapshot(root: string): Promise<Snapshot> {
  return new Map((await scanFiles(root)).map((file) => [file.path, file.signature]));
}

/** Paths created or changed between two snapshots, in path order. */
export function changedPaths(before: Snapshot, after: Snapshot): string[] {
  return [...after].filter(([path, signature]) => before.get(path) !== signature).map(([path]) => path);
}
