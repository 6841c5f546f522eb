// Path validation and confinement of the files API, on a real directory with real symlinks.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createConfinedFile,
  makeConfinedParents,
  openConfinedForRead,
  PathError,
  parseRelativePath,
} from '../../docker/executor/src/confined-fs.js';

const base = mkdtempSync(join(tmpdir(), 'executor-confined-'));
const root = join(base, 'work');
const outside = join(base, 'outside');
mkdirSync(root);
mkdirSync(outside);
writeFileSync(join(outside, 'secret.txt'), 'secret');
writeFileSync(join(root, 'inside.txt'), 'inside');
symlinkSync(outside, join(root, 'link-dir'));
symlinkSync(join(outside, 'secret.txt'), join(root, 'link-file'));

afterAll(() => rmSync(base, { recursive: true, force: true }));

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof PathError ? error.code : String(error);
  }
}

async function asyncCodeOf(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return error instanceof PathError ? error.code : String(error);
  }
}

describe('parseRelativePath', () => {
  it('accepts nested relative paths with unicode names', () => {
    expect(parseRelativePath('reports/월간 보고서.pdf')).toBe('reports/월간 보고서.pdf');
  });

  it.each([
    ['', 'invalid_path'],
    ['a\0b', 'invalid_path'],
    ['a\\b', 'invalid_path'],
    ['x'.repeat(1025), 'invalid_path'],
    ['/etc/passwd', 'path_not_allowed'],
    ['../x', 'path_not_allowed'],
    ['a/../../x', 'path_not_allowed'],
    ['a//b', 'path_not_allowed'],
    ['./a', 'path_not_allowed'],
    ['a/', 'path_not_allowed'],
  ])('refuses %j as %s', (path, code) => {
    expect(codeOf(() => parseRelativePath(path))).toBe(code);
  });
});

describe('confined access', () => {
  it('reads a regular file inside the root', async () => {
    const handle = await openConfinedForRead(root, 'inside.txt');
    expect((await handle.readFile()).toString()).toBe('inside');
    await handle.close();
  });

  it('refuses a symlink as the last component and one leading out in the middle', async () => {
    expect(await asyncCodeOf(() => openConfinedForRead(root, 'link-file'))).toBe('path_not_allowed');
    expect(await asyncCodeOf(() => openConfinedForRead(root, 'link-dir/secret.txt'))).toBe('path_not_allowed');
  });

  it('answers file_not_found for a missing file or a directory', async () => {
    expect(await asyncCodeOf(() => openConfinedForRead(root, 'missing.txt'))).toBe('file_not_found');
    mkdirSync(join(root, 'folder'), { recursive: true });
    expect(await asyncCodeOf(() => openConfinedForRead(root, 'folder'))).toBe('file_not_found');
  });

  it('creates missing parents, but never through a symlinked directory', async () => {
    const created: string[] = [];
    await makeConfinedParents(root, 'new/deeper/file.txt', async (dir) => {
      created.push(dir);
    });
    expect(created).toEqual([join(root, 'new'), join(root, 'new/deeper')]);
    expect(await asyncCodeOf(() => makeConfinedParents(root, 'link-dir/x/file.txt', async () => {}))).toBe(
      'path_not_allowed',
    );
  });

  it('creates a file exclusively and removes one that landed outside the root', async () => {
    const handle = await createConfinedFile(root, 'new/deeper/file.txt');
    await handle.close();
    expect(await asyncCodeOf(() => createConfinedFile(root, 'new/deeper/file.txt'))).toContain('EEXIST');
    expect(await asyncCodeOf(() => createConfinedFile(root, 'link-dir/planted.txt'))).toBe('path_not_allowed');
    expect(await asyncCodeOf(() => openConfinedForRead(outside, 'planted.txt'))).toBe('file_not_found');
  });
});
