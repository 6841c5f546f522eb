// The repository's workflows, parsed, and the pipeline's rules over them: each rule returns what breaks it, so a
// test shows a rule passing on the real files and failing on a broken copy.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../../../scripts/cost/stacks.js';
import { deployPlan, projectName, type Ref, rollbackInputs } from '../../../scripts/deploy/plan.js';
import { githubExpression, render } from '../../../scripts/deploy/values.js';

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

export interface Job {
  'runs-on'?: string;
  'timeout-minutes'?: number;
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  needs?: string | string[];
  uses?: string;
  with?: Record<string, string>;
  steps?: Step[];
}

export interface Workflow {
  file: string;
  text: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export const WORKFLOWS_DIR = join(import.meta.dirname, '..', '..', '..', '.github', 'workflows');

export function loadWorkflows(dir = WORKFLOWS_DIR): Record<string, Workflow> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.yml'))
      .map((file) => {
        const text = readFileSync(join(dir, file), 'utf8');
        const data = parse(text) as Omit<Workflow, 'file' | 'text'>;
        return [file, { ...data, file, text }];
      }),
  );
}

/** A deep copy to break in a test. */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}

const DEPLOY_CALL = './.github/workflows/deploy.yml';
const CREDENTIALS = 'aws-actions/configure-aws-credentials@';

function environmentOf(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

function assumesRole(job: Job): boolean {
  return (job.steps ?? []).some((step) => step.uses?.startsWith(CREDENTIALS));
}

function triggers(workflow: Workflow): string[] {
  return Object.keys(workflow.on ?? {});
}

function jobs(workflows: Record<string, Workflow>): Array<[Workflow, string, Job]> {
  return Object.values(workflows).flatMap((w) =>
    Object.entries(w.jobs).map(([name, job]): [Workflow, string, Job] => [w, name, job]),
  );
}

/** prod is reached only by promote.yml (manual), through deploy.yml, whose deploying job runs behind `environment:`. */
export function prodOnlyBehindEnvironment(workflows: Record<string, Workflow>): string[] {
  const problems: string[] = [];
  for (const [workflow, name, job] of jobs(workflows)) {
    const where = `${workflow.file} job ${name}`;
    if (
      job.uses === DEPLOY_CALL &&
      job.with?.environment === 'prod' &&
      triggers(workflow).join() !== 'workflow_dispatch'
    ) {
      problems.push(`${where} deploys prod but the workflow is triggered by ${triggers(workflow).join(', ')}`);
    }
    if (environmentOf(job) === 'prod' && workflow.file !== 'deploy.yml') {
      problems.push(`${where} uses the prod environment outside deploy.yml`);
    }
    if (/\bprod\b/.test(JSON.stringify(job.steps ?? [])) && workflow.file !== 'deploy.yml') {
      problems.push(`${where} names prod in its steps`);
    }
  }
  const deploy = workflows['deploy.yml']?.jobs.deploy;
  if (!deploy || environmentOf(deploy) !== '${{ inputs.environment }}') {
    problems.push('deploy.yml job deploy does not run behind environment ${{ inputs.environment }}');
  }
  const promotions = jobs(workflows).filter(
    ([, , job]) => job.uses === DEPLOY_CALL && job.with?.environment === 'prod',
  );
  if (promotions.length === 0) problems.push('no workflow promotes to prod through deploy.yml');
  return problems;
}

const BUILDS = /\b(push-image|docker (buildx )?build|buildah|podman build|scripts\/build\.mjs|npm run build)\b/;

/** promote.yml never builds: it consumes the digests dev recorded for the commit, and deploy.yml builds nothing. */
export function promotionDoesNotBuild(workflows: Record<string, Workflow>): string[] {
  const problems: string[] = [];
  for (const file of ['promote.yml', 'deploy.yml']) {
    for (const [name, job] of Object.entries(workflows[file]?.jobs ?? {})) {
      for (const step of job.steps ?? []) {
        if (BUILDS.test(`${step.uses ?? ''}\n${step.run ?? ''}`))
          problems.push(`${file} job ${name} builds: ${step.name ?? step.id ?? step.uses}`);
      }
    }
  }
  const promote = workflows['promote.yml'];
  const call = Object.values(promote?.jobs ?? {}).find((job) => job.uses === DEPLOY_CALL);
  const recorded = Object.values(promote?.jobs ?? {})
    .flatMap((job) => job.steps ?? [])
    .find((step) => step.uses?.startsWith('actions/download-artifact@'));
  if (recorded?.with?.name !== 'images-${{ inputs.commit }}') {
    problems.push('promote.yml does not download the images-<commit> artifact dev recorded');
  }
  for (const image of ['executor-image', 'agent-image']) {
    if (!call?.with?.[image]?.startsWith('${{ needs.digests.outputs.')) {
      problems.push(`promote.yml passes ${image} from somewhere other than the recorded digests`);
    }
  }
  if (call?.with?.commit !== '${{ inputs.commit }}') problems.push('promote.yml deploys templates of another commit');
  const dev = workflows['dev.yml'];
  const upload = Object.values(dev?.jobs ?? {})
    .flatMap((job) => job.steps ?? [])
    .find((step) => step.uses?.startsWith('actions/upload-artifact@'));
  if (upload?.with?.name !== 'images-${{ github.sha }}') problems.push('dev.yml does not record images-<sha>');
  return problems;
}

const SAME_REPOSITORY = 'github.event.pull_request.head.repo.full_name == github.repository';

/** No deploy credentials for pull requests, and the preview role only for pull requests from this repository. */
export function noCredentialsForForks(workflows: Record<string, Workflow>): string[] {
  const problems: string[] = [];
  for (const workflow of Object.values(workflows)) {
    if (triggers(workflow).includes('pull_request_target'))
      problems.push(`${workflow.file} runs on pull_request_target`);
    if (!triggers(workflow).includes('pull_request')) continue;
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const where = `${workflow.file} job ${name}`;
      if (environmentOf(job)) problems.push(`${where} runs a pull request behind environment ${environmentOf(job)}`);
      if (job.uses) problems.push(`${where} calls ${job.uses} on a pull request`);
      if (/DEPLOY_ROLE_ARN/.test(JSON.stringify(job))) problems.push(`${where} reaches for a deploy role`);
      if ((assumesRole(job) || job.permissions?.['id-token'] === 'write') && !job.if?.includes(SAME_REPOSITORY)) {
        problems.push(`${where} gets AWS credentials without checking the pull request comes from this repository`);
      }
    }
  }
  return problems;
}

