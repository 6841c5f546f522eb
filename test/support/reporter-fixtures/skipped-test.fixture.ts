import { expect, it } from 'vitest';

it('passes', () => expect('a').toBe('a'));
it.skip('is skipped', () => expect('a').toBe('b'));
