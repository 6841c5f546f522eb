// Capacity follows memory: sessions per task from the task's memory and what one session may use, unless
// MAX_SESSIONS says otherwise.
import { describe, expect, it } from 'vitest';
import { RESERVED_BYTES, sessionsFor, taskMemoryBytes } from '../../docker/executor/src/capacity.js';
import { resolveConfig } from '../../docker/executor/src/config.js';

const MIB = 1024 * 1024;

describe('capacity', () => {
  it('divides the memory left after the reserve by what a session may use, and holds at least one', () => {
    expect(sessionsFor(RESERVED_BYTES + 4096 * MIB, 256 * MIB)).toBe(16);
    expect(sessionsFor(RESERVED_BYTES + 1000 * MIB, 256 * MIB)).toBe(3);
    expect(sessionsFor(RESERVED_BYTES, 256 * MIB)).toBe(1);
  });

  it('derives MAX_SESSIONS from the task memory unless it is given', () => {
    const derived = resolveConfig({ sessionMemoryBytes: 128 * MIB }).maxSessions;
    expect(derived).toBe(Math.min(sessionsFor(taskMemoryBytes(), 128 * MIB), 1000 - 2 * 2));
    expect(resolveConfig({ sessionMemoryBytes: 128 * MIB, maxSessions: 3 }).maxSessions).toBe(3);
  });
});
