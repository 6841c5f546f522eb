// Small suites that exercise the closing-line reporter; run one at a time by test/support/closing-line-reporter.test.ts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.fixture.ts'],
    reporters: [fileURLToPath(new URL('../closing-line-reporter.ts', import.meta.url))],
  },
});
