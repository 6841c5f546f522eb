// What a cell printed before its kernel was killed (timeout, limit, the code itself). The kernel captures each
// cell into scratch/.cell-N.stdout and .stderr and removes them when the cell ends; files still there belong
// to the cell that never ended. Capped exactly as kernel.py caps: head and tail halves, the cut stated.
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

async function cappedText(path: string, capBytes: number): Promise<string> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const { size } = await handle.stat();
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead).toString('utf8');
    };
    if (size <= capBytes) return read(0, size);
    const half = Math.floor(capBytes / 2);
    const note = `\n... [${size - 2 * half} bytes of output omitted; ${size} bytes in total] ...\n`;
    return (await read(0, half)) + note + (await read(size - half, half));
  } finally {
    await handle.close();
  }
}

/** The unfinished cell's stdout and stderr; every leftover capture file is removed. */
export async function readUnfinishedCellOutput(
  scratchDir: string,
  capBytes: number,
): Promise<{ stdout: string; stderr: string }> {
  const names = (await readdir(scratchDir).catch(() => [] as string[])).filter((name) =>
    /^\.cell-\d+\.std(out|err)$/.test(name),
  );
  const newest = Math.max(-1, ...names.map((name) => Number(name.split('.')[1]?.slice(5))));
  const stdout = await cappedText(join(scratchDir, `.cell-${newest}.stdout`), capBytes);
  const stderr = await cappedText(join(scratchDir, `.cell-${newest}.stderr`), capBytes);
  await Promise.all(names.map((name) => rm(join(scratchDir, name), { force: true })));
  return { stdout, stderr };
}
