// The one configuration parser of the agent and the executor.
import { describe, expect, it } from 'vitest';
import { ConfigError, readEnvironment, setting } from '../../lib/env-config.js';

const variables = {
  PORT: setting.wholeNumber({ max: 65_535 }).default(8080),
  MODE: setting.oneOf(['fast', 'safe']).default('safe'),
  RATIO: setting.positiveNumber().optional(),
  TARGET: setting.url('must be the target URL').required(),
  MODULES: setting.list(/^[a-z]+$/, 'must be a comma-separated list of lower-case names'),
};

describe('readEnvironment', () => {
  it('reads every variable by its rule, and ignores variables it has no rule for', () => {
    const config = readEnvironment('test', variables, {
      PORT: ' 9000 ',
      MODE: 'fast',
      RATIO: '0.5',
      TARGET: 'http://127.0.0.1:1',
      MODULES: 'a, b',
      OTHER: 'x',
    });
    expect(config).toEqual({ PORT: 9000, MODE: 'fast', RATIO: 0.5, TARGET: 'http://127.0.0.1:1', MODULES: ['a', 'b'] });
  });

  it('counts a blank value as unset, so the default applies; a blank list is an empty list', () => {
    const config = readEnvironment('test', variables, { PORT: '', MODE: '  ', TARGET: 'http://x', MODULES: '' });
    expect(config).toEqual({ PORT: 8080, MODE: 'safe', RATIO: undefined, TARGET: 'http://x', MODULES: [] });
    expect(readEnvironment('test', variables, { TARGET: 'http://x' }).MODULES).toBeUndefined();
  });

  it('names every variable that breaks its rule, with its value and what it must be, in one error', () => {
    const read = () => readEnvironment('test', variables, { PORT: '70000', MODE: 'slow', RATIO: '0', MODULES: 'a,B' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      'Invalid test configuration: PORT is "70000"; it must be a whole number from 0 to 65535; ' +
        'MODE is "slow"; it must be one of fast, safe; RATIO is "0"; it must be a number above 0; ' +
        'TARGET is not set; it must be the target URL; ' +
        'MODULES is "a,B"; it must be a comma-separated list of lower-case names.',
    );
  });

  it('shortens a long value in the message', () => {
    expect(() => readEnvironment('test', variables, { TARGET: 'x'.repeat(500) })).toThrow(
      `TARGET is "${'x'.repeat(117)}..."; it must be the target URL.`,
    );
  });
});
