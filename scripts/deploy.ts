// npm run deploy -- --env <dev|staging|prod> [--dry-run] [--executor-image IMAGE@sha256:… --agent-image …]:
// the pipeline's deploy chain from a terminal with your own AWS credentials (first bootstrap, teams not on
// GitHub). It runs the repository's own actions, as deploy.yml does. Without image digests it builds and
// pushes both images with push-image (a docker CLI is needed then); with them, they must already be in this
// environment's repositories. PERMISSIONS_BOUNDARY_ARN comes from the environment, as the GitHub variable does.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLOUDFORMATION_DIR, ENVIRONMENTS } from './cost/stacks.js';
import { runChain } from './deploy/chain.js';
import { dryRunText } from './deploy/dry-run.js';
import { placeImages } from './deploy/local-images.js';
import { deployPlan, PIPELINE_VARIABLES, projectName, SMOKE_DATASET } from './deploy/plan.js';
import { runAction } from './deploy/run-action.js';
import { writeSampleData } from './sample-data/write.js';

const ROOT = dirname(CLOUDFORMATION_DIR);

function usage(problem: string): never {
  console.error(
    `${problem}\nusage: npm run deploy -- --env <${ENVIRONMENTS.join('|')}> [--dry-run] ` +
      '[--executor-image IMAGE@sha256:… --agent-image IMAGE@sha256:…]',
  );
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    env: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'executor-image': { type: 'string', default: '' },
    'agent-image': { type: 'string', default: '' },
  },
  strict: true,
});
const environment = values.env ?? usage('Give the environment to deploy with --env.');
if (!(ENVIRONMENTS as readonly string[]).includes(environment)) usage(`There is no environment named ${environment}.`);
if (Boolean(values['executor-image']) !== Boolean(values['agent-image'])) {
  usage('Give both --executor-image and --agent-image, or neither (then both are built and pushed).');
}
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "the AWS CLI profile's region";
const plan = deployPlan(projectName(ENVIRONMENTS));

if (values['dry-run']) {
  const images = { 'executor-image': values['executor-image'], 'agent-image': values['agent-image'] };
  console.log(dryRunText(plan, { environment, region, root: ROOT, images }));
  process.exit(0);
}

const variables: Record<string, string> = {};
for (const name of Object.values(PIPELINE_VARIABLES)) {
  const value = process.env[name];
  if (!value) usage(`Set ${name} (the output of the ${environment} github-oidc stack) before deploying.`);
  variables[name] = value;
}
writeSampleData(join(ROOT, dirname(dirname(SMOKE_DATASET))));
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const result = await runChain(
  plan,
  {
    environment,
    variables,
    inputs: { 'executor-image': values['executor-image'], 'agent-image': values['agent-image'] },
    outputs: {},
  },
  {
    runAction: (action, inputs) => runAction(action, inputs),
    placeImages: (inputs) => placeImages(inputs, { commit, runAction }),
    log: (line) => console.log(`\n== ${line}`),
  },
);
if (result.ok) {
  console.log(
    `\n${environment} is deployed: endpoint ${environment} serves version ${result.outputs.runtime?.['runtime-version']}.`,
  );
} else {
  const back = result.rolledBackTo ? ` The endpoint was moved back to version ${result.rolledBackTo}.` : '';
  console.error(`\nThe deployment of ${environment} failed at step ${result.failedStep}.${back}`);
  process.exitCode = 1;
}
