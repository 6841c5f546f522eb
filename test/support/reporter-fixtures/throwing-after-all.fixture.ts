import { afterAll, describe, expect, it } from 'vitest';

describe('cleanup', () => {
  afterAll(() => {
    throw new Error('teardown broke');
  });
  it('passes', () => expect(1 + 1).toBe(2));
});
