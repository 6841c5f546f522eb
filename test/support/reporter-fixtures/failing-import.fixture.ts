import { expect, it } from 'vitest';
import { answer } from './throws-on-import.js';

it('uses a module that throws while it loads', () => expect(answer).toBe(42));
