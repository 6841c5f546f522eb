import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkParameters,
  mergeParameters,
  secretParameterValues,
} from '../../../actions/deploy-stack/src/parameters.js';
import { parseTemplate } from '../../../actions/lib/cfn-template.js';
import { FIXTURES, TEMPLATE } from './harness.js';

const template = parseTemplate(readFileSync(TEMPLATE, 'utf8'));
const read = (path: string) => readFileSync(path, 'utf8');

describe('parameters', () => {
  it('reads a parameters file, and Key=Value lines override it, values keeping commas and "="', () => {
    const raw = `${FIXTURES}dev.json\nRetentionDays=90\nAllowedCidrs=10.0.0.0/16,10.1.0.0/16\nToken=a=b==`;
    expect(mergeParameters(raw, read)).toEqual({
      EnvName: 'dev',
      RetentionDays: '90',
      AllowedCidrs: '10.0.0.0/16,10.1.0.0/16',
      Token: 'a=b==',
    });
  });

  it('takes lines alone, an inline JSON object, and no input at all', () => {
    expect(mergeParameters('EnvName=prod', read)).toEqual({ EnvName: 'prod' });
    expect(mergeParameters(undefined, read)).toEqual({});
    expect(mergeParameters('{"EnvName": "staging", "RetentionDays": 7}', read)).toEqual({
      EnvName: 'staging',
      RetentionDays: '7',
    });
  });

  it('names a missing file, a file that is not an object, and a key given twice', () => {
    expect(() => mergeParameters('parameters/nowhere.json', read)).toThrow(
      'The parameters file parameters/nowhere.json cannot be read: it does not exist.',
    );
    expect(() => mergeParameters(TEMPLATE, read)).toThrow(/is not valid JSON/);
    expect(() => mergeParameters(`${FIXTURES}dev.json`, () => '[{"ParameterKey": "EnvName"}]')).toThrow(
      /must be a JSON object like \{"Key": "Value"\}/,
    );
    expect(() => mergeParameters('EnvName=dev\nEnvName=prod', read)).toThrow(
      'The parameter EnvName is given twice as Key=Value.',
    );
  });

  it('rejects keys the template does not declare, naming the ones it does', () => {
    expect(() => checkParameters({ EnvName: 'dev', Retention: '7' }, template, 'The template bucket.yaml')).toThrow(
      'The template bucket.yaml does not declare the parameter(s) Retention (it declares EnvName, RetentionDays, AllowedCidrs, Token).',
    );
  });

  it('rejects a missing parameter that has no Default', () => {
    expect(() => checkParameters({ RetentionDays: '7' }, template, 'The template bucket.yaml')).toThrow(
      'The template bucket.yaml requires the parameter(s) EnvName, which have no Default and were not given',
    );
  });

  it('rejects a value outside AllowedValues, and accepts a complete set', () => {
    expect(() => checkParameters({ EnvName: 'qa' }, template, 'The template')).toThrow(
      'The parameter EnvName is "qa", but The template allows only dev, staging, prod.',
    );
    expect(() =>
      checkParameters({ EnvName: 'prod', AllowedCidrs: '10.0.0.0/8,192.168.0.0/16' }, template, 'T'),
    ).not.toThrow();
  });

  it('lists NoEcho values for masking', () => {
    expect(secretParameterValues({ EnvName: 'dev', Token: 's3cr3t' }, template)).toEqual(['s3cr3t']);
  });
});
