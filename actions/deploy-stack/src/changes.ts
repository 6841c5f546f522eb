// A change set as a reviewer reads it: one row per resource change, a markdown table with a console link, and the
// `changes-markdown` text a workflow posts as a PR comment.
import type { Change } from '@aws-sdk/client-cloudformation';
import type { Template } from '../../lib/cfn-template.js';
import { link, table } from '../../lib/summary.js';

export interface ChangeRow {
  /** Add, Modify, Remove, Import or Dynamic. */
  action: string;
  logicalId: string;
  type: string;
  /** True, False or Conditional for a Modify; empty when replacement does not apply. */
  replacement: string;
}

export function changeRows(changes: readonly Change[]): ChangeRow[] {
  return changes.flatMap((change) => {
    const resource = change.ResourceChange;
    if (!resource) return [];
    return [
      {
        action: resource.Action ?? 'Unknown',
        logicalId: resource.LogicalResourceId ?? '',
        type: resource.ResourceType ?? '',
        replacement: resource.Replacement ?? '',
      },
    ];
  });
}

/** Every resource of the template as an Add: what creating the stack from scratch does. */
export function templateRows(template: Template): ChangeRow[] {
  return Object.entries(template.Resources).map(([logicalId, resource]) => ({
    action: 'Add',
    logicalId,
    type: resource.Type,
    replacement: '',
  }));
}

/** CloudFormation fails a change set that changes nothing, with one of these reasons. */
export function isEmptyChangeSetReason(reason: string | undefined): boolean {
  return /didn't contain changes|No updates are to be performed/i.test(reason ?? '');
}

export function changeSetConsoleUrl(region: string, stackId: string, changeSetId: string): string {
  const query = `stackId=${encodeURIComponent(stackId)}&changeSetId=${encodeURIComponent(changeSetId)}`;
  return `https://${region}.console.aws.amazon.com/cloudformation/home?region=${region}#/stacks/changesets/changes?${query}`;
}

/** The stack's page, for a change set that was deleted (a preview, an empty one): its own page is gone. */
export function stackConsoleUrl(region: string, stackId: string): string {
  return `https://${region}.console.aws.amazon.com/cloudformation/home?region=${region}#/stacks/stackinfo?stackId=${encodeURIComponent(stackId)}`;
}

export function changesTable(rows: readonly ChangeRow[]): string {
  return table(
    ['Action', 'Logical ID', 'Type', 'Replacement'],
    rows.map((row) => [row.action, row.logicalId, row.type, row.replacement || '—']),
  );
}

export interface ChangeReport {
  stackName: string;
  rows: readonly ChangeRow[];
  /** The change set's console page, when it still exists. */
  consoleUrl?: string;
  /** What happened to the change set: "executed", "deleted after preview" … */
  fate: string;
}

/** Markdown for a PR comment or the step summary: a title, the counts, the table and the link. */
export function changesMarkdown(report: ChangeReport): string {
  const title = `#### Change set for stack \`${report.stackName}\``;
  if (report.rows.length === 0) return `${title}\n\nNo changes: the stack already matches the template and parameters.`;
  const counts = new Map<string, number>();
  for (const row of report.rows) counts.set(row.action, (counts.get(row.action) ?? 0) + 1);
  const replaced = report.rows.filter((row) => row.replacement === 'True' || row.replacement === 'Conditional').length;
  const tally = [...counts].map(([action, count]) => `${count} ${action}`).join(', ');
  const replacing = replaced > 0 ? `, ${replaced} replaced or possibly replaced` : '';
  const console = report.consoleUrl ? ` · ${link('open in the console', report.consoleUrl)}` : '';
  return `${title}\n\n${tally}${replacing} (${report.fate})${console}\n\n${changesTable(report.rows)}`;
}
