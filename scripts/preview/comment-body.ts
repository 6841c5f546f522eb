// The PR comment of the change-set preview: a hidden marker (how the comment is found again and updated), each
// stack's changes as deploy-stack wrote them (replacements flagged there), and the environment's monthly cost
// before and after the change with the lines that moved.
import type { Estimate } from '../cost/estimate.js';
import { dollars } from '../cost/format.js';

export function commentMarker(env: string): string {
  return `<!-- bedrock-manus:preview:${env} -->`;
}

export interface StackPreview {
  stack: string;
  /** The step's outcome: success, failure, cancelled or skipped. */
  outcome: string;
  /** deploy-stack's changes-markdown output; empty when the step did not get that far. */
  markdown: string;
}

export interface CostChange {
  before?: Estimate;
  /** Why there is no before figure (the base revision lacks the environment, or its templates do not parse). */
  beforeMissing?: string;
  after: Estimate;
}

function signed(amount: number): string {
  const rounded = Math.round(amount * 100) / 100;
  return `${rounded < 0 ? '−' : '+'}${dollars(Math.abs(rounded))}`;
}

function costSection(env: string, cost: CostChange): string[] {
  const heading = `### Monthly fixed cost of ${env}`;
  if (!cost.before) return [heading, '', `${dollars(cost.after.total)} (no figure before: ${cost.beforeMissing}).`];
  const before = new Map(cost.before.lines.map((line) => [line.item, line.monthly]));
  const after = new Map(cost.after.lines.map((line) => [line.item, line.monthly]));
  const moved = [...new Set([...before.keys(), ...after.keys()])]
    .map((item) => ({ item, from: before.get(item) ?? 0, to: after.get(item) ?? 0 }))
    .filter((line) => Math.abs(line.to - line.from) >= 0.005);
  const delta = cost.after.total - cost.before.total;
  const summary = `${dollars(cost.before.total)} → ${dollars(cost.after.total)} (${signed(delta)}/month)`;
  if (moved.length === 0) return [heading, '', `${summary}: no line moved.`];
  return [
    heading,
    '',
    `${summary}`,
    '',
    '| Item | Before | After | Change |',
    '| --- | ---: | ---: | ---: |',
    ...moved.map((l) => `| ${l.item} | ${dollars(l.from)} | ${dollars(l.to)} | ${signed(l.to - l.from)} |`),
  ];
}

function stackSection(preview: StackPreview): string[] {
  if (preview.outcome === 'success' && preview.markdown) return [preview.markdown];
  const why = preview.outcome === 'skipped' ? 'was not run (an earlier step failed)' : `ended: ${preview.outcome}`;
  return [`#### \`${preview.stack}\``, '', `The preview ${why}; the job log says why.`];
}

export function commentBody(env: string, commit: string, stacks: StackPreview[], cost: CostChange): string {
  return [
    commentMarker(env),
    `## Change-set preview of ${env}`,
    '',
    `For ${commit.slice(0, 12)}. Change sets were created and deleted again; nothing was deployed.`,
    '',
    ...stacks.flatMap((preview) => [...stackSection(preview), '']),
    ...costSection(env, cost),
  ].join('\n');
}
