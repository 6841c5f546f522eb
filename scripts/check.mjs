#!/usr/bin/env node
// npm run check: everything a contributor runs before pushing, and what CI runs — typecheck, lint, cfn-lint,
// bundles up to date, then the tests (the README's test command). Every step runs even after one fails, so one
// run shows every problem; the output ends with the time of each phase and one closing line whose counts agree
// with the exit status: a failed step other than the tests counts as a failure in it.
// CI_SETUP_PHASES ("name=seconds;…") adds phases timed before this script (installs) to the table.
import { spawn } from 'node:child_process';

const STEPS = [
  { name: 'typecheck', args: ['run', '-s', 'typecheck'] },
  { name: 'lint', args: ['run', '-s', 'lint'] },
  { name: 'cfn-lint', args: ['run', '-s', 'cfn-lint'] },
  { name: 'check-dist', args: ['run', '-s', 'check-dist'] },
  { name: 'tests', args: ['test'], tests: true },
];
const CLOSING = /^Tests: (\d+) passed, (\d+) failed, (\d+) skipped$/;

/** Runs one step with its output passed through, keeping the tail to read the closing line from. */
function runStep(step) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    console.log(`\n== ${step.name}`);
    const child = spawn('npm', step.args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-16_384);
    });
    const finish = (code) => resolve({ ...step, code, tail, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    child.on('error', (error) => {
      console.error(`${step.name}: could not start npm: ${error.message}`);
      finish(127);
    });
    child.on('close', (code) => finish(code ?? 1));
  });
}

const results = [];
for (const step of STEPS) results.push(await runStep(step));

const setup = (process.env.CI_SETUP_PHASES ?? '')
  .split(';')
  .filter(Boolean)
  .map((entry) => {
    const [name, seconds] = entry.split('=');
    return { name, seconds: Number(seconds), code: 0 };
  });
console.log('\n== phases');
for (const phase of [...setup, ...results]) {
  const state = phase.code === 0 ? 'ok' : `FAILED (exit ${phase.code})`;
  console.log(`  ${phase.name.padEnd(12)} ${phase.seconds.toFixed(1).padStart(7)} s  ${state}`);
}
const total = [...setup, ...results].reduce((sum, phase) => sum + phase.seconds, 0);
console.log(`  ${'total'.padEnd(12)} ${total.toFixed(1).padStart(7)} s`);

const testStep = results.find((result) => result.tests);
const line = testStep.tail
  .split('\n')
  .map((text) => text.trim())
  .findLast((text) => CLOSING.test(text));
const [passed, failedTests, skipped] = line ? CLOSING.exec(line).slice(1).map(Number) : [0, 0, 0];
const failedSteps = results.filter((result) => result.code !== 0 && !result.tests);
// Tests that exited non-zero without a closing line (a crash) count as one failure.
const testCrash = testStep.code !== 0 && failedTests === 0 ? 1 : 0;
const failed = failedTests + failedSteps.length + testCrash;
for (const step of failedSteps) console.log(`failed step: ${step.name} (exit ${step.code})`);
if (testCrash) console.log(`failed step: tests exited ${testStep.code} without a failed test to show for it`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
