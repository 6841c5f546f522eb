// A session reaches nothing but its own files: what a cell prints cannot be redirected at the server's files or
// wedge it, the shared temporary folders pass nothing between sessions, and /proc reveals no other session.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { itRequires, ROOT } from '../support/requires.js';
import { TOKEN, useTestExecutor } from './support/harness.js';

const env = useTestExecutor({ preloadModules: [], maxSessions: 6, poolSize: 2 });
const outside = mkdtempSync(join(tmpdir(), 'executor-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

/** Code that plants `plant(path)` at every name a capture file ever had, then kills its own kernel. */
function plantAtCaptureNames(plant: string): string {
  return [
    'import os, signal',
    'print("before the swap")',
    'scratch = os.environ["TMPDIR"]',
    'for number in range(1, 30):',
    '    for stream in ("stdout", "stderr"):',
    '        path = os.path.join(scratch, f".cell-{number}.{stream}")',
    '        try:',
    '            os.unlink(path)',
    '        except FileNotFoundError:',
    '            pass',
    `        ${plant}`,
    'os.kill(os.getpid(), signal.SIGKILL)',
  ].join('\n');
}

/** The reply, or "no answer" when none came within 20 s (a wedged server). */
async function answerWithin20s<T>(reply: Promise<T>): Promise<T | 'no answer'> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'no answer'>((resolve) => {
    timer = setTimeout(() => resolve('no answer'), 20_000);
  });
  try {
    return await Promise.race([reply, expired]);
  } finally {
    clearTimeout(timer);
  }
}

describe('output capture', () => {
  it('never returns the target of a symlink planted where the cell output used to be captured', async () => {
    const secret = join(outside, 'secret.txt');
    writeFileSync(secret, 'ROOT ONLY CONTENT');
    chmodSync(secret, 0o600);
    const id = await env.client.createSession();
    const reply = await env.client.execute(id, plantAtCaptureNames(`os.symlink(${JSON.stringify(secret)}, path)`));
    expect(reply.json.error.type).toBe('KernelDied');
    expect([reply.json.stdout, reply.json.stderr]).toEqual(['before the swap\n', '']);
    expect((await env.client.execute(id, '6 * 7')).json.stdout).toBe('42\n');
  });

  it('answers a cell that left FIFOs at the capture names, and the session can still be deleted', async () => {
    const id = await env.client.createSession();
    const reply = await answerWithin20s(env.client.execute(id, plantAtCaptureNames('os.mkfifo(path)')));
    expect(reply === 'no answer' ? reply : [reply.json.error.type, reply.json.stdout]).toEqual([
      'KernelDied',
      'before the swap\n',
    ]);
    const deleted = await answerWithin20s(env.client.request('DELETE', `/sessions/${id}`));
    expect(deleted === 'no answer' ? deleted : deleted.status).toBe(200);
  });
});

describe('shared places', () => {
  itRequires(ROOT, 'keeps what a session writes to /tmp, /var/tmp and /dev/shm from every other session', async () => {
    const writer = await env.client.createSession();
    const reader = await env.client.createSession();
    const names = ['/tmp', '/var/tmp', '/dev/shm'].map((dir) => `${dir}/executor-${writer}`);
    try {
      const wrote = await env.client.execute(
        writer,
        `for path in ${JSON.stringify(names)}:\n    open(path, "w").write("from the writer")`,
      );
      expect(wrote.json.status).toBe('ok');
      const read = await env.client.execute(
        reader,
        [
          `for path in ${JSON.stringify(names)}:`,
          '    try:',
          '        print(open(path).read())',
          '    except PermissionError:',
          '        print("refused")',
        ].join('\n'),
      );
      expect(read.json.stdout).toBe('refused\nrefused\nrefused\n');
    } finally {
      for (const name of names) rmSync(name, { force: true });
    }
  });

  itRequires(
    ROOT,
    'gives each session private temporary, home and cache folders of its own uid, mode 0700',
    async () => {
      const id = await env.client.createSession();
      const reply = await env.client.execute(
        id,
        [
          'import os, tempfile',
          'for place in (tempfile.gettempdir(), os.path.expanduser("~"), *(os.environ[name] for name in ("MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"))):',
          '    print(os.path.realpath(place))',
          'print(os.getuid())',
        ].join('\n'),
      );
      const lines = reply.json.stdout.trim().split('\n');
      const uid = Number(lines.pop());
      const own = join(env.sessionsDir, id);
      for (const place of lines) expect(place.startsWith(`${own}/`), place).toBe(true);
      for (const dir of ['work', 'scratch']) {
        const stats = statSync(join(own, dir));
        expect([dir, stats.mode & 0o777, stats.uid]).toEqual([dir, 0o700, uid]);
      }
    },
  );
});

describe('/proc', () => {
  it('shows no session id, session folder or token in any command line', async () => {
    const other = await env.client.createSession();
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      [
        'import os',
        'lines = []',
        'for pid in filter(str.isdigit, os.listdir("/proc")):',
        '    try:',
        '        lines.append(open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\\0", b" ").decode())',
        '    except OSError:',
        '        pass',
        'print(len(lines))',
        'print("\\n".join(lines))',
      ].join('\n'),
    );
    expect(Number(reply.json.stdout.split('\n')[0])).toBeGreaterThan(1);
    for (const hidden of [other, id, env.sessionsDir, TOKEN]) expect(reply.json.stdout).not.toContain(hidden);
  });
});
