import { describe, expect, it } from 'vitest';
import {
  boolean,
  choice,
  InputError,
  inputVariable,
  integer,
  keyValues,
  list,
  parseInputs,
  parseKeyValues,
  text,
} from '../../../actions/lib/inputs.js';

const specs = {
  'stack-name': text({ required: true, pattern: /^[A-Za-z][-A-Za-z0-9]{0,127}$/, allowed: 'a stack name' }),
  'timeout-minutes': integer({ min: 1, max: 360, default: '60', unit: 'minutes' }),
  'termination-protection': boolean({ default: 'false' }),
  mode: choice(['deploy', 'preview'], { default: 'deploy' }),
  capabilities: list({ item: /^CAPABILITY_[A-Z_]+$/ }),
  tags: keyValues(),
};

function env(values: Record<string, string>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [inputVariable(name), value]));
}

function failure(values: Record<string, string>): string {
  try {
    parseInputs(specs, env(values));
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the inputs to be refused');
}

describe('parseInputs', () => {
  it('parses every kind into a camel-cased typed object, applying defaults', () => {
    const inputs = parseInputs(
      specs,
      env({
        'stack-name': 'dev-network',
        capabilities: 'CAPABILITY_IAM,\nCAPABILITY_NAMED_IAM',
        tags: 'Project=bedrock-manus\nNote=a=b,c',
        'termination-protection': 'True',
      }),
    );
    expect(inputs).toEqual({
      stackName: 'dev-network',
      timeoutMinutes: 60,
      terminationProtection: true,
      mode: 'deploy',
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      tags: { Project: 'bedrock-manus', Note: 'a=b,c' },
    });
  });

  it('reads the variable the runner sets: upper case, spaces as underscores, hyphens kept', () => {
    expect(inputVariable('stack-name')).toBe('INPUT_STACK-NAME');
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT');
  });

  it('treats an empty or blank input as not given', () => {
    const inputs = parseInputs(specs, env({ 'stack-name': 'a', mode: '   ', tags: '' }));
    expect(inputs.mode).toBe('deploy');
    expect(inputs.tags).toBeUndefined();
  });

  it('names a missing required input and what it accepts', () => {
    expect(failure({})).toBe('Input "stack-name" is required: allowed is a stack name.');
  });

  it('names a value that does not match the pattern', () => {
    expect(failure({ 'stack-name': '9lives' })).toBe('Input "stack-name" is "9lives": allowed is a stack name.');
  });

  it('names a number that is not whole, or out of range', () => {
    expect(failure({ 'stack-name': 'a', 'timeout-minutes': 'ten' })).toBe(
      'Input "timeout-minutes" is "ten" (not a whole number): allowed is a whole number from 1 to 360 (minutes).',
    );
    expect(failure({ 'stack-name': 'a', 'timeout-minutes': '0' })).toMatch(
      /^Input "timeout-minutes" is "0" \(.+\): allowed is a whole number from 1 to 360 \(minutes\)\.$/,
    );
    expect(failure({ 'stack-name': 'a', 'timeout-minutes': '361' })).toContain('"361"');
  });

  it('names a boolean that is not one of the YAML booleans', () => {
    expect(failure({ 'stack-name': 'a', 'termination-protection': 'yes' })).toBe(
      'Input "termination-protection" is "yes": allowed is true or false.',
    );
  });

  it('names a choice outside the allowed values', () => {
    expect(failure({ 'stack-name': 'a', mode: 'apply' })).toBe(
      'Input "mode" is "apply": allowed is one of deploy, preview.',
    );
  });

  it('names a list with an item that does not match', () => {
    expect(failure({ 'stack-name': 'a', capabilities: 'CAPABILITY_IAM,iam' })).toContain(
      'Input "capabilities" is "CAPABILITY_IAM,iam" (an item does not match): allowed is a comma or new-line separated list',
    );
  });

  it('names malformed key-value input with the line at fault', () => {
    expect(failure({ 'stack-name': 'a', tags: 'A=1\nnot a pair' })).toBe(
      'Input "tags" is "A=1\\nnot a pair" (line 2 is not KEY=VALUE): allowed is KEY=VALUE lines or a JSON object of strings.',
    );
    expect(failure({ 'stack-name': 'a', tags: '{"A": ' })).toContain('(not valid JSON:');
    expect(failure({ 'stack-name': 'a', tags: '{"A": {"B": 1}}' })).toContain('must map keys to strings');
  });

  it('shortens a very long value in the message', () => {
    const message = failure({ 'stack-name': `9${'x'.repeat(500)}` });
    expect(message.length).toBeLessThan(200);
    expect(message).toContain('...');
  });
});

describe('parseKeyValues', () => {
  it('keeps everything after the first = as the value', () => {
    expect(parseKeyValues('Subnets=subnet-1,subnet-2\nQuery=a=b')).toEqual({
      Subnets: 'subnet-1,subnet-2',
      Query: 'a=b',
    });
  });

  it('accepts a JSON object and stringifies scalars', () => {
    expect(parseKeyValues('{"Count": 2, "Flag": true, "Name": "x"}')).toEqual({ Count: '2', Flag: 'true', Name: 'x' });
  });

  it('refuses a key given twice', () => {
    expect(() => parseKeyValues('A=1\nA=2')).toThrow('key A is given twice');
  });
});
