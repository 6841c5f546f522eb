// The artifact the image ships: build/agent/index.mjs run as its own process (as the container runs it),
// with the built-in demo script, the real executor and s3rver, reading the executor token from a Secrets
// Manager stand-in as the deployed runtime does. Catches what only bundling can break.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFigure } from '../../agent/src/figures.js';
import { TOKEN } from '../executor/support/harness.js';
import { TEST_BUCKET } from '../executor/support/s3.js';
import { useAgentStack } from './support/agent-stack.js';
import { type StandIn, startStandIn } from './support/http-stand-in.js';
import { COLUMN_DEFINITIONS, salesCsv, totalAmount } from './support/sales-fixture.js';
import { invoke, only } from './support/stack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stack = useAgentStack(1);
let agent: ChildProcess;
let url = '';
let output = '';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bedrock-manus/dev/executor-token-AbCdEf';
const secretReads: { target: string; body: string; signed: boolean }[] = [];
let secretsManager: StandIn | undefined;
const outRoot = mkdtempSync(join(tmpdir(), 'agent-bundle-'));

beforeAll(async () => {
  // The project's own bundling (scripts/bundles.mjs), into a folder of this test's: build/ may be in use.
  const bundling = `import('./scripts/bundles.mjs').then(({ bundle, targets }) => bundle(process.cwd(), ${JSON.stringify(outRoot)}, targets(process.cwd()).filter((t) => t.name === 'agent')))`;
  const build = spawnSync(process.execPath, ['--input-type=module', '-e', bundling], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`bundling failed: ${build.stderr}`);
  // A port this file held and let go, for the agent to listen on.
  const probe = await startStandIn(() => {});
  await probe.close();
  url = probe.url;
  secretsManager = await startStandIn((request, response, body) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    secretReads.push({ target, body, signed: String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256') });
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify({ ARN: SECRET_ARN, Name: 'bedrock-manus/dev/executor-token', SecretString: TOKEN }));
  });
  agent = spawn(process.execPath, [join(outRoot, 'build', 'agent', 'index.mjs')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: new URL(url).port,
      MODEL_PROVIDER: 'scripted',
      EXECUTOR_URL: stack.executor.executor.url,
      EXECUTOR_TOKEN_SECRET_ARN: SECRET_ARN,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      ARTIFACTS_BUCKET: TEST_BUCKET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  agent.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  agent.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 30_000;
  // A real process starting: awaited, not driven by a fake clock.
  while (
    !(await fetch(`${url}/ping`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (agent.exitCode !== null || Date.now() > deadline) throw new Error(`the agent did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});

afterAll(async () => {
  if (agent && agent.exitCode === null) {
    agent.kill('SIGKILL');
    await once(agent, 'exit');
  }
  await secretsManager?.close();
  rmSync(outRoot, { recursive: true, force: true });
});

describe('the bundled agent', () => {
  it('answers a total-sales job with the built-in demo script, then stops cleanly on SIGTERM', async () => {
    const csv = salesCsv(50, 11);
    const { events } = await invoke(url, {
      prompt: 'What were the total sales?',
      data: {
        files: [
          { path: 'sales.csv', content: csv },
          { path: 'column_definitions.json', content: COLUMN_DEFINITIONS },
        ],
      },
    });
    expect(only(events, 'error')).toEqual([]);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', figures: { total_sales: totalAmount(csv) } });
    expect(done?.type === 'done' && done.answer).toContain(formatFigure(totalAmount(csv)));
    expect(await stack.sessionGone(only(events, 'start')[0]?.executorSessionId ?? '')).toBe(true);
    // The executor accepted the token only because it came from the secret, read once, signed.
    expect(secretReads).toEqual([
      { target: 'secretsmanager.GetSecretValue', body: JSON.stringify({ SecretId: SECRET_ARN }), signed: true },
    ]);

    agent.kill('SIGTERM');
    const [code] = await once(agent, 'exit');
    expect(code).toBe(0);
    expect(output).toMatch(/agent listening on .*, \d+ ms after process start \(CPU \d+ ms\)/);
    expect(output).toContain('SIGTERM: finishing in-flight invocations');
  });
});
