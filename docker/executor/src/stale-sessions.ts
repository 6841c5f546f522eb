// Session folders a killed predecessor left behind: removed at start. Each session folder holds an `.executor`
// file (root's, in a folder the session cannot write) naming the uid block of the executor that made it; a folder
// whose block is ours (we just took it over) or whose block's lock no live executor holds is stale. A folder
// without the file is removed only once it is a minute old: a live executor writes it right after creating it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { heldByLiveExecutor } from './uid-lock.js';

export const OWNER_FILE = '.executor';
const SESSION_DIR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNMARKED_GRACE_MS = 60_000;

function isStale(dir: string, lockDir: string, ownBase: number): boolean {
  let owner: number;
  try {
    owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
  } catch {
    try {
      return Date.now() - statSync(dir).mtimeMs > UNMARKED_GRACE_MS;
    } catch {
      return false;
    }
  }
  return owner === ownBase || !heldByLiveExecutor(lockDir, owner);
}

/** Removes the stale session folders in `sessionsDir`; returns how many. */
export async function removeStaleSessions(sessionsDir: string, lockDir: string, ownBase: number): Promise<number> {
  const stale = readdirSync(sessionsDir)
    .filter((name) => SESSION_DIR.test(name))
    .map((name) => join(sessionsDir, name))
    .filter((dir) => isStale(dir, lockDir, ownBase));
  await Promise.all(stale.map((dir) => rm(dir, { recursive: true, force: true })));
  return stale.length;
}
