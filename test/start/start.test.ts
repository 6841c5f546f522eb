// npm start as a user runs it (scripts/start.mjs, set-up included): the error paths each end in one sentence
// and a non-zero exit with nothing left listening, and one full run with the scripted model.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statesTotal } from '../../actions/smoke-test/src/answer-figures.js';
import { expectationOf } from '../../actions/smoke-test/src/expectation.js';
import { pdfText } from '../../actions/smoke-test/src/pdf-text.js';
import { generateDataset } from '../../scripts/sample-data/generate.js';

const root = resolve(import.meta.dirname, '../..');
/** A run takes seconds, but a minute or more on a loaded 2-core machine: the bound is the child's, not vitest's 30 s. */
const RUN_BOUND_MS = 240_000;
const TEST_BOUND_MS = RUN_BOUND_MS + 30_000;

function start(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
      cwd: mkdtempSync(join(tmpdir(), 'start-cwd-')),
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '', OPENAI_BASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGINT'), RUN_BOUND_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

function file(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'start-data-')), name);
  writeFileSync(path, content);
  return path;
}

describe('npm start on bad input', () => {
  it.each([
    [
      ['--dat', 'x.csv'],
      /^Unknown option '--dat'; the options are --data, --prompt, --report pdf, --port, --out and --amount-column\.$/,
    ],
    [
      ['--data', '/nonexistent/sales.csv'],
      /^\/nonexistent\/sales\.csv does not exist: give a CSV file or a folder holding one\.$/,
    ],
    [['--data', 'EMPTY'], /^The dataset .+empty\.csv is empty\.$/],
    [['--data', 'HEADER'], /^.+header\.csv is not a usable CSV: it has a header but no rows\.$/],
    [['--data', 'BINARY'], /^The dataset .+binary\.csv is not text: it holds NUL bytes, so it is no CSV\.$/],
    [['--prompt', 'What sold best?'], /^--prompt needs --data: the CSV file or folder the question is about\.$/],
  ])(
    '%j fails with one sentence',
    async (args, message) => {
      const paths: Record<string, string> = {
        EMPTY: file('empty.csv', ''),
        HEADER: file('header.csv', 'Date,Amount\n'),
        BINARY: file('binary.csv', 'Date,Amount\n\u0000\u0001\n'),
      };
      const result = await start(args.map((arg) => paths[arg] ?? arg));
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toMatch(message);
      expect(result.stdout).not.toContain('agent on');
    },
    TEST_BOUND_MS,
  );

  it(
    'a port in use stops what it had started and says which port',
    async () => {
      const blocker = createServer();
      await new Promise<void>((ready) => blocker.listen(0, '127.0.0.1', ready));
      const port = (blocker.address() as { port: number }).port;
      try {
        const result = await start(['--port', String(port)]);
        expect(result.code).not.toBe(0);
        expect(result.stderr.trim()).toBe(
          `Port ${port} is in use: stop what listens there or pick another with --port.`,
        );
        const s3 = /S3 \(s3rver\) on (http:\/\/127\.0\.0\.1:\d+)/.exec(result.stdout)?.[1];
        const executor = /executor on (http:\/\/127\.0\.0\.1:\d+)/.exec(result.stdout)?.[1];
        expect(s3 && executor).toBeTruthy();
        for (const url of [s3, executor]) await expect(fetch(`${url}/`)).rejects.toThrow();
      } finally {
        blocker.close();
      }
    },
    TEST_BOUND_MS,
  );
});

describe('npm start, the whole run with the scripted model', () => {
  it(
    'passes total-sales with the total of the generated data and leaves the PDF of pdf-report in ./out',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'start-out-'));
      const result = await start(['--out', out]);
      expect(result.stdout).toContain('a scripted model replays recorded turns');
      expect(result.stdout).toContain('total-sales: PASSED');
      const answer = /total-sales: PASSED[^\n]*\n {2}answer: ([^\n]+)/.exec(result.stdout)?.[1] ?? '';
      const data = generateDataset({ seed: 20250501, rows: 400, language: 'en', bom: false });
      expect(statesTotal(answer, expectationOf(data.csv, 'Amount', 'sales.csv').total)).toBe(true);
      expect(result.stdout).toContain('stopped everything this run started');
      expect(result.stdout).toContain('pdf-report: PASSED');
      expect(result.code).toBe(0);
      const pdf = readdirSync(out).find((name) => name.endsWith('.pdf'));
      expect(pdf).toBeDefined();
      const bytes = readFileSync(join(out, pdf as string));
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(bytes);
      expect(text !== undefined && statesTotal(text, expectationOf(data.csv, 'Amount', 'sales.csv').total)).toBe(true);
      expect(existsSync(out)).toBe(true);
    },
    TEST_BOUND_MS,
  );
});

describe('npm start on Ctrl-C', () => {
  it(
    'stops the agent, the executor and S3 and exits 130',
    async () => {
      const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
        cwd: mkdtempSync(join(tmpdir(), 'start-cwd-')),
        env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '', OPENAI_BASE_URL: '' },
        detached: true,
      });
      let stdout = '';
      const urls = new Promise<string[]>((found) => {
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          const agent = /agent on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
          const s3 = /S3 \(s3rver\) on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
          const executor = /executor on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
          if (agent && s3 && executor && stdout.includes('total-sales: running')) found([agent, s3, executor]);
        });
      });
      const closed = new Promise<number | null>((done) => child.on('close', done));
      const running = await urls;
      expect((await fetch(`${running[0]}/ping`)).status).toBe(200);
      // What a terminal's Ctrl-C does: SIGINT to the whole foreground process group.
      process.kill(-(child.pid as number), 'SIGINT');
      expect(await closed).toBe(130);
      expect(stdout).toContain('stopped everything this run started');
      for (const url of running) await expect(fetch(url)).rejects.toThrow();
    },
    TEST_BOUND_MS,
  );
});
