// File access confined to a session's directory. The code in the session controls that directory, so every
// path is checked twice: the name is validated before use, and the file actually opened is located through
// /proc/self/fd afterwards, which catches symlinked components and swaps made between check and open.
import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readlink, realpath, unlink } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

export class PathError extends Error {
  constructor(
    readonly code: 'invalid_path' | 'path_not_allowed' | 'file_not_found',
    message: string,
  ) {
    super(message);
  }
}

const MAX_PATH_LENGTH = 1024;

/** A relative path inside the session directory, or a PathError naming what is wrong with it. */
export function parseRelativePath(raw: string): string {
  if (raw === '' || raw.length > MAX_PATH_LENGTH) {
    throw new PathError('invalid_path', `A file path must be 1 to ${MAX_PATH_LENGTH} characters long.`);
  }
  if (raw.includes('\0') || raw.includes('\\')) {
    throw new PathError('invalid_path', 'A file path may not contain NUL characters or backslashes.');
  }
  if (raw.startsWith('/')) {
    throw new PathError(
      'path_not_allowed',
      `The path ${JSON.stringify(raw)} is absolute; give it relative to the session directory.`,
    );
  }
  const parts = raw.split('/');
  if (parts.some((part) => part === '..' || part === '.' || part === '')) {
    throw new PathError('path_not_allowed', `The path ${JSON.stringify(raw)} has an empty, "." or ".." segment.`);
  }
  return parts.join('/');
}

/** The real location of an open file descriptor, as the kernel sees it. */
async function locationOf(handle: FileHandle): Promise<string> {
  return readlink(`/proc/self/fd/${handle.fd}`);
}

/** Closes the handle and refuses when the opened file is not inside root; `created` files are removed again. */
async function assertInside(root: string, handle: FileHandle, path: string, created = false): Promise<void> {
  const realRoot = await realpath(root);
  const location = await locationOf(handle);
  if (!location.startsWith(realRoot + sep)) {
    await handle.close();
    if (created) await unlink(location).catch(() => {});
    throw new PathError('path_not_allowed', `The path ${JSON.stringify(path)} leads outside the session directory.`);
  }
}

/** Opens an existing regular file for reading; symlinks are refused at the last component and caught anywhere. */
export async function openConfinedForRead(root: string, path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(join(root, path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new PathError('file_not_found', `The session has no file ${JSON.stringify(path)}.`);
    }
    if (code === 'ELOOP') {
      throw new PathError('path_not_allowed', `The path ${JSON.stringify(path)} is a symbolic link.`);
    }
    throw error;
  }
  await assertInside(root, handle, path);
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new PathError('file_not_found', `The path ${JSON.stringify(path)} is not a regular file.`);
  }
  return handle;
}

/**
 * Creates the missing parent directories of `path`, refusing any existing component that is not a real
 * directory. `onCreated` hands each new directory to the session's user.
 */
export async function makeConfinedParents(
  root: string,
  path: string,
  onCreated: (dir: string) => Promise<void>,
): Promise<void> {
  const parts = dirname(path) === '.' ? [] : dirname(path).split('/');
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    const stats = await lstat(current).catch(() => undefined);
    if (stats === undefined) {
      await mkdir(current, { mode: 0o700 });
      await onCreated(current);
    } else if (!stats.isDirectory()) {
      throw new PathError(
        'path_not_allowed',
        `The path ${JSON.stringify(path)} goes through a non-directory or a symbolic link.`,
      );
    }
  }
}

/** Creates a new file exclusively (never following or replacing anything) and checks where it landed. */
export async function createConfinedFile(root: string, path: string): Promise<FileHandle> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(join(root, path), flags, 0o600);
  await assertInside(root, handle, path, true);
  return handle;
}