/** id-token: write only on a job that assumes a role, or calls deploy.yml, and never for a whole workflow. */
export function idTokenOnlyWhereUsed(workflows: Record<string, Workflow>): string[] {
  const problems: string[] = [];
  for (const workflow of Object.values(workflows)) {
    if (workflow.permissions?.['id-token']) problems.push(`${workflow.file} grants id-token to every job`);
  }
  for (const [workflow, name, job] of jobs(workflows)) {
    const needs = assumesRole(job) || job.uses === DEPLOY_CALL;
    const has = job.permissions?.['id-token'] === 'write';
    if (has && !needs) problems.push(`${workflow.file} job ${name} has id-token: write but assumes no role`);
    if (needs && !has) problems.push(`${workflow.file} job ${name} assumes a role without id-token: write`);
  }
  return problems;
}

/** Every action from outside the repository is pinned to a full commit SHA, its version in a comment. */
export function actionsPinnedBySha(workflows: Record<string, Workflow>): string[] {
  return Object.values(workflows).flatMap((workflow) =>
    workflow.text
      .split('\n')
      .map((line, index) => ({ line: line.trim(), number: index + 1 }))
      .filter(({ line }) => /^(- )?uses:/.test(line) && !/uses:\s*\.\//.test(line))
      .filter(({ line }) => !/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(line))
      .map(({ line, number }) => `${workflow.file}:${number} ${line}`),
  );
}

/** Every job that runs steps has a timeout. */
export function everyJobHasATimeout(workflows: Record<string, Workflow>): string[] {
  return jobs(workflows)
    .filter(([, , job]) => !job.uses && typeof job['timeout-minutes'] !== 'number')
    .map(([workflow, name]) => `${workflow.file} job ${name} has no timeout-minutes`);
}

/** One deployment per environment at a time, never cancelled. */
export function deploysNeverCancelled(workflows: Record<string, Workflow>): string[] {
  const job = workflows['deploy.yml']?.jobs.deploy;
  const problems: string[] = [];
  if (!job?.concurrency?.group.includes('${{ inputs.environment }}'))
    problems.push('deploy.yml has no concurrency group per environment');
  if (job?.concurrency?.['cancel-in-progress'] !== false)
    problems.push('deploy.yml may cancel a deployment in progress');
  return problems;
}

function plannedWith(value: Parameters<typeof render>[0]): string {
  return render(value, githubExpression);
}

/** deploy.yml's chain is the deploy plan: same steps, same order, same inputs; the rollback follows the smoke test. */
export function deployFollowsThePlan(workflows: Record<string, Workflow>): string[] {
  const steps = workflows['deploy.yml']?.jobs.deploy?.steps ?? [];
  const problems: string[] = [];
  const plan = deployPlan(projectName(ENVIRONMENTS));
  const ids = steps.map((step) => step.id).filter((id) => id !== undefined);
  const order = plan.map((step) => step.id);
  if (ids.slice(0, order.length).join(' → ') !== order.join(' → ')) {
    problems.push(`deploy.yml runs ${ids.join(' → ')}; the plan is ${order.join(' → ')}`);
  }
  for (const planned of plan) {
    const step = steps.find((s) => s.id === planned.id);
    if (!step) continue;
    if (planned.kind !== 'images' && step.uses !== `./actions/${planned.kind}`) {
      problems.push(`deploy.yml step ${planned.id} uses ${step.uses}, not ./actions/${planned.kind}`);
    }
    const given = planned.kind === 'images' ? (step.env ?? {}) : (step.with ?? {});
    for (const [input, value] of Object.entries(planned.inputs)) {
      const key = planned.kind === 'images' ? input.toUpperCase().replace(/-/g, '_') : input;
      if (given[key] !== plannedWith(value)) {
        problems.push(
          `deploy.yml step ${planned.id} gives ${key} ${JSON.stringify(given[key])}, the plan ${JSON.stringify(plannedWith(value))}`,
        );
      }
    }
  }
  const smoke = steps.findIndex((step) => step.id === 'smoke');
  const rollback = steps.findIndex((step) => step.id === 'rollback');
  const step = steps[rollback];
  if (rollback < 0 || rollback < smoke) problems.push('deploy.yml has no rollback step after the smoke test');
  else if (!step?.if?.includes('failure()') || !step.if.includes("steps.smoke.outcome == 'failure'")) {
    problems.push('deploy.yml rolls back on something other than a failed smoke test');
  } else {
    const expected = Object.fromEntries(Object.entries(rollbackInputs()).map(([k, v]) => [k, plannedWith(v)]));
    if (step.uses !== './actions/create-runtime' || JSON.stringify(step.with) !== JSON.stringify(expected)) {
      problems.push('deploy.yml rollback does not move the endpoint back to the previous version with create-runtime');
    }
  }
  return problems;
}

/** ci.yml's preview runs the plan's stack steps for dev in preview mode: the same templates and parameters. */
export function previewFollowsThePlan(workflows: Record<string, Workflow>): string[] {
  const steps = workflows['ci.yml']?.jobs.preview?.steps ?? [];
  const write = (ref: Ref): string =>
    ref.kind === 'environment'
      ? 'dev'
      : ref.kind === 'variable'
        ? `\${{ vars.DEV_${ref.name} }}`
        : ref.kind === 'output' && ref.step === 'images'
          ? `\${{ steps.image.outputs.${ref.name} }}`
          : githubExpression(ref);
  const problems: string[] = [];
  for (const planned of deployPlan(projectName(ENVIRONMENTS)).filter((step) => step.kind === 'deploy-stack')) {
    const step = steps.find((s) => s.id === planned.id);
    if (!step) {
      problems.push(`ci.yml preview has no step ${planned.id}`);
      continue;
    }
    if (step.uses !== './actions/deploy-stack' || step.with?.mode !== 'preview') {
      problems.push(`ci.yml preview step ${planned.id} is not deploy-stack in preview mode`);
    }
    for (const input of ['stack-name', 'template', 'parameters']) {
      const value = planned.inputs[input];
      if (value && step.with?.[input] !== render(value, write)) {
        problems.push(
          `ci.yml preview step ${planned.id} gives ${input} ${JSON.stringify(step.with?.[input])}, the plan ${JSON.stringify(render(value, write))}`,
        );
      }
    }
  }
  return problems;
}
