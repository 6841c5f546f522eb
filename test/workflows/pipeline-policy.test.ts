// The pipeline's rules over the parsed workflows: each holds on the repository's files and fails on a copy
// broken the way a careless change would break it.
import { describe, expect, it } from 'vitest';
import {
  actionsPinnedBySha,
  copyOf,
  deployFollowsThePlan,
  deploysNeverCancelled,
  everyJobHasATimeout,
  idTokenOnlyWhereUsed,
  type Job,
  loadWorkflows,
  noCredentialsForForks,
  previewFollowsThePlan,
  prodOnlyBehindEnvironment,
  promotionDoesNotBuild,
  type Step,
  type Workflow,
} from './support/workflows.js';

const workflows = loadWorkflows();

function broken(change: (copy: Record<string, Workflow>) => void): Record<string, Workflow> {
  const copy = copyOf(workflows);
  change(copy);
  return copy;
}

/** A job of a copy, which the tests know exists. */
function job(copy: Record<string, Workflow>, file: string, name: string): Job {
  const found = copy[file]?.jobs[name];
  if (!found) throw new Error(`${file} has no job ${name}`);
  return found;
}

function workflow(copy: Record<string, Workflow>, file: string): Workflow {
  const found = copy[file];
  if (!found) throw new Error(`there is no ${file}`);
  return found;
}

function deploySteps(copy: Record<string, Workflow>): Step[] {
  return job(copy, 'deploy.yml', 'deploy').steps ?? [];
}

function deployStep(copy: Record<string, Workflow>, id: string): Step {
  const found = deploySteps(copy).find((s) => s.id === id);
  if (!found) throw new Error(`deploy.yml has no step ${id}`);
  return found;
}

it('has the four workflows of the pipeline', () => {
  expect(Object.keys(workflows).sort()).toEqual(['ci.yml', 'deploy.yml', 'dev.yml', 'promote.yml']);
});

describe('prod only behind environment: prod', () => {
  it('holds', () => expect(prodOnlyBehindEnvironment(workflows)).toEqual([]));
  it('fails when the deploy job loses its environment', () => {
    const copy = broken((c) => {
      delete job(c, 'deploy.yml', 'deploy').environment;
    });
    expect(prodOnlyBehindEnvironment(copy)).toEqual([
      'deploy.yml job deploy does not run behind environment ${{ inputs.environment }}',
    ]);
  });
  it('fails when a push deploys prod', () => {
    const copy = broken((c) => {
      job(c, 'dev.yml', 'deploy').with = { ...job(c, 'dev.yml', 'deploy').with, environment: 'prod' };
    });
    expect(prodOnlyBehindEnvironment(copy)).toContain(
      'dev.yml job deploy deploys prod but the workflow is triggered by push',
    );
  });
});

describe('promotion builds nothing and ships the recorded digests', () => {
  it('holds', () => expect(promotionDoesNotBuild(workflows)).toEqual([]));
  it('fails on a build step in promote.yml', () => {
    const copy = broken((c) => {
      job(c, 'promote.yml', 'digests').steps?.push({ name: 'rebuild', uses: './actions/push-image' });
    });
    expect(promotionDoesNotBuild(copy)).toEqual(['promote.yml job digests builds: rebuild']);
  });
  it('fails when the images come from an input instead of the record', () => {
    const copy = broken((c) => {
      const call = job(c, 'promote.yml', 'deploy');
      call.with = { ...call.with, 'agent-image': '${{ inputs.agent-image }}' };
    });
    expect(promotionDoesNotBuild(copy)).toEqual([
      'promote.yml passes agent-image from somewhere other than the recorded digests',
    ]);
  });
  it('fails when dev stops recording the digests', () => {
    const copy = broken((c) => {
      const steps = job(c, 'dev.yml', 'images').steps ?? [];
      job(c, 'dev.yml', 'images').steps = steps.filter((s) => !s.uses?.startsWith('actions/upload-artifact@'));
    });
    expect(promotionDoesNotBuild(copy)).toEqual(['dev.yml does not record images-<sha>']);
  });
});

describe('no deploy credentials reach fork pull requests', () => {
  it('holds', () => expect(noCredentialsForForks(workflows)).toEqual([]));
  it('fails when the preview job stops checking where the pull request comes from', () => {
    const copy = broken((c) => {
      job(c, 'ci.yml', 'preview').if = "github.event_name == 'pull_request'";
    });
    expect(noCredentialsForForks(copy)).toEqual([
      'ci.yml job preview gets AWS credentials without checking the pull request comes from this repository',
    ]);
  });
  it('fails on pull_request_target', () => {
    const copy = broken((c) => {
      workflow(c, 'ci.yml').on.pull_request_target = {};
    });
    expect(noCredentialsForForks(copy)).toContain('ci.yml runs on pull_request_target');
  });
  it('fails when a pull request job reaches for the deploy role', () => {
    const copy = broken((c) => {
      Object.assign(job(c, 'ci.yml', 'checks'), { env: { ROLE: '${{ vars.DEPLOY_ROLE_ARN }}' } });
    });
    expect(noCredentialsForForks(copy)).toEqual(['ci.yml job checks reaches for a deploy role']);
  });
});

