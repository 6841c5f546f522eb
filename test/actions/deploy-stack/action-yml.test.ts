import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { inputSpecs } from '../../../actions/deploy-stack/src/inputs.js';

interface ActionInput {
  description: string;
  required: boolean;
  default?: string;
}

const action = parse(readFileSync('actions/deploy-stack/action.yml', 'utf8')) as {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};

describe('deploy-stack action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs the action parses, with the same defaults and requiredness', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(inputSpecs).sort());
    for (const [name, spec] of Object.entries(inputSpecs)) {
      const declared = action.inputs[name] as ActionInput;
      expect(declared.default, name).toBe(spec.fallback);
      expect(declared.required, name).toBe(spec.required && spec.fallback === undefined);
      // An input without a default says what happens when it is not given.
      if (declared.default === undefined && !declared.required) expect(declared.description, name).toMatch(/Default/);
    }
  });

  it('declares the contract outputs', () => {
    expect(Object.keys(action.outputs)).toEqual([
      'stack-id',
      'stack-status',
      'has-changes',
      'change-set-id',
      'changes-markdown',
      'outputs',
    ]);
  });
});
