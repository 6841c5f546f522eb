// npm run check's closing line agrees with its exit status whichever step failed.
import { describe, expect, it } from 'vitest';
import { parsePhases, summarize } from '../../scripts/check/summary.mjs';

const step = (name: string, code: number, extra: { tests?: boolean; tail?: string } = {}) => ({
  name,
  code,
  seconds: 1.5,
  ...extra,
});
const tests = (code: number, tail: string) => step('tests', code, { tests: true, tail });
const closingOf = (lines: string[]) => lines.at(-1);

describe('npm run check summary', () => {
  it('passes with the tests own counts when every step passed', () => {
    const { lines, exitCode } = summarize([
      step('typecheck', 0),
      tests(0, 'x\nTests: 12 passed, 0 failed, 2 skipped\n'),
    ]);
    expect(exitCode).toBe(0);
    expect(closingOf(lines)).toBe('Tests: 12 passed, 0 failed, 2 skipped');
  });

  it('counts a failed step beside green tests, and names it', () => {
    const { lines, exitCode } = summarize([
      step('typecheck', 2),
      step('lint', 0),
      tests(0, 'Tests: 12 passed, 0 failed, 0 skipped'),
    ]);
    expect(exitCode).toBe(1);
    expect(lines).toContain('failed step: typecheck (exit 2)');
    expect(closingOf(lines)).toBe('Tests: 12 passed, 1 failed, 0 skipped');
  });

  it('counts tests that crashed without a closing line as a failure', () => {
    const { lines, exitCode } = summarize([step('lint', 0), tests(134, 'Segmentation fault')]);
    expect(exitCode).toBe(1);
    expect(closingOf(lines)).toBe('Tests: 0 passed, 1 failed, 0 skipped');
  });

  it('adds failed steps to failed tests', () => {
    const { lines, exitCode } = summarize([step('cfn-lint', 1), tests(1, 'Tests: 3 passed, 2 failed, 0 skipped')]);
    expect(exitCode).toBe(1);
    expect(closingOf(lines)).toBe('Tests: 3 passed, 3 failed, 0 skipped');
  });

  it('lists the set-up phases .ci/run timed before the checks, with a total', () => {
    const { lines } = summarize([tests(0, 'Tests: 1 passed, 0 failed, 0 skipped')], parsePhases('apt=4;npm ci=20'));
    expect(lines.some((line) => /^ {2}apt +4\.0 s {2}ok$/.test(line))).toBe(true);
    expect(lines.some((line) => /^ {2}npm ci +20\.0 s {2}ok$/.test(line))).toBe(true);
    expect(lines.some((line) => /^ {2}total +25\.5 s$/.test(line))).toBe(true);
  });
});
