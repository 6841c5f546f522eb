import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectRoot = resolve(import.meta.dirname, '../..');

describe('npm run check-dist', () => {
  let root: string;

  beforeAll(() => {
    // A project of one small action, bundled with the real build script and the real node_modules.
    root = mkdtempSync(join(tmpdir(), 'check-dist-project-'));
    mkdirSync(join(root, 'actions', 'probe', 'src'), { recursive: true });
    mkdirSync(join(root, 'scripts'));
    symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'));
    for (const script of ['build.mjs', 'bundles.mjs', 'check-dist.mjs']) {
      copyFileSync(join(projectRoot, 'scripts', script), join(root, 'scripts', script));
    }
    writeFileSync(
      join(root, 'actions', 'probe', 'src', 'index.ts'),
      'export const answer: number = 42;\nconsole.log(answer);\n',
    );
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function check() {
    return spawnSync(process.execPath, [join(root, 'scripts', 'check-dist.mjs')], { encoding: 'utf8' });
  }

  it('passes when the committed bundle matches a fresh build', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('dist up to date: actions/probe/dist/index.js');
    expect(result.status).toBe(0);
  });

  it('fails, naming the bundle, when the source changed after the last build', () => {
    appendFileSync(join(root, 'actions', 'probe', 'src', 'index.ts'), 'console.log(answer + 1);\n');
    const result = check();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'stale: actions/probe/dist/index.js does not match a fresh build of actions/probe/src/index.ts',
    );
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'probe'], { cwd: root });
    expect(check().status).toBe(0);
  });

  it('fails when the bundle was edited by hand or is missing', () => {
    const dist = join(root, 'actions', 'probe', 'dist', 'index.js');
    appendFileSync(dist, '// edited\n');
    expect(check().status).toBe(1);
    rmSync(dist);
    expect(check().stderr).toContain('stale: actions/probe/dist/index.js');
  });
});
