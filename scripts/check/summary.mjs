// The end of `npm run check`: a table of phase times and one closing line whose counts agree with the exit
// status. The tests' own closing line gives passed/failed/skipped; each other step that failed, and tests that
// exited non-zero without a failed test to show (a crash), count as one failure more.
const CLOSING = /^Tests: (\d+) passed, (\d+) failed, (\d+) skipped$/;

/** "name=seconds;…" as .ci/run passes the phases it timed before `npm run check`. */
export function parsePhases(text) {
  return (text ?? '')
    .split(';')
    .filter(Boolean)
    .map((entry) => {
      const [name = '', seconds = '0'] = entry.split('=');
      return { name, seconds: Number(seconds), code: 0 };
    });
}

/**
 * @param {{name: string, code: number, seconds: number, tests?: boolean, tail?: string}[]} results
 * @param {{name: string, code: number, seconds: number}[]} setup
 * @returns {{lines: string[], exitCode: number}}
 */
export function summarize(results, setup = []) {
  const lines = ['', '== phases'];
  const phases = [...setup, ...results];
  for (const phase of phases) {
    const state = phase.code === 0 ? 'ok' : `FAILED (exit ${phase.code})`;
    lines.push(`  ${phase.name.padEnd(12)} ${phase.seconds.toFixed(1).padStart(7)} s  ${state}`);
  }
  const total = phases.reduce((sum, phase) => sum + phase.seconds, 0);
  lines.push(`  ${'total'.padEnd(12)} ${total.toFixed(1).padStart(7)} s`);

  const testStep = results.find((result) => result.tests);
  const closing = (testStep?.tail ?? '')
    .split('\n')
    .map((text) => text.trim())
    .findLast((text) => CLOSING.test(text));
  const [passed, failedTests, skipped] = closing ? (CLOSING.exec(closing) ?? []).slice(1).map(Number) : [0, 0, 0];
  const failedSteps = results.filter((result) => result.code !== 0 && !result.tests);
  const testsCrashed = testStep !== undefined && testStep.code !== 0 && failedTests === 0;
  for (const step of failedSteps) lines.push(`failed step: ${step.name} (exit ${step.code})`);
  if (testsCrashed) lines.push(`failed step: tests exited ${testStep.code} without a failed test to show for it`);
  const failed = failedTests + failedSteps.length + (testsCrashed ? 1 : 0);
  lines.push(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { lines, exitCode: failed > 0 ? 1 : 0 };
}
