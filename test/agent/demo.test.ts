import { describe, expect, it } from 'vitest';
import { readScript, scriptSchema } from '../../agent/src/scripted-model.js';
import { totalSalesScript } from './support/scripts.js';

describe('offline demo', () => {
  it('replays the same total-sales script the end-to-end test proves', () => {
    const demo = readScript(new URL('../../agent/demo/total-sales.json', import.meta.url).pathname);
    expect(demo).toEqual(scriptSchema.parse(totalSalesScript()));
  });

  it('explains a broken script file', () => {
    expect(() => readScript('/nonexistent/script.json')).toThrow(
      /Cannot read the model script \/nonexistent\/script.json/,
    );
  });
});
