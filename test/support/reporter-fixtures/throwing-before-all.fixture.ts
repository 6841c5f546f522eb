import { beforeAll, expect, it } from 'vitest';

beforeAll(() => {
  throw new Error('setup broke');
});
it('never runs', () => expect(true).toBe(true));
