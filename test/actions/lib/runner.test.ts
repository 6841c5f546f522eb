import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendSummary, LocatedError, outputName, runAction } from '../../../actions/lib/runner.js';
import { captureStdout, inProcessRunnerFiles, type RunnerFiles } from '../../support/runner-files.js';

describe('the runner layer over @actions/core', () => {
  let files: RunnerFiles;
  let stdout: string[];

  beforeEach(() => {
    files = inProcessRunnerFiles('runner-');
    stdout = captureStdout();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('writes outputs with a delimiter, so values may span lines', () => {
    core.setOutput('changes-markdown', '| a |\n| b |');
    core.setOutput('has-changes', true);
    const text = readFileSync(files.output, 'utf8');
    const match = text.match(
      /^changes-markdown<<(ghadelimiter_[0-9a-f-]+)\n\| a \|\n\| b \|\n\1\nhas-changes<<(\S+)\ntrue\n\2\n$/,
    );
    expect(match).not.toBeNull();
    expect(files.outputs()).toEqual({ 'changes-markdown': '| a |\n| b |', 'has-changes': 'true' });
  });

  it('appends to the step summary, and writes none where the runner names no summary file', () => {
    appendSummary('### one');
    appendSummary('### two');
    expect(files.summaryText()).toBe('### one\n### two\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    expect(() => appendSummary('### three')).not.toThrow();
    expect(files.summaryText()).toBe('### one\n### two\n');
  });

  it('makes stack output keys into valid output names', () => {
    expect(outputName('ArtifactsBucketName')).toBe('ArtifactsBucketName');
    expect(outputName('9lives.key')).toBe('_9lives_key');
  });

  it('turns any thrown error into one ::error:: line and a failing exit code', async () => {
    await runAction(async () => {
      throw new Error('Stack dev-network is in UPDATE_ROLLBACK_FAILED:\nresource X failed 100%');
    });
    expect(process.exitCode).toBe(1);
    expect(stdout).toEqual(['::error::Stack dev-network is in UPDATE_ROLLBACK_FAILED:%0Aresource X failed 100%25\n']);
  });

  it('puts an error that knows its file and line on that line as an annotation, then fails with the sentence', async () => {
    await runAction(async () => {
      throw new LocatedError(
        'The template a.yaml is not valid YAML',
        { file: 'a.yaml', line: 3, column: 5 },
        'Template',
      );
    });
    expect(process.exitCode).toBe(1);
    expect(stdout).toEqual([
      '::error title=Template,file=a.yaml,line=3,col=5::The template a.yaml is not valid YAML\n',
      '::error::The template a.yaml is not valid YAML\n',
    ]);
  });
});
