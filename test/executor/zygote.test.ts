// Kernels forked from one zygote: each becomes its session's own (uid, folder, environment, limits), nothing one
// session does reaches another forked from the same zygote, and killing the zygote loses no live session.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itRequires, ROOT } from '../support/requires.js';
import { TIGHT_LIMITS, useTestExecutor } from './support/harness.js';

const env = useTestExecutor({ preloadModules: ['numpy'], maxSessions: 4, poolSize: 2 });

/** Pids of the Python processes whose working folder is `dir` (the zygote's is its private folder). */
function processesIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`) === dir;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function zygotePid(): number {
  const [pid] = processesIn(join(env.sessionsDir, '.zygote'));
  if (pid === undefined) throw new Error('no zygote is running');
  return pid;
}

describe('a forked kernel', () => {
  it('has its own folder, environment and limits, and none of the server environment', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      [
        'import os, resource',
        'print(os.getcwd())',
        'print(os.environ["HOME"], os.environ["MPLBACKEND"], os.environ["OPENBLAS_NUM_THREADS"])',
        'print(resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_NOFILE)[0])',
        'print(oct(os.umask(0o077)), os.getpid() == os.getpgid(0) == os.getsid(0))',
        'print(sorted(os.listdir("/proc/self/fd")))',
      ].join('\n'),
    );
    const own = join(env.sessionsDir, id);
    expect(reply.json.stdout.split('\n')).toEqual([
      join(own, 'work'),
      `${join(own, 'scratch')} Agg 1`,
      `${TIGHT_LIMITS.memoryBytes} ${TIGHT_LIMITS.openFiles}`,
      '0o77 True',
      // stdin, stdout, stderr, the channel, the one listing the folder and the two capture files: nothing else.
      "['0', '1', '2', '3', '4', '5', '6']",
      '',
    ]);
  });

  itRequires(ROOT, 'runs under its own uid, and cannot signal the zygote or its sibling', async () => {
    const first = await env.client.createSession();
    const second = await env.client.createSession();
    const pidOf = async (id: string) => Number((await env.client.execute(id, 'import os\nos.getpid()')).json.stdout);
    const uidOf = (pid: number) => /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    const [firstPid, secondPid] = [await pidOf(first), await pidOf(second)];
    expect(uidOf(firstPid)).not.toBe(uidOf(secondPid));
    expect(uidOf(firstPid)).not.toBe('0');
    const reply = await env.client.execute(
      first,
      [
        'import os, signal',
        `for pid in (${zygotePid()}, ${secondPid}):`,
        '    try:',
        '        os.kill(pid, signal.SIGKILL)',
        '        print("allowed")',
        '    except PermissionError:',
        '        print("refused")',
      ].join('\n'),
    );
    expect(reply.json.stdout).toBe('refused\nrefused\n');
    expect((await env.client.execute(second, '1 + 1')).json.stdout).toBe('2\n');
  });
});

describe('sessions forked from one zygote', () => {
  it('share no state: module attributes, globals, random numbers and temporary folders are their own', async () => {
    const writer = await env.client.createSession();
    const reader = await env.client.createSession();
    const state =
      'import json, numpy, random, tempfile\nprint(getattr(json, "planted", None), "planted" in globals(), tempfile.gettempdir())';
    const draw = 'print(random.random(), numpy.random.random())';
    await env.client.execute(writer, `${state}\njson.planted = 1\nplanted = 1\n${draw}`);
    const written = await env.client.execute(writer, draw);
    const read = await env.client.execute(reader, `${state}\n${draw}`);
    const [line, numbers] = read.json.stdout.trim().split('\n');
    expect(line).toBe(`None False ${join(env.sessionsDir, reader, 'scratch')}`);
    expect(written.json.stdout).not.toBe(`${numbers}\n`);
    const [python, numpy] = (numbers as string).split(' ');
    expect(written.json.stdout).not.toContain(python);
    expect(written.json.stdout).not.toContain(numpy);
  });
});

describe('the zygote', () => {
  it('can be killed without losing a live session, and is started again for the next ones', async () => {
    const live = await env.client.createSession();
    expect((await env.client.execute(live, 'kept = 41')).json.status).toBe('ok');
    const first = zygotePid();
    process.kill(first, 'SIGKILL');
    expect((await env.client.execute(live, 'kept + 1')).json.stdout).toBe('42\n');
    // Every warm kernel and more: the last ones must come from the restarted zygote.
    const fresh = [];
    for (let index = 0; index < 3; index++) fresh.push(await env.client.createSession());
    for (const id of fresh) expect((await env.client.execute(id, '6 * 7')).json.stdout).toBe('42\n');
    expect(zygotePid()).not.toBe(first);
    expect((await env.client.execute(live, 'kept')).json.stdout).toBe('41\n');
  });
});
