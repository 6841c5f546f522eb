// The executor's Python files (python/*.py) where every kernel can read them. A kernel imports from that folder
// after it has dropped to its session's uid (manus_report, when a cell builds a report), but a checkout may lie
// below a folder only its owner can enter (a clone in a 0700 home or mktemp folder). So an executor running as
// root copies them beside the sessions: readable by every uid, writable by root alone.
import { chmod, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export async function publishPythonDir(source: string, target: string): Promise<void> {
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { mode: 0o755 });
  // mkdir's mode passes through the umask; the folder must be exactly this.
  await chmod(target, 0o755);
  for (const name of await readdir(source)) {
    if (!name.endsWith('.py')) continue;
    await copyFile(join(source, name), join(target, name));
    await chmod(join(target, name), 0o644);
  }
}