describe('id-token: write only where a role is assumed', () => {
  it('holds', () => expect(idTokenOnlyWhereUsed(workflows)).toEqual([]));
  it('fails on a job that has it for nothing', () => {
    const copy = broken((c) => {
      const digests = job(c, 'promote.yml', 'digests');
      digests.permissions = { ...digests.permissions, 'id-token': 'write' };
    });
    expect(idTokenOnlyWhereUsed(copy)).toEqual(['promote.yml job digests has id-token: write but assumes no role']);
  });
  it('fails when a whole workflow gets it', () => {
    const copy = broken((c) => {
      const ci = workflow(c, 'ci.yml');
      ci.permissions = { ...ci.permissions, 'id-token': 'write' };
    });
    expect(idTokenOnlyWhereUsed(copy)).toEqual(['ci.yml grants id-token to every job']);
  });
});

describe('every external action pinned to a commit SHA', () => {
  it('holds', () => expect(actionsPinnedBySha(workflows)).toEqual([]));
  it('fails on a tag', () => {
    const copy = broken((c) => {
      workflow(c, 'ci.yml').text = workflow(c, 'ci.yml').text.replace(
        /actions\/checkout@[0-9a-f]{40} # v[\d.]+/,
        'actions/checkout@v7',
      );
    });
    expect(actionsPinnedBySha(copy)).toEqual([expect.stringMatching(/^ci\.yml:\d+ - uses: actions\/checkout@v7$/)]);
  });
});

describe('jobs are bounded and deployments never cancelled', () => {
  it('holds', () => {
    expect(everyJobHasATimeout(workflows)).toEqual([]);
    expect(deploysNeverCancelled(workflows)).toEqual([]);
  });
  it('fails on a job without a timeout', () => {
    const copy = broken((c) => {
      delete job(c, 'dev.yml', 'images')['timeout-minutes'];
    });
    expect(everyJobHasATimeout(copy)).toEqual(['dev.yml job images has no timeout-minutes']);
  });
  it('fails when a newer run may cancel a deployment', () => {
    const copy = broken((c) => {
      const deploy = job(c, 'deploy.yml', 'deploy');
      deploy.concurrency = { group: deploy.concurrency?.group ?? '', 'cancel-in-progress': true };
    });
    expect(deploysNeverCancelled(copy)).toEqual(['deploy.yml may cancel a deployment in progress']);
  });
});

describe('deploy order network → platform → images → executor → runtime → smoke test, then rollback', () => {
  it('holds', () => expect(deployFollowsThePlan(workflows)).toEqual([]));
  it('fails when the executor is deployed before the platform', () => {
    const copy = broken((c) => {
      const steps = deploySteps(c);
      const platform = steps.findIndex((s) => s.id === 'platform');
      const executor = steps.findIndex((s) => s.id === 'executor');
      [steps[platform], steps[executor]] = [steps[executor] as Step, steps[platform] as Step];
    });
    expect(deployFollowsThePlan(copy)[0]).toMatch(/^deploy\.yml runs .*executor → images → platform/);
  });
  it('fails when a stack parameter wired from an earlier output is dropped', () => {
    const copy = broken((c) => {
      const executor = deployStep(c, 'executor');
      executor.with = {
        ...executor.with,
        parameters: String(executor.with?.parameters).replace(/\nExecutorLogGroupName=.*/, ''),
      };
    });
    expect(deployFollowsThePlan(copy)).toEqual([expect.stringMatching(/^deploy\.yml step executor gives parameters/)]);
  });
  it('fails without the rollback step', () => {
    const copy = broken((c) => {
      job(c, 'deploy.yml', 'deploy').steps = deploySteps(c).filter((s) => s.id !== 'rollback');
    });
    expect(deployFollowsThePlan(copy)).toEqual(['deploy.yml has no rollback step after the smoke test']);
  });
  it('fails when the rollback runs on any failure, not the smoke test', () => {
    const copy = broken((c) => {
      deployStep(c, 'rollback').if = 'failure()';
    });
    expect(deployFollowsThePlan(copy)).toEqual(['deploy.yml rolls back on something other than a failed smoke test']);
  });
});

describe('the PR preview previews what deploy.yml deploys', () => {
  it('holds', () => expect(previewFollowsThePlan(workflows)).toEqual([]));
  it('fails when the preview forgets a wired parameter', () => {
    const copy = broken((c) => {
      const step = (job(c, 'ci.yml', 'preview').steps ?? []).find((s) => s.id === 'platform');
      if (step)
        step.with = { ...step.with, parameters: String(step.with?.parameters).replace(/\nS3PrefixListId=.*/, '') };
    });
    expect(previewFollowsThePlan(copy)).toEqual([
      expect.stringMatching(/^ci\.yml preview step platform gives parameters/),
    ]);
  });
  it('fails when a preview step would deploy', () => {
    const copy = broken((c) => {
      const step = (job(c, 'ci.yml', 'preview').steps ?? []).find((s) => s.id === 'executor');
      if (step) step.with = { ...step.with, mode: 'deploy' };
    });
    expect(previewFollowsThePlan(copy)).toEqual(['ci.yml preview step executor is not deploy-stack in preview mode']);
  });
});
