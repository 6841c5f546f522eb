import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendSummary, outputName, runAction, setOutput } from '../../../actions/lib/runner.js';

function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'runner-')), name);
}

describe('runner protocol', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('writes outputs with a delimiter, so values may span lines', () => {
    const file = tempFile('output');
    setOutput('changes-markdown', '| a |\n| b |', { GITHUB_OUTPUT: file });
    setOutput('has-changes', true, { GITHUB_OUTPUT: file });
    const text = readFileSync(file, 'utf8');
    const match = text.match(
      /^changes-markdown<<(ghadelimiter_[0-9a-f-]+)\n\| a \|\n\| b \|\n\1\nhas-changes<<(\S+)\ntrue\n\2\n$/,
    );
    expect(match).not.toBeNull();
  });

  it('appends to the step summary', () => {
    const file = tempFile('summary');
    appendSummary('### one', { GITHUB_STEP_SUMMARY: file });
    appendSummary('### two', { GITHUB_STEP_SUMMARY: file });
    expect(readFileSync(file, 'utf8')).toBe('### one\n### two\n');
  });

  it('makes stack output keys into valid output names', () => {
    expect(outputName('ArtifactsBucketName')).toBe('ArtifactsBucketName');
    expect(outputName('9lives.key')).toBe('_9lives_key');
  });

  it('turns any thrown error into one ::error:: line and a failing exit code', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await runAction(async () => {
      throw new Error('Stack dev-network is in UPDATE_ROLLBACK_FAILED:\nresource X failed 100%');
    });
    expect(process.exitCode).toBe(1);
    expect(written).toEqual(['::error::Stack dev-network is in UPDATE_ROLLBACK_FAILED:%0Aresource X failed 100%25\n']);
  });
});
