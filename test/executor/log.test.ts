// Structured logs: one JSON object per line, lines below the configured level dropped.
import { describe, expect, it } from 'vitest';
import { isLogLevel, jsonLogger } from '../../docker/executor/src/log.js';

describe('jsonLogger', () => {
  it('writes one JSON line per entry at or above the minimum level', () => {
    const lines: string[] = [];
    const log = jsonLogger('info', (line) => lines.push(line));
    log.log('debug', 'kernel ready', { startMs: 900 });
    log.log('warn', 'artifact upload failed', { key: 'sessions/a/b.png', attempt: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'warn',
      message: 'artifact upload failed',
      key: 'sessions/a/b.png',
      attempt: 2,
    });
  });

  it('knows the level names LOG_LEVEL may take', () => {
    expect(['debug', 'info', 'warn', 'error'].every(isLogLevel)).toBe(true);
    expect(isLogLevel('verbose')).toBe(false);
  });
});
