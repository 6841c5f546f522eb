// The deployment chain of one environment, declared once: `npm run deploy` runs it and prints it (--dry-run),
// and .github/workflows/deploy.yml is held to it by test/workflows/deploy-plan.test.ts. Which stack parameters
// come from which earlier outputs is read from each template's Metadata (StackOutputs, PipelineInputs).
import type { Template } from '../../actions/lib/cfn-template.js';
import { loadParameters, loadTemplate, PIPELINE_STACKS, type PipelineStack } from '../cost/stacks.js';

/** A value known only while the chain runs. */
export type Ref =
  | { kind: 'environment' }
  | { kind: 'variable'; name: string }
  | { kind: 'input'; name: ImageInput }
  | { kind: 'output'; step: StepId; name: string };

/** An input's value: literal text and references, concatenated. */
export type Value = Array<string | Ref>;

export type ImageInput = 'executor-image' | 'agent-image';
export type StepId = PipelineStack | 'images' | 'runtime' | 'smoke';
export type StepKind = 'deploy-stack' | 'images' | 'create-runtime' | 'smoke-test';

export interface PlanStep {
  id: StepId;
  kind: StepKind;
  /** What the step is for, one line. */
  title: string;
  inputs: Record<string, Value>;
}

/** The chain's order; every step may use the outputs of the steps before it. */
export const DEPLOY_ORDER: readonly StepId[] = ['network', 'platform', 'images', 'executor', 'runtime', 'smoke'];

/** GitHub environment variables the chain reads (written once per environment at bootstrap). */
export const PIPELINE_VARIABLES = { PermissionsBoundaryArn: 'PERMISSIONS_BOUNDARY_ARN' } as const;

/** Where the smoke test's dataset is generated (`npm run sample-data -- --out smoke-data`). */
export const SMOKE_DATASET = 'smoke-data/en/sales.csv';

const environment: Ref = { kind: 'environment' };
const output = (step: StepId, name: string): Ref => ({ kind: 'output', step, name });

/** The Project parameter every parameters file shares; stack names start with it. */
export function projectName(environments: readonly string[], dir?: string): string {
  const names = new Set(
    environments.flatMap((env) => PIPELINE_STACKS.map((stack) => loadParameters(env, stack, dir).Project)),
  );
  const [name, ...others] = [...names];
  if (!name || others.length > 0) {
    throw new Error(`The parameters files must share one Project value; found ${[...names].join(', ') || 'none'}.`);
  }
  return name;
}

export function stackName(project: string, stack: PipelineStack): Value {
  return [`${project}-`, environment, `-${stack}`];
}

interface PipelineMetadata {
  StackOutputs?: Partial<Record<PipelineStack, string[]>>;
  PipelineInputs?: string[];
}

/** The parameter lines a stack gets on top of its parameters file: earlier outputs and pipeline inputs. */
export function wiredParameters(stack: PipelineStack, template: Template): Array<[string, Ref]> {
  const metadata = (template.Metadata ?? {}) as PipelineMetadata;
  const fromOutputs = Object.entries(metadata.StackOutputs ?? {}).flatMap(([from, names]) =>
    (names ?? []).map((name): [string, Ref] => [name, output(from as PipelineStack, name)]),
  );
  const fromPipeline = (metadata.PipelineInputs ?? []).map((name): [string, Ref] => {
    if (name === 'ExecutorImage') return [name, output('images', 'executor')];
    const variable = PIPELINE_VARIABLES[name as keyof typeof PIPELINE_VARIABLES];
    if (!variable) throw new Error(`${stack}.yaml names a pipeline input ${name} that the deploy plan cannot fill.`);
    return [name, { kind: 'variable', name: variable }];
  });
  return [...fromOutputs, ...fromPipeline];
}

function lines(...rows: Value[]): Value {
  return rows.flatMap((row, index) => (index === 0 ? row : ['\n', ...row]));
}

function stackStep(project: string, stack: PipelineStack, dir?: string): PlanStep {
  const wired = wiredParameters(stack, loadTemplate(stack, dir));
  return {
    id: stack,
    kind: 'deploy-stack',
    title: `deploy the ${stack} stack`,
    inputs: {
      'stack-name': stackName(project, stack),
      template: [`cloudformation/${stack}.yaml`],
      parameters: lines(
        ['cloudformation/parameters/', environment, `/${stack}.json`],
        ...wired.map(([key, ref]): Value => [`${key}=`, ref]),
      ),
      // A change that would replace or remove a bucket, VPC, subnet, repository or log group stops the chain.
      'allow-replacement': ['false'],
    },
  };
}

/** The whole chain, references unresolved: the same for every environment. */
export function deployPlan(project: string, dir?: string): PlanStep[] {
  const stacks = PIPELINE_STACKS.map((stack) => stackStep(project, stack, dir));
  const runtimeName = output('platform', 'RuntimeName');
  return [
    ...stacks.slice(0, 2),
    {
      id: 'images',
      kind: 'images',
      title: "put both images, by digest, into this environment's repositories",
      inputs: {
        'executor-image': [{ kind: 'input', name: 'executor-image' }],
        'agent-image': [{ kind: 'input', name: 'agent-image' }],
        'executor-repository': [output('platform', 'ExecutorRepositoryUri')],
        'agent-repository': [output('platform', 'AgentRepositoryUri')],
      },
    },
    ...stacks.slice(2),
    {
      id: 'runtime',
      kind: 'create-runtime',
      title: 'create or update the AgentCore runtime and move the endpoint named after the environment',
      inputs: {
        name: [runtimeName],
        image: [output('images', 'agent')],
        'role-arn': [output('platform', 'RuntimeRoleArn')],
        subnets: [output('network', 'PrivateSubnetIds')],
        'security-groups': [output('platform', 'RuntimeSecurityGroupId')],
        environment: lines(
          ['EXECUTOR_URL=', output('platform', 'ExecutorUrl')],
          ['ARTIFACTS_BUCKET=', output('platform', 'ArtifactsBucketName')],
          ['EXECUTOR_TOKEN_SECRET_ARN=', output('platform', 'ExecutorTokenSecretArn')],
        ),
        endpoint: [environment],
        tags: lines([`project=${project}`], ['environment=', environment]),
      },
    },
    {
      id: 'smoke',
      kind: 'smoke-test',
      title: 'smoke-test the endpoint and run the post-deploy checks',
      inputs: {
        'runtime-arn': [output('runtime', 'runtime-arn')],
        qualifier: [environment],
        jobs: ['total-sales,pdf-report'],
        dataset: [SMOKE_DATASET],
        'artifacts-bucket': [output('platform', 'ArtifactsBucketName')],
        'expected-version': [output('runtime', 'runtime-version')],
        'stack-names': lines(...PIPELINE_STACKS.map((stack) => stackName(project, stack))),
        cluster: [output('platform', 'ClusterName')],
        service: [output('executor', 'ServiceName')],
        'target-group-arn': [output('platform', 'ExecutorTargetGroupArn')],
        'log-groups': lines(
          [output('platform', 'ExecutorLogGroupName')],
          ['/aws/bedrock-agentcore/runtimes/', output('runtime', 'runtime-id'), '-', environment],
        ),
      },
    },
  ];
}

/** The step that moves the endpoint back when the smoke test fails: create-runtime in promotion mode. */
export function rollbackInputs(): Record<string, Value> {
  return {
    name: [output('platform', 'RuntimeName')],
    endpoint: [environment],
    'promote-version': [output('runtime', 'previous-version')],
  };
}
