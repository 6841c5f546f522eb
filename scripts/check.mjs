#!/usr/bin/env node
// npm run check: everything a contributor runs before pushing, and what CI runs — typecheck, lint, cfn-lint,
// actionlint, bundles up to date, then the tests (the README's test command). Every step runs even after one
// fails, so one run shows every problem; the output ends with the time of each phase and one closing line whose counts agree
// with the exit status: a failed step other than the tests counts as a failure in it.
// CI_SETUP_PHASES ("name=seconds;…") adds phases timed before this script (installs) to the table.
import { spawn } from 'node:child_process';
import { parsePhases, summarize } from './check/summary.mjs';

const STEPS = [
  { name: 'typecheck', args: ['run', '-s', 'typecheck'] },
  { name: 'lint', args: ['run', '-s', 'lint'] },
  { name: 'cfn-lint', args: ['run', '-s', 'cfn-lint'] },
  { name: 'actionlint', args: ['run', '-s', 'actionlint'] },
  { name: 'check-dist', args: ['run', '-s', 'check-dist'] },
  { name: 'tests', args: ['test'], tests: true },
];

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

const { lines, exitCode } = summarize(results, parsePhases(process.env.CI_SETUP_PHASES));
console.log(lines.join('\n'));
process.exit(exitCode);
