// A plan value written three ways: as a GitHub expression (what deploy.yml must say), as a placeholder for the
// dry run, and resolved against the outputs of the steps that ran.
import type { Ref, Value } from './plan.js';

export function githubExpression(ref: Ref): string {
  switch (ref.kind) {
    case 'environment':
      return '${{ inputs.environment }}';
    case 'variable':
      return `\${{ vars.${ref.name} }}`;
    case 'input':
      return `\${{ inputs.${ref.name} }}`;
    case 'output':
      return `\${{ steps.${ref.step}.outputs.${ref.name} }}`;
  }
}

export function placeholder(ref: Ref, environment: string): string {
  switch (ref.kind) {
    case 'environment':
      return environment;
    case 'variable':
      return `<variable ${ref.name}>`;
    case 'input':
      return `<${ref.name}>`;
    case 'output':
      return `<${ref.step}.${ref.name}>`;
  }
}

export interface Resolution {
  environment: string;
  variables: Record<string, string>;
  inputs: Record<string, string>;
  outputs: Record<string, Record<string, string>>;
}

export function resolved(ref: Ref, known: Resolution): string {
  const found =
    ref.kind === 'environment'
      ? known.environment
      : ref.kind === 'variable'
        ? known.variables[ref.name]
        : ref.kind === 'input'
          ? known.inputs[ref.name]
          : known.outputs[ref.step]?.[ref.name];
  if (found === undefined)
    throw new Error(`The deploy plan needs ${placeholder(ref, known.environment)}, which no earlier step gave.`);
  return found;
}

export function render(value: Value, write: (ref: Ref) => string): string {
  return value.map((part) => (typeof part === 'string' ? part : write(part))).join('');
}
