// One check of an action's action.yml against its code: the runner starts the committed bundle on node24, the
// inputs declared are exactly those the action parses (same defaults and requiredness, each described), and
// the outputs are the contract's, in its order.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { InputSpec } from '../../actions/lib/inputs.js';

interface ActionYml {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: unknown;
}

export function describeActionContract(
  action: string,
  specs: Record<string, InputSpec<unknown>>,
  contractOutputs: readonly string[],
): void {
  describe(`${action} action.yml`, () => {
    const declared = parse(readFileSync(`actions/${action}/action.yml`, 'utf8')) as ActionYml;

    it('runs the committed bundle on node24', () => {
      expect(declared.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    });

    it('declares exactly the inputs the action parses, each described, with the same defaults and requiredness', () => {
      expect(Object.keys(declared.inputs).sort()).toEqual(Object.keys(specs).sort());
      for (const [name, spec] of Object.entries(specs)) {
        const input = declared.inputs[name] ?? {};
        expect(input.description?.length ?? 0, name).toBeGreaterThan(20);
        // `default: ""` is what the runner passes for an input without a default anyway.
        expect(input.default ?? '', name).toBe(spec.fallback ?? '');
        expect(input.required ?? false, name).toBe(spec.required && spec.fallback === undefined);
      }
    });

    it('declares the contract outputs, each described', () => {
      expect(Object.keys(declared.outputs)).toEqual([...contractOutputs]);
      for (const [name, output] of Object.entries(declared.outputs)) {
        expect(output.description?.length ?? 0, name).toBeGreaterThan(10);
      }
    });
  });
}
