// The action.yml against the code, and the committed bundle run as the runner runs it (INPUT_* variables,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) in URL mode against a stand-in agent.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputVariable } from '../../../actions/lib/inputs.js';
import { expectationOf } from '../../../actions/smoke-test/src/expectation.js';
import { INPUT_SPECS } from '../../../actions/smoke-test/src/inputs.js';
import { generateDataset } from '../../../scripts/sample-data/generate.js';
import { startStandIn } from '../../agent/support/http-stand-in.js';
import { describeActionContract } from '../../support/action-contract.js';
import { runnerFiles } from '../../support/runner-files.js';

describeActionContract('smoke-test', INPUT_SPECS, ['passed', 'report']);

const BUNDLE = resolve('actions/smoke-test/dist/index.js');

function runBundle(inputs: Record<string, string>, extra: NodeJS.ProcessEnv) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...extra };
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
  return new Promise<{ code: number | null; stdout: string }>((done) => {
    const child = spawn(process.execPath, [BUNDLE], { env });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('close', (code) => done({ code, stdout }));
  });
}

describe('the smoke-test bundle in URL mode', () => {
  const csv = generateDataset({ seed: 9, rows: 30, language: 'en', bom: false }).csv;
  const folder = mkdtempSync(join(tmpdir(), 'smoke-bundle-'));
  const dataset = join(folder, 'sales.csv');
  writeFileSync(dataset, csv);
  const total = expectationOf(csv, 'Amount', dataset).total;

  it.each([
    [total, 'true', 0],
    [total - 7, 'false', 1],
  ])('answer %d → passed=%s, exit %d, with the request body the contract names', async (stated, passed, exit) => {
    const bodies: unknown[] = [];
    const agent = await startStandIn((request, response, body) => {
      bodies.push({ session: request.headers['x-amzn-bedrock-agentcore-runtime-session-id'], body: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(
        `data: {"type":"start"}\n\ndata: ${JSON.stringify({ type: 'done', answer: `Total: ${stated}`, artifacts: [] })}\n\n`,
      );
    });
    const runner = runnerFiles('smoke-bundle-');
    try {
      const result = await runBundle({ url: agent.url, jobs: 'total-sales', dataset }, runner.env);
      expect(result.code).toBe(exit);
      const outputs = runner.outputs();
      expect(outputs.passed).toBe(passed);
      const report = JSON.parse(outputs.report ?? '{}');
      expect(report.jobs['total-sales'].answerExcerpt).toBe(`Total: ${stated}`);
      expect(runner.summaryText()).toContain(`Smoke test ${passed === 'true' ? 'passed' : 'FAILED'}: ${agent.url}`);
      expect(bodies).toEqual([
        {
          session: expect.stringMatching(/^smoke-total-sales-[0-9a-f-]{36}$/),
          body: {
            prompt:
              'Compute the total sales: the sum of the "Amount" column in sales.csv. State the total in your answer.',
            data: { files: [{ path: 'sales.csv', content: csv, encoding: 'utf8' }] },
          },
        },
      ]);
      if (exit !== 0)
        expect(result.stdout).toContain('::error::Smoke test failed: Test jobs pass: total-sales: The answer states');
    } finally {
      await agent.close();
    }
  });

  it('refuses runtime-arn and url together before any call', async () => {
    const runner = runnerFiles('smoke-bundle-');
    const result = await runBundle(
      {
        url: 'http://127.0.0.1:1',
        'runtime-arn': 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x-abcde12345',
        jobs: 'ping',
      },
      runner.env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::Give exactly one of "runtime-arn" (a deployed runtime) and "url" (a local agent).',
    );
  });
});
