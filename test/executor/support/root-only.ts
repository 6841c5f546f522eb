// Isolation tests need root (each kernel runs as its own uid only when the server is root). Locally such a test
// is skipped without root; under CI=true a skip would hide a hole, so it fails and says how to run it.
import { it } from 'vitest';

export const asRoot = process.getuid?.() === 0;

export function itAsRoot(name: string, test: () => Promise<void>, timeoutMs?: number): void {
  if (asRoot) {
    it(name, test, timeoutMs);
  } else if (process.env.CI === 'true') {
    it(name, () => {
      throw new Error('This isolation test needs root: run the executor tests as root (CI=true never skips it).');
    });
  } else {
    it.skip(name, test);
  }
}
