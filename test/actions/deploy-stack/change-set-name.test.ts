import { describe, expect, it } from 'vitest';
import { changeSetName } from '../../../actions/deploy-stack/src/change-set.js';

const NOW = Date.parse('2026-01-01T00:00:00.123Z');

describe('change-set names', () => {
  it('carry the run id and attempt, so two runs in one second differ', () => {
    const first = changeSetName(NOW, { GITHUB_RUN_ID: '1001', GITHUB_RUN_ATTEMPT: '1' }, 'aaaaaaaa');
    const retry = changeSetName(NOW, { GITHUB_RUN_ID: '1001', GITHUB_RUN_ATTEMPT: '2' }, 'aaaaaaaa');
    expect(first).toBe('deploy-stack-20260101000000-1001-1-aaaaaaaa');
    expect(retry).not.toBe(first);
  });

  it('differ by a random suffix outside GitHub, and stay valid CloudFormation names', () => {
    const names = new Set([changeSetName(NOW, {}), changeSetName(NOW, {}), changeSetName(NOW, {})]);
    expect(names.size).toBe(3);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/);
    expect(changeSetName(NOW, { GITHUB_RUN_ID: 'x;y' }, 'bbbbbbbb')).toBe('deploy-stack-20260101000000-bbbbbbbb');
  });
});
