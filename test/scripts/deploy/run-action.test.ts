// The repository's actions run from a terminal as the runner runs them: INPUT_* in, GITHUB_OUTPUT read back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseOutputFile, runAction } from '../../../scripts/deploy/run-action.js';

const scratch = mkdtempSync(join(tmpdir(), 'bm-run-action-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('parseOutputFile', () => {
  it('reads back what the actions write, multi-line values and = included', () => {
    const file = join(scratch, 'output');
    writeFileSync(file, '');
    vi.stubEnv('GITHUB_OUTPUT', file);
    core.setOutput('stack-id', 'arn:aws:cloudformation:us-east-1:123456789012:stack/x/1');
    core.setOutput('changes-markdown', '| a | b |\n| --- | --- |\nKey=Value');
    core.setOutput('has-changes', true);
    expect(parseOutputFile(readFileSync(file, 'utf8'))).toEqual({
      'stack-id': 'arn:aws:cloudformation:us-east-1:123456789012:stack/x/1',
      'changes-markdown': '| a | b |\n| --- | --- |\nKey=Value',
      'has-changes': 'true',
    });
  });

  it('refuses a block whose delimiter never closes', () => {
    expect(() => parseOutputFile('name<<EOF_1\nvalue\n')).toThrow('The output name has no closing delimiter EOF_1.');
  });
});

describe('runAction', () => {
  it('runs the bundled action with the inputs as INPUT_* variables and reports its failure', async () => {
    const run = await runAction('deploy-stack', {
      'stack-name': 'bedrock-manus-dev-network',
      template: join(scratch, 'missing.yaml'),
    });
    expect(run).toEqual({ ok: false, outputs: {} });
  });
});
