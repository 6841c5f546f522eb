// What prompt-injected code might try, against the real server and real kernels: each case must be contained
// and leave the server, the session and the other sessions working.
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { itRequires, ROOT } from '../support/requires.js';
import { TOKEN, useTestExecutor } from './support/harness.js';

// Nothing here needs pandas: kernels that skip the scientific imports start in milliseconds.
const env = useTestExecutor({
  preloadModules: [],
  maxSessions: 8,
  poolSize: 2,
  maxUploadBytes: 1024 * 1024,
  limits: { fileSizeBytes: 128 * 1024 * 1024 },
});

/** A GET sent exactly as written: fetch() would normalize dot segments before sending. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(env.executor.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, headers: { authorization: `Bearer ${TOKEN}` } }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

async function expectHealthyKernel(id: string): Promise<void> {
  const reply = await env.client.execute(id, '6 * 7');
  expect(reply.json).toMatchObject({ status: 'ok', stdout: '42\n' });
}

describe('runaway code', () => {
  it('stops an infinite loop at the wall-clock timeout, keeps the files and replaces the kernel', async () => {
    const id = await env.client.createSession();
    await env.client.execute(id, 'state = 1\nopen("kept.txt", "w").write("still here")');
    const reply = await env.client.execute(id, 'print("started the loop")\nwhile True:\n    pass', 1);
    expect(reply.status).toBe(200);
    expect(reply.json.status).toBe('timeout');
    expect(reply.json.stdout).toBe('started the loop\n');
    expect(reply.json.error.type).toBe('Timeout');
    expect(reply.json.error.message).toContain('longer than 1 s');
    await expectHealthyKernel(id);
    expect((await env.client.execute(id, 'state')).json.error.type).toBe('NameError');
    expect((await env.client.get(id, 'kept.txt')).text).toBe('still here');
  });

  it('turns a memory bomb into a MemoryError in the cell', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      'hoard = []\nwhile True:\n    hoard.append(bytearray(64 * 1024 * 1024))',
    );
    expect(reply.json.status).toBe('error');
    expect(reply.json.error.type).toBe('MemoryError');
    await expectHealthyKernel(id);
  });

  it('contains a fork bomb within the process limit', async () => {
    const id = await env.client.createSession();
    const other = await env.client.createSession();
    const reply = await env.client.execute(id, 'import os\nwhile True:\n    os.fork()', 10);
    expect(reply.status).toBe(200);
    expect(['error', 'timeout']).toContain(reply.json.status);
    if (reply.json.status === 'error') expect(reply.json.error.type).toBe('BlockingIOError');
    await expectHealthyKernel(id);
    await expectHealthyKernel(other);
  });

  it('keeps the head and the tail of 100 MB of output and states the cut', async () => {
    const id = await env.client.createSession();
    const code = [
      'import sys',
      'sys.stdout.write("FIRST LINE\\n")',
      'block = ("x" * 1023 + "\\n") * 1024',
      'for _ in range(100):',
      '    sys.stdout.write(block)',
      'print("LAST LINE")',
    ].join('\n');
    const reply = await env.client.execute(id, code);
    expect(reply.json.status).toBe('ok');
    const stdout: string = reply.json.stdout;
    expect(stdout.startsWith('FIRST LINE\n')).toBe(true);
    expect(stdout.endsWith('LAST LINE\n')).toBe(true);
    expect(stdout).toMatch(/\[\d+ bytes of output omitted; 104857621 bytes in total\]/);
    expect(stdout.length).toBeLessThan(70 * 1024);
  });

  it('reports code that kills its own kernel, and a fresh kernel takes over', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      'import os, signal, sys\nprint("last words", file=sys.stderr)\nos.kill(os.getpid(), signal.SIGKILL)',
    );
    expect(reply.json.status).toBe('error');
    expect(reply.json.stderr).toBe('last words\n');
    expect(reply.json.error.type).toBe('KernelDied');
    expect(reply.json.error.message).toContain('SIGKILL');
    await expectHealthyKernel(id);
  });

  it('treats exit() as an error of the cell, not the end of the kernel', async () => {
    const id = await env.client.createSession();
    await env.client.execute(id, 'kept = "yes"');
    const reply = await env.client.execute(id, 'exit(3)');
    expect(reply.json.error.type).toBe('SystemExit');
    expect((await env.client.execute(id, 'kept')).json.stdout).toBe("'yes'\n");
  });
});

describe('confinement', () => {
  it('refuses traversal and absolute paths in the files API', async () => {
    const id = await env.client.createSession();
    for (const path of ['..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', 'a%2F..%2F..%2Fx', 'a%00b']) {
      const read = await env.client.get(id, path);
      expect([path, read.status]).toEqual([path, 400]);
      const write = await env.client.put(id, path, 'owned');
      expect([path, write.status]).toEqual([path, 400]);
    }
    expect(existsSync(`${env.sessionsDir}/x`)).toBe(false);
  });

  it('refuses symlinks leading out of the session, and never follows one when writing or uploading', async () => {
    const passwd = readFileSync('/etc/passwd');
    const id = await env.client.createSession();
    const made = await env.client.execute(
      id,
      'import os\nos.symlink("/etc", "etc")\nos.symlink("/etc/passwd", "passwd")\nopen("real.txt", "w").write("mine")',
    );
    expect(made.json.files).toEqual(['real.txt']);
    expect((await env.client.get(id, 'passwd')).json.error).toBe('path_not_allowed');
    expect((await env.client.get(id, 'etc/passwd')).json.error).toBe('path_not_allowed');
    expect((await env.client.put(id, 'etc/evil.conf', 'x')).json.error).toBe('path_not_allowed');
    expect(existsSync('/etc/evil.conf')).toBe(false);
    // A PUT onto the planted link replaces the link; the file it pointed to is untouched.
    expect((await env.client.put(id, 'passwd', 'replaced')).status).toBe(201);
    expect(readFileSync('/etc/passwd').equals(passwd)).toBe(true);
    const listing = await env.client.request('GET', `/sessions/${id}/files`);
    expect(listing.json.files.map((file: { path: string }) => file.path)).toEqual(['passwd', 'real.txt']);
    const closed = await env.client.request('DELETE', `/sessions/${id}`);
    expect(closed.json.artifacts.map((artifact: { key: string }) => artifact.key)).toEqual([`sessions/${id}/real.txt`]);
  });

  it('does not serve one session the files of another', async () => {
    const owner = await env.client.createSession();
    const intruder = await env.client.createSession();
    await env.client.put(owner, 'secret.txt', 'owner only');
    const viaApi = await env.client.get(intruder, `..%2F..%2F${owner}%2Fwork%2Fsecret.txt`);
    expect(viaApi.status).toBe(400);
    const viaRoute = await env.client.get(intruder, 'secret.txt');
    expect(viaRoute.status).toBe(404);
  });

  it('never resolves dot segments of a raw request path into another session', async () => {
    const owner = await env.client.createSession();
    const intruder = await env.client.createSession();
    await env.client.put(owner, 'secret.txt', 'owner only');
    for (const dots of ['..', '%2e%2e', '.%2E']) {
      const path = `/sessions/${intruder}/files/${dots}/${dots}/${owner}/files/secret.txt`;
      const reply = await rawGet(path);
      expect([dots, reply.status, reply.body]).toEqual([dots, 400, expect.stringContaining('path_not_allowed')]);
    }
  });

  itRequires(ROOT, 'keeps kernels of different sessions apart as different users', async () => {
    const owner = await env.client.createSession();
    const intruder = await env.client.createSession();
    await env.client.put(owner, 'secret.txt', 'owner only');
    const reply = await env.client.execute(
      intruder,
      [
        'import os',
        `for path in ["../../${owner}/work/secret.txt", "../.."]:`,
        '    try:',
        '        print(open(path).read() if path.endswith(".txt") else os.listdir(path))',
        '    except PermissionError as error:',
        '        print("refused", error.errno)',
      ].join('\n'),
    );
    expect(reply.json.stdout).toBe('refused 13\nrefused 13\n');
  });
});

describe('secrets and the server', () => {
  it('gives the code no AWS credentials and no token in its environment', async () => {
    const planted = {
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEPLANTED',
      AWS_SECRET_ACCESS_KEY: 'planted-secret',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/planted',
      EXECUTOR_TOKEN: 'planted-token',
    };
    Object.assign(process.env, planted);
    try {
      // A kernel started after the variables were set, not one warmed before.
      const ids = [
        await env.client.createSession(),
        await env.client.createSession(),
        await env.client.createSession(),
      ];
      const id = ids[2] as string;
      const reply = await env.client.execute(
        id,
        'import os\nprint(sorted(k for k in os.environ if "AWS" in k or "TOKEN" in k or "SECRET" in k))\nprint(open("/proc/self/environ", "rb").read())',
      );
      expect(reply.json.status).toBe('ok');
      expect(reply.json.stdout.split('\n')[0]).toBe('[]');
      for (const value of [...Object.values(planted), 'test-token-0123456789']) {
        expect(reply.json.stdout).not.toContain(value);
      }
    } finally {
      for (const name of Object.keys(planted)) delete process.env[name];
    }
  });

  itRequires(
    ROOT,
    'runs as an unprivileged user of its own, without supplementary groups, niced and first for the OOM killer',
    async () => {
      const id = await env.client.createSession();
      const reply = await env.client.execute(
        id,
        'import os\nprint(os.getuid(), os.getgid(), os.getgroups(), os.nice(0), open("/proc/self/oom_score_adj").read().strip())',
      );
      const [uid, gid, groups, niceness, oomScore] = reply.json.stdout.trim().split(' ');
      // Lower CPU priority and first in line for the OOM killer: the server outlives a greedy cell.
      expect([niceness, oomScore]).toEqual(['10', '800']);
      expect(Number(uid)).toBeGreaterThanOrEqual(100_000);
      expect(gid).toBe(uid);
      expect(groups === '[]' || groups === `[${gid}]`).toBe(true);
    },
  );

  itRequires(ROOT, 'leaves no process of the session running after DELETE, even one that left the group', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      'import subprocess\nprint(subprocess.Popen(["sleep", "300"], start_new_session=True).pid)',
    );
    const pid = Number(reply.json.stdout);
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    await env.client.request('DELETE', `/sessions/${id}`);
    const state = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] : 'gone';
    expect(['gone', 'Z']).toContain(state);
  });

  itRequires(ROOT, 'cannot read the server environment or signal the server', async () => {
    const id = await env.client.createSession();
    const reply = await env.client.execute(
      id,
      [
        'import os, signal',
        `for attempt in (lambda: open("/proc/${process.pid}/environ").read(), lambda: os.kill(${process.pid}, signal.SIGKILL)):`,
        '    try:',
        '        attempt()',
        '        print("allowed")',
        '    except PermissionError:',
        '        print("refused")',
      ].join('\n'),
    );
    expect(reply.json.stdout).toBe('refused\nrefused\n');
    expect((await env.client.request('GET', '/health', { token: null })).status).toBe(200);
  });
});

describe('requests', () => {
  it('refuses a missing or wrong bearer token', async () => {
    for (const token of [null, 'wrong-token', '']) {
      const reply = await env.client.request('POST', '/sessions', { token });
      expect([token, reply.status, reply.json.error]).toEqual([token, 401, 'unauthorized']);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('answers malformed execute requests with 4xx naming the problem', async () => {
    const id = await env.client.createSession();
    const path = `/sessions/${id}/execute`;
    const cases: [string, Parameters<typeof env.client.request>[2], number, string, string][] = [
      [
        'not JSON',
        { body: '{"code":', headers: { 'content-type': 'application/json' } },
        400,
        'invalid_json',
        'not valid JSON',
      ],
      ['no code', { json: { timeoutSeconds: 3 } }, 400, 'invalid_request', 'code'],
      ['wrong type', { json: { code: 42 } }, 400, 'invalid_request', 'code'],
      ['unknown field', { json: { code: '1', language: 'r' } }, 400, 'invalid_request', 'language'],
      ['timeout too long', { json: { code: '1', timeoutSeconds: 10_000 } }, 400, 'invalid_request', 'timeoutSeconds'],
      [
        'not JSON media type',
        { body: 'print(1)', headers: { 'content-type': 'text/plain' } },
        415,
        'unsupported_media_type',
        'application/json',
      ],
      ['oversized', { json: { code: `# ${'x'.repeat(2 * 1024 * 1024)}` } }, 413, 'body_too_large', 'limit'],
    ];
    for (const [name, options, status, error, mentions] of cases) {
      const reply = await env.client.request('POST', path, options);
      expect([name, reply.status, reply.json.error]).toEqual([name, status, error]);
      expect(reply.json.message).toContain(mentions);
    }
    await expectHealthyKernel(id);
  });

  it('answers unknown routes and methods clearly', async () => {
    expect((await env.client.request('GET', '/nope')).json.error).toBe('not_found');
    const wrongMethod = await env.client.request('GET', '/sessions');
    expect([wrongMethod.status, wrongMethod.json.error]).toEqual([405, 'method_not_allowed']);
  });

  it('refuses an upload over the size limit and keeps nothing of it', async () => {
    const id = await env.client.createSession();
    const big = new Uint8Array(2 * 1024 * 1024);
    const reply = await env.client.put(id, 'big.bin', big).catch((error: Error) => error);
    if (!(reply instanceof Error)) expect([reply.status, reply.json.error]).toEqual([413, 'body_too_large']);
    const listing = await env.client.request('GET', `/sessions/${id}/files`);
    expect(listing.json.files).toEqual([]);
  });
});
