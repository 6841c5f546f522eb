import { expect, it } from 'vitest';

it('adds', () => expect(2 + 3).toBe(5));
it('concatenates', () => expect('a' + 'b').toBe('ab'));
