// Where a kernel's cells print: two files the server creates and unlinks before the kernel starts, handed to it
// as fds 5 and 6. No path leads to them, so code in the session can neither redirect them (a symlink, a FIFO)
// nor make the server open anything else; the kernel truncates them at each cell. When the kernel dies
// mid-cell the server reads what is in them, capped exactly as kernel.py caps: head and tail, the cut stated.
import { randomUUID } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface CaptureFiles {
  stdout: number;
  stderr: number;
}

function anonymousFile(dir: string): number {
  const path = join(dir, `.capture-${randomUUID()}`);
  const flags = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fd = openSync(path, flags, 0o600);
  unlinkSync(path);
  return fd;
}

/** Two unlinked files in `dir`, a directory the sessions cannot write. */
export function openCaptureFiles(dir: string): CaptureFiles {
  const stdout = anonymousFile(dir);
  try {
    return { stdout, stderr: anonymousFile(dir) };
  } catch (error) {
    closeSync(stdout);
    throw error;
  }
}

function cappedText(fd: number, capBytes: number): string {
  const { size } = fstatSync(fd);
  const read = (position: number, length: number) => {
    const buffer = Buffer.alloc(length);
    const bytesRead = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, bytesRead).toString('utf8');
  };
  if (size <= capBytes) return read(0, size);
  const half = Math.floor(capBytes / 2);
  const note = `\n... [${size - 2 * half} bytes of output omitted; ${size} bytes in total] ...\n`;
  return read(0, half) + note + read(size - half, half);
}

/** What the unfinished cell printed; the files are closed afterwards. */
export function readAndCloseCapture(files: CaptureFiles, capBytes: number): { stdout: string; stderr: string } {
  try {
    return { stdout: cappedText(files.stdout, capBytes), stderr: cappedText(files.stderr, capBytes) };
  } finally {
    closeSync(files.stdout);
    closeSync(files.stderr);
  }
}
