// Which kernel uids this executor may use: a block of UID_BLOCK uids claimed with a lock file, so two executors
// on one machine never share one (cleaning up a kernel kills every process of its uid). The lock file is created
// with O_EXCL and names its holder by pid and start time; a holder that no longer runs (its pid gone or reused)
// left a stale lock, which the next executor takes over. The same lock tells whose session folders are whose.
import { lstatSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const UID_BLOCK = 1000;
const MAX_BLOCKS = 1000;

export interface UidBlock {
  /** First uid of the block; the lock file is named after it. */
  base: number;
  release(): void;
}

/** The start time of `pid` in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined if it is gone. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const OWN_HOLDER = `${process.pid} ${startTime(process.pid)}`;

/** Whether the lock file's holder is still running; a missing or unreadable file counts as not held. */
export function heldByLiveExecutor(lockDir: string, base: number): boolean {
  let holder: string;
  try {
    holder = readFileSync(join(lockDir, lockName(base)), 'utf8');
  } catch {
    return false;
  }
  const [pid, started] = holder.split(' ');
  return started !== undefined && startTime(Number(pid)) === started;
}

function lockName(base: number): string {
  return `uids-${base}.lock`;
}

/** The lock folder must be the server user's own and writable by no one else, or anyone could forge locks. */
function ownLockDir(lockDir: string): void {
  try {
    mkdirSync(lockDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new Error(
      `The uid lock folder ${lockDir} cannot be created (${(error as Error).message}); set KERNEL_UID_LOCK_DIR.`,
    );
  }
  const stats = lstatSync(lockDir);
  if (!stats.isDirectory() || stats.uid !== process.getuid?.() || (stats.mode & 0o022) !== 0) {
    throw new Error(`The uid lock folder ${lockDir} must be a folder of the server's user that no one else can write.`);
  }
}

/** Claims the first free block of `count` uids at or above `firstUid`, aligned to UID_BLOCK. */
export function claimUidBlock(lockDir: string, firstUid: number, count: number): UidBlock {
  if (count > UID_BLOCK) {
    throw new Error(`${count} kernel uids are needed but a block holds ${UID_BLOCK}; lower MAX_SESSIONS or POOL_SIZE.`);
  }
  ownLockDir(lockDir);
  const first = Math.ceil(firstUid / UID_BLOCK);
  for (let block = first; block < first + MAX_BLOCKS; block++) {
    const base = block * UID_BLOCK;
    const path = join(lockDir, lockName(base));
    if (!tryCreate(path)) {
      if (heldByLiveExecutor(lockDir, base)) continue;
      // Stale: its executor was killed. Taken over, unless another executor took it over first.
      try {
        unlinkSync(path);
      } catch {
        // removed meanwhile
      }
      if (!tryCreate(path)) continue;
    }
    return {
      base,
      release() {
        try {
          if (readFileSync(path, 'utf8') === OWN_HOLDER) unlinkSync(path);
        } catch {
          // already gone
        }
      },
    };
  }
  throw new Error(`No kernel uid block is free in ${lockDir} from uid ${first * UID_BLOCK} on.`);
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, OWN_HOLDER, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
