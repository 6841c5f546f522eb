// The lab's teardown leaves nothing behind: no mount, loop device, process or folder, whatever still holds it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect } from 'vitest';
import { itRequires, ROOT } from '../support/requires.js';
import { exec } from './support/processes.js';
import { mountsBelow, ownerFile, processesHolding, removeLabFolder, sweepStaleLabs } from './support/teardown.js';

const PREFIX = 'bm-teardown-test-';
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** A folder held the way a container store holds one: nested mounts and a process working inside it. */
async function heldFolder(parent = tmpdir()): Promise<{ dir: string; holder: ChildProcess }> {
  const dir = mkdtempSync(join(parent, PREFIX));
  mkdirSync(join(dir, 'layer', 'merged'), { recursive: true });
  await exec('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', join(dir, 'layer')]);
  mkdirSync(join(dir, 'layer', 'merged'));
  await exec('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', join(dir, 'layer', 'merged')]);
  writeFileSync(join(dir, 'layer', 'merged', 'file'), 'data');
  const holder = spawn('sleep', ['300'], { cwd: join(dir, 'layer', 'merged'), stdio: 'ignore' });
  started.push(holder);
  return { dir, holder };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe('the image lab teardown', () => {
  itRequires(ROOT, 'removes a folder held by nested mounts and a process working in it', async () => {
    const { dir, holder } = await heldFolder();
    expect(mountsBelow(dir)).toHaveLength(2);
    expect(processesHolding(dir)).toContain(holder.pid);

    await removeLabFolder(dir, 30_000);
    await exited(holder);

    expect(existsSync(dir)).toBe(false);
    expect(mountsBelow(dir)).toEqual([]);
    expect(holder.signalCode).not.toBeNull();
  });

  itRequires(ROOT, 'detaches a loop device backed by a file in the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), PREFIX));
    const image = join(dir, 'disk.img');
    writeFileSync(image, Buffer.alloc(1024 * 1024));
    const attach = await exec('losetup', ['--find', '--show', image], { allowFailure: true });
    if (attach.code !== 0) {
      // No loop devices in this sandbox (a container without /dev/loop-control): nothing can be attached either.
      expect(attach.stderr).toMatch(/loop|permission|No such/i);
      await removeLabFolder(dir, 30_000);
      expect(existsSync(dir)).toBe(false);
      return;
    }
    await removeLabFolder(dir, 30_000);
    const left = await exec('losetup', ['--list', '--noheadings', '--output', 'BACK-FILE'], { allowFailure: true });
    expect(left.stdout).not.toContain(image);
    expect(existsSync(dir)).toBe(false);
  });

  itRequires(ROOT, 'sweeps the folders of runs that died and keeps the ones of live runs', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'bm-teardown-parent-'));
    const { dir: dead, holder } = await heldFolder(parent);
    const finished = spawn('true');
    await exited(finished);
    writeFileSync(ownerFile(dead), `${finished.pid}\n`);
    const live = mkdtempSync(join(parent, PREFIX));
    writeFileSync(ownerFile(live), `${process.pid}\n`);

    expect(await sweepStaleLabs(parent, PREFIX)).toEqual([dead]);
    await exited(holder);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    await removeLabFolder(parent, 30_000);
  });
});
