import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bounds on a hang, never a speed check: on a loaded 2-core machine a test that spawns a bundle or a Python
    // kernel can take ten times its usual seconds.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores on CI: integration suites start servers and Python kernels.
    maxWorkers: 2,
    // Environment variables a test stubs (the runner's files, see test/support/runner-files.ts) are put back
    // before the next test.
    unstubEnvs: true,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
