// How many sessions a task holds: its memory (the cgroup's limit when there is one — Fargate's task size —
// else the machine's) less a reserve for the server and the zygote, divided by what one session may use.
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

const MIB = 1024 * 1024;
/** The server, the zygote and the page cache the sessions' files need. */
export const RESERVED_BYTES = 512 * MIB;

/** cgroup v2 memory.max, else cgroup v1 memory.limit_in_bytes, else the machine's memory. */
export function taskMemoryBytes(): number {
  for (const path of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const limit = Number(readFileSync(path, 'utf8').trim());
      // "max", or v1's "no limit" (a huge number): no cgroup limit.
      if (Number.isSafeInteger(limit) && limit > 0 && limit < totalmem()) return limit;
    } catch {
      // not this cgroup version
    }
  }
  return totalmem();
}

/** At least one session; none past what the memory holds once the reserve is set aside. */
export function sessionsFor(memoryBytes: number, sessionMemoryBytes: number): number {
  return Math.max(1, Math.floor((memoryBytes - RESERVED_BYTES) / sessionMemoryBytes));
}
