// The closing line must agree with the exit code whatever goes wrong: each fixture suite is run by a real vitest
// process with the reporter, and the line, the listed failures and the exit status are checked together.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = 'test/support/reporter-fixtures/vitest.config.ts';

function runFixture(name: string) {
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', config, name], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const lines = result.stdout.trimEnd().split('\n');
  const closing = lines.at(-1) ?? '';
  const counts = /^Tests: (\d+) passed, (\d+) failed, (\d+) skipped$/.exec(closing);
  if (!counts) throw new Error(`no closing line in the output of ${name}:\n${result.stdout}\n${result.stderr}`);
  const [passed, failed, skipped] = counts.slice(1).map(Number);
  const listStart = lines.indexOf('Failures outside tests:');
  const listed = listStart === -1 ? [] : lines.slice(listStart + 1, -1).map((line) => line.trim());
  return { status: result.status, passed, failed, skipped, listed };
}

describe('the closing-line reporter', () => {
  it('counts a throwing afterAll as a failure and names the file, suite and hook', () => {
    const run = runFixture('throwing-after-all');
    expect(run).toMatchObject({ status: 1, passed: 1, failed: 1, skipped: 0 });
    expect(run.listed).toEqual(['throwing-after-all.fixture.ts > cleanup: afterAll: teardown broke']);
  });

  it('counts a throwing beforeAll as a failure, and the tests it kept from running as skipped', () => {
    const run = runFixture('throwing-before-all');
    expect(run).toMatchObject({ status: 1, passed: 0, failed: 1, skipped: 1 });
    expect(run.listed).toEqual(['throwing-before-all.fixture.ts: beforeAll: setup broke']);
  });

  it('counts a module that fails to import as a failure', () => {
    const run = runFixture('failing-import');
    expect(run).toMatchObject({ status: 1, passed: 0, failed: 1, skipped: 0 });
    expect(run.listed).toEqual(['failing-import.fixture.ts: failed to load: module broke while loading']);
  });

  it('counts an unhandled rejection as a failure, even when every test passed', () => {
    const run = runFixture('unhandled-rejection');
    expect(run).toMatchObject({ status: 1, passed: 1, failed: 1, skipped: 0 });
    expect(run.listed).toEqual([
      'test/support/reporter-fixtures/unhandled-rejection.fixture.ts: unhandled error: nobody awaited me',
    ]);
  });

  it('counts skipped tests without failing the run', () => {
    expect(runFixture('skipped-test')).toMatchObject({ status: 0, passed: 1, failed: 0, skipped: 1, listed: [] });
  });

  it('counts a failed test once', () => {
    expect(runFixture('failing-test')).toMatchObject({ status: 1, passed: 1, failed: 1, skipped: 0, listed: [] });
  });

  it('says 0 failed, and exits 0, only when everything passed', () => {
    expect(runFixture('all-green')).toMatchObject({ status: 0, passed: 2, failed: 0, skipped: 0, listed: [] });
  });
});
