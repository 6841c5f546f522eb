import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pushImageInputs } from '../../../actions/push-image/src/inputs.js';

const declared = parse(readFileSync('actions/push-image/action.yml', 'utf8')) as {
  inputs: Record<string, { required: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: unknown;
};

describe('push-image action.yml', () => {
  it('matches the parsed inputs, their defaults and the contract outputs', () => {
    const parsed = Object.entries(pushImageInputs).map(([name, spec]) => ({
      name,
      required: spec.required && spec.fallback === undefined,
      default: spec.fallback,
    }));
    const written = Object.entries(declared.inputs).map(([name, input]) => ({
      name,
      required: input.required,
      default: input.default,
    }));
    expect(written).toEqual(parsed);
    expect(Object.keys(declared.outputs)).toEqual(['image', 'digest', 'tag', 'skipped']);
    expect(declared.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});
