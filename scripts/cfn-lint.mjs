#!/usr/bin/env node
// npm run cfn-lint [-- template …]: AWS's cfn-lint over the templates (default: cloudformation/*.yaml) at the one
// version the project pins (package.json config.cfnLintVersion). Errors fail; warnings and notes are shown.
// cfn-lint is a Python tool: where it is missing, CI (CI=true) fails saying how to install it, and a developer's
// run says loudly that the check was skipped.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).config.cfnLintVersion;
const install = `pip install cfn-lint==${pinned}`;
const inCi = process.env.CI === 'true';

const templates =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(join(root, 'cloudformation'))
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => relative(process.cwd(), join(root, 'cloudformation', name)));

const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (probe.error) {
  if (inCi) {
    console.error(`cfn-lint is not installed, and CI must run it: ${install}, then run again.`);
    process.exit(1);
  }
  console.log(`\n!!! skipped: cfn-lint not installed — the templates were NOT linted (${install} to run it) !!!\n`);
  process.exit(0);
}
const found = /(\d+\.\d+\.\d+)/.exec(`${probe.stdout}${probe.stderr}`)?.[1] ?? 'an unknown version';
if (found !== pinned) {
  const message = `cfn-lint ${found} is installed, the project pins ${pinned} (${install})`;
  if (inCi) {
    console.error(`${message}: CI lints with the pinned version only.`);
    process.exit(1);
  }
  console.log(`warning: ${message}; linting with ${found} anyway.`);
}

// Exit status is a bit mask: 2 errors, 4 warnings, 8 informational; anything else means cfn-lint itself failed.
const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...templates], { encoding: 'utf8' });
const findings = run.stdout.split('\n').filter((line) => line.trim() !== '');
for (const line of findings) console.log(line);
const count = (level) => findings.filter((line) => line.split(':')[5]?.startsWith(level)).length;
const status = run.status ?? 1;
if (run.stderr.trim() !== '') console.error(run.stderr.trim());
if ((status & ~(2 | 4 | 8)) !== 0) {
  console.error(`cfn-lint ${found} failed to run (exit ${status}).`);
  process.exit(1);
}
const summary = `cfn-lint ${found}: ${templates.length} templates, ${count('E')} errors, ${count('W')} warnings, ${count('I')} notes`;
if ((status & 2) !== 0) {
  console.error(`${summary}: errors fail the check.`);
  process.exit(1);
}
console.log(summary);
