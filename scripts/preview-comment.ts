// npm run preview-comment -- --env dev --base DIR: ci.yml's preview job posts (or updates) one PR comment with
// each stack's change set, from the deploy-stack outputs in PREVIEW_<STACK> / PREVIEW_<STACK>_OUTCOME, and the
// environment's monthly cost with the base revision's templates (DIR, its cloudformation folder) against these.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getOctokit } from '@actions/github';
import { estimateEnvironment } from './cost/environment.js';
import { PIPELINE_STACKS } from './cost/stacks.js';
import type { CostChange } from './preview/comment-body.js';
import { commentBody, commentMarker } from './preview/comment-body.js';
import { upsertComment } from './preview/upsert-comment.js';

const { values } = parseArgs({ options: { env: { type: 'string' }, base: { type: 'string' } }, strict: true });
const env = values.env;
const token = process.env.GITHUB_TOKEN;
const eventPath = process.env.GITHUB_EVENT_PATH;
const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
if (!env || !values.base || !token || !eventPath || !owner || !repo) {
  console.error(
    'usage: npm run preview-comment -- --env <env> --base <base revision cloudformation folder>, in a pull_request ' +
      'job with GITHUB_TOKEN, GITHUB_EVENT_PATH and GITHUB_REPOSITORY set.',
  );
  process.exit(2);
}
const event = JSON.parse(readFileSync(eventPath, 'utf8')) as {
  pull_request?: { number: number; head: { sha: string } };
};
if (!event.pull_request) {
  console.error('The event is not a pull request: there is no comment to write.');
  process.exit(2);
}

const stacks = PIPELINE_STACKS.map((stack) => ({
  stack,
  outcome: process.env[`PREVIEW_${stack.toUpperCase()}_OUTCOME`] || 'skipped',
  markdown: process.env[`PREVIEW_${stack.toUpperCase()}`] ?? '',
}));
let cost: CostChange;
const after = estimateEnvironment(env);
try {
  cost = { before: estimateEnvironment(env, values.base), after };
} catch (error) {
  cost = { after, beforeMissing: (error as Error).message };
}
const body = commentBody(env, event.pull_request.head.sha, stacks, cost);
const result = await upsertComment(
  getOctokit(token, process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {}),
  { owner, repo, number: event.pull_request.number },
  commentMarker(env),
  body,
);
console.log(`${result.action} comment ${result.id} on pull request #${event.pull_request.number}.`);
