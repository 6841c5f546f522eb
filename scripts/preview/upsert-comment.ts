// One comment per pull request and environment: the first preview creates it, every later one edits it in place
// (found by its hidden marker among the comments of the token's own user), so a PR never collects a pile.
import type { getOctokit } from '@actions/github';

type Octokit = ReturnType<typeof getOctokit>;

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

export async function upsertComment(
  octokit: Octokit,
  pull: PullRequestRef,
  marker: string,
  body: string,
): Promise<{ action: 'created' | 'updated'; id: number }> {
  const where = { owner: pull.owner, repo: pull.repo };
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...where,
    issue_number: pull.number,
    per_page: 100,
  });
  const ours = comments.find((comment) => comment.body?.startsWith(marker) && comment.user?.type === 'Bot');
  if (ours) {
    await octokit.rest.issues.updateComment({ ...where, comment_id: ours.id, body });
    return { action: 'updated', id: ours.id };
  }
  const created = await octokit.rest.issues.createComment({ ...where, issue_number: pull.number, body });
  return { action: 'created', id: created.data.id };
}
