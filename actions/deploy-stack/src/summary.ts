// The step summary: what the run did to the stack, the change set, and on failure every failed event.
import { codeBlock, details, heading, link } from '../../lib/summary.js';
import { changesMarkdown, changesTable } from './changes.js';
import type { DeployResult } from './deploy.js';
import { failedEventsTable } from './event-log.js';
import type { FailureDetails } from './failure.js';

export function changesMarkdownOf(stackName: string, result: DeployResult): string {
  return changesMarkdown({ stackName, rows: result.rows, consoleUrl: result.consoleUrl, fate: result.fate });
}

export function successSummary(stackName: string, mode: 'deploy' | 'preview', result: DeployResult): string {
  const status = result.stackStatus ? `\`${result.stackStatus}\`` : 'not created yet';
  const lines = [
    heading(`deploy-stack: \`${stackName}\` ${mode === 'preview' ? 'preview' : 'deployed'}`),
    '',
    `Stack status: ${status}`,
  ];
  lines.push('', changesMarkdownOf(stackName, result));
  const outputs = Object.keys(result.outputs);
  if (outputs.length > 0)
    lines.push(
      '',
      details(`Stack outputs (${outputs.length})`, codeBlock(JSON.stringify(result.outputs, null, 2), 'json')),
    );
  return lines.join('\n');
}

export function failureSummary(stackName: string, message: string, failure: FailureDetails = {}): string {
  const lines = [heading(`deploy-stack: \`${stackName}\` failed`), '', message];
  if (failure.rows && failure.rows.length > 0) {
    const console = failure.consoleUrl ? `(${link('console', failure.consoleUrl)})` : '';
    lines.push('', `#### Change set ${console}`.trimEnd(), '', changesTable(failure.rows));
  }
  if (failure.failedEvents && failure.failedEvents.length > 0) {
    lines.push('', '#### Failed events, root cause first', '', failedEventsTable(failure.failedEvents));
  }
  return lines.join('\n');
}
