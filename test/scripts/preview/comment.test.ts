// The preview comment: its body (changes per stack, the cost before and after), and one comment per pull request
// kept up to date through the GitHub REST API (a local server standing in for api.github.com).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateEnvironment } from '../../../scripts/cost/environment.js';
import { commentBody, commentMarker } from '../../../scripts/preview/comment-body.js';
import { upsertComment } from '../../../scripts/preview/upsert-comment.js';

const stacks = [
  { stack: 'network', outcome: 'success', markdown: '#### `bedrock-manus-dev-network`\n\nNo changes.' },
  { stack: 'platform', outcome: 'failure', markdown: '' },
  { stack: 'executor', outcome: 'skipped', markdown: '' },
];

describe('commentBody', () => {
  const after = estimateEnvironment('dev');
  const prod = estimateEnvironment('prod');

  it('starts with its marker and gives each stack its changes or why it has none', () => {
    const body = commentBody('dev', 'f'.repeat(40), stacks, { before: after, after });
    expect(body.startsWith(`${commentMarker('dev')}\n## Change-set preview of dev`)).toBe(true);
    expect(body).toContain('#### `bedrock-manus-dev-network`\n\nNo changes.');
    expect(body).toContain('#### `platform`\n\nThe preview ended: failure; the job log says why.');
    expect(body).toContain('#### `executor`\n\nThe preview was not run (an earlier step failed)');
    expect(body).toContain(`$${after.total.toFixed(2)} → $${after.total.toFixed(2)} (+$0.00/month): no line moved.`);
  });

  it('lists the lines that moved with the total change', () => {
    const body = commentBody('dev', 'f'.repeat(40), stacks, { before: after, after: prod });
    const delta = prod.total - after.total;
    expect(body).toContain(`$${after.total.toFixed(2)} → $${prod.total.toFixed(2)} (+$${delta.toFixed(2)}/month)`);
    expect(body).toMatch(/\| Item \| Before \| After \| Change \|\n\| --- \|/);
    const rows = body.split('\n').filter((line) => /^\| (?!Item|---)/.test(line));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('says why there is no figure before', () => {
    const body = commentBody('dev', 'f'.repeat(40), stacks, { after, beforeMissing: 'no parameters for dev' });
    expect(body).toContain(`$${after.total.toFixed(2)} (no figure before: no parameters for dev).`);
  });
});

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

describe('upsertComment', () => {
  const comments: Comment[] = [];
  const requests: string[] = [];
  let baseUrl = '';
  const server = createServer(async (request: IncomingMessage, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    requests.push(`${request.method} ${request.url}`);
    response.setHeader('content-type', 'application/json');
    const update = /^\/repos\/owner\/repo\/issues\/comments\/(\d+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && request.url?.startsWith('/repos/owner/repo/issues/7/comments')) {
      response.end(JSON.stringify(comments));
    } else if (request.method === 'POST' && request.url === '/repos/owner/repo/issues/7/comments') {
      const comment = {
        id: 100 + comments.length,
        body: JSON.parse(text).body,
        user: { login: 'github-actions[bot]', type: 'Bot' },
      };
      comments.push(comment);
      response.statusCode = 201;
      response.end(JSON.stringify(comment));
    } else if (request.method === 'PATCH' && update) {
      const comment = comments.find((c) => c.id === Number(update[1]));
      if (comment) comment.body = JSON.parse(text).body;
      response.end(JSON.stringify(comment));
    } else {
      response.statusCode = 404;
      response.end('{"message":"Not Found"}');
    }
  });
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('creates the comment once, then updates it, leaving a person quoting the marker alone', async () => {
    const octokit = getOctokit('test-token', { baseUrl, request: { retries: 0 } });
    const pull = { owner: 'owner', repo: 'repo', number: 7 };
    const marker = commentMarker('dev');
    comments.push({ id: 1, body: `${marker} quoted by a reviewer`, user: { login: 'someone', type: 'User' } });
    expect(await upsertComment(octokit, pull, marker, `${marker}\nfirst`)).toEqual({ action: 'created', id: 101 });
    expect(await upsertComment(octokit, pull, marker, `${marker}\nsecond`)).toEqual({ action: 'updated', id: 101 });
    expect(comments.map((c) => c.body)).toEqual([`${marker} quoted by a reviewer`, `${marker}\nsecond`]);
    expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([
      'POST /repos/owner/repo/issues/7/comments',
      'PATCH /repos/owner/repo/issues/comments/101',
    ]);
  });
});
