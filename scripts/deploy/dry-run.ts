// The dry run's text: every step in order with its inputs, a parameters file shown with the values it holds,
// values known only while the chain runs as <step.output> placeholders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PlanStep, type Ref, rollbackInputs, type Value } from './plan.js';
import { placeholder, render } from './values.js';

function block(name: string, text: string, indent: string, root: string): string[] {
  const rows = text.split('\n');
  if (rows.length === 1 && !rows[0]?.endsWith('.json')) return [`${indent}${name}: ${text}`];
  return [`${indent}${name}:`, ...rows.flatMap((row) => expandFile(row, `${indent}  `, root))];
}

/** A parameters file line becomes the file's name and its values, so the plan shows what will be sent. */
function expandFile(row: string, indent: string, root: string): string[] {
  if (!row.endsWith('.json')) return [`${indent}${row}`];
  const values = JSON.parse(readFileSync(join(root, row), 'utf8')) as Record<string, string>;
  return [`${indent}${row}:`, ...Object.entries(values).map(([key, value]) => `${indent}  ${key}=${value}`)];
}

export interface DryRunContext {
  environment: string;
  region: string;
  /** The checkout the plan's paths are relative to. */
  root: string;
  /** The images given on the command line; empty ones are built from the checkout. */
  images: Record<string, string>;
}

function inputsText(inputs: Record<string, Value>, context: DryRunContext): string[] {
  const write = (ref: Ref) =>
    ref.kind === 'input'
      ? context.images[ref.name] || `<built from this checkout and pushed by push-image>`
      : placeholder(ref, context.environment);
  return Object.entries(inputs).flatMap(([name, value]) => block(name, render(value, write), '     ', context.root));
}

export function dryRunText(plan: readonly PlanStep[], context: DryRunContext): string {
  const { environment, region } = context;
  const out = [
    `Deploy plan for ${environment} in ${region}: ${plan.length} steps in this order. Dry run: nothing is sent to AWS.`,
    '',
  ];
  plan.forEach((step, index) => {
    out.push(`${index + 1}. ${step.id}: ${step.title} (${step.kind})`, ...inputsText(step.inputs, context), '');
  });
  out.push(
    'If the smoke test fails: create-runtime moves the endpoint back, and the deployment fails.',
    ...inputsText(rollbackInputs(), context),
  );
  return out.join('\n');
}
