// The deploy chain over fake action runs: the plan's order, each step given the outputs of the ones before it,
// the stop at a failed step, and the rollback after a failed smoke test.
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS } from '../../../scripts/cost/stacks.js';
import { runChain } from '../../../scripts/deploy/chain.js';
import { DEPLOY_ORDER, deployPlan, projectName } from '../../../scripts/deploy/plan.js';
import type { ActionName } from '../../../scripts/deploy/run-action.js';

const plan = deployPlan(projectName(ENVIRONMENTS));
const DIGEST = `sha256:${'a'.repeat(64)}`;

const OUTPUTS: Record<string, Record<string, string>> = {
  'bedrock-manus-dev-network': {
    VpcId: 'vpc-0abc',
    PrivateSubnetIds: 'subnet-1,subnet-2',
    EndpointSecurityGroupId: 'sg-e',
    S3PrefixListId: 'pl-1',
  },
  'bedrock-manus-dev-platform': {
    RuntimeName: 'bedrock_manus_dev',
    RuntimeRoleArn: 'arn:aws:iam::123456789012:role/bedrock-manus/dev/runtime',
    RuntimeSecurityGroupId: 'sg-r',
    ExecutorUrl: 'http://internal-alb.example',
    ArtifactsBucketName: 'artifacts',
    ExecutorTokenSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bedrock-manus/dev/token',
    ExecutorRepositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-dev/executor',
    AgentRepositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-dev/agent',
    ClusterName: 'bedrock-manus-dev',
    ExecutorTargetGroupArn: 'arn:tg',
    ExecutorTargetGroupFullName: 'targetgroup/x',
    LoadBalancerFullName: 'app/x',
    ExecutorSecurityGroupId: 'sg-x',
    ExecutorTaskRoleArn: 'arn:task',
    ExecutorExecutionRoleArn: 'arn:exec',
    ExecutorLogGroupName: '/bedrock-manus/dev/executor',
  },
  'bedrock-manus-dev-executor': { ServiceName: 'executor' },
};

interface Call {
  action: ActionName;
  inputs: Record<string, string>;
}

function fakeRun(failing: Partial<Record<string, boolean>>, previousVersion: string) {
  const calls: Call[] = [];
  return {
    calls,
    runAction: async (action: ActionName, inputs: Record<string, string>) => {
      calls.push({ action, inputs });
      const key = action === 'deploy-stack' ? (inputs['stack-name'] ?? '') : action;
      const ok = !failing[key];
      if (action === 'deploy-stack') return { ok, outputs: ok ? (OUTPUTS[key] ?? {}) : {} };
      if (action === 'create-runtime') {
        return {
          ok,
          outputs: {
            'runtime-arn': 'arn:runtime',
            'runtime-id': 'bedrock_manus_dev-x1',
            'runtime-version': '7',
            'previous-version': previousVersion,
          },
        };
      }
      return { ok, outputs: { passed: String(ok) } };
    },
  };
}

function images(inputs: Record<string, string>) {
  return Promise.resolve({
    executor: `${inputs['executor-repository']}@${DIGEST}`,
    agent: `${inputs['agent-repository']}@${DIGEST}`,
  });
}

const known = () => ({
  environment: 'dev',
  variables: { PERMISSIONS_BOUNDARY_ARN: 'arn:aws:iam::123456789012:policy/bedrock-manus/dev/boundary' },
  inputs: { 'executor-image': '', 'agent-image': '' },
  outputs: {},
});

describe('runChain', () => {
  it('runs the steps in the plan order, each with the outputs of the steps before it', async () => {
    const fake = fakeRun({}, '6');
    const logged: string[] = [];
    const result = await runChain(plan, known(), {
      runAction: fake.runAction,
      placeImages: images,
      log: (l) => logged.push(l),
    });
    expect(result.ok).toBe(true);
    expect(logged.map((line) => line.split(':')[0])).toEqual([...DEPLOY_ORDER]);
    expect(fake.calls.map((c) => c.inputs['stack-name'] ?? c.action)).toEqual([
      'bedrock-manus-dev-network',
      'bedrock-manus-dev-platform',
      'bedrock-manus-dev-executor',
      'create-runtime',
      'smoke-test',
    ]);
    const [network, platform, executor, runtime, smoke] = fake.calls;
    expect(network?.inputs.parameters).toBe(
      'cloudformation/parameters/dev/network.json\nPermissionsBoundaryArn=arn:aws:iam::123456789012:policy/bedrock-manus/dev/boundary',
    );
    expect(platform?.inputs.parameters).toContain('\nVpcId=vpc-0abc\nPrivateSubnetIds=subnet-1,subnet-2\n');
    expect(executor?.inputs.parameters).toContain(
      `\nExecutorImage=123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-dev/executor@${DIGEST}`,
    );
    expect(runtime?.inputs).toMatchObject({
      image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-manus-dev/agent@${DIGEST}`,
      endpoint: 'dev',
      subnets: 'subnet-1,subnet-2',
      environment: expect.stringContaining('EXECUTOR_URL=http://internal-alb.example\nARTIFACTS_BUCKET=artifacts'),
    });
    expect(smoke?.inputs).toMatchObject({
      'runtime-arn': 'arn:runtime',
      qualifier: 'dev',
      'expected-version': '7',
      service: 'executor',
      'log-groups': '/bedrock-manus/dev/executor\n/aws/bedrock-agentcore/runtimes/bedrock_manus_dev-x1-dev',
    });
  });

  it('stops at a failed stack and runs nothing after it', async () => {
    const fake = fakeRun({ 'bedrock-manus-dev-platform': true }, '6');
    const result = await runChain(plan, known(), { runAction: fake.runAction, placeImages: images, log: () => {} });
    expect(result).toMatchObject({ ok: false, failedStep: 'platform' });
    expect(fake.calls).toHaveLength(2);
  });

  it('moves the endpoint back to the previous version when the smoke test fails', async () => {
    const fake = fakeRun({ 'smoke-test': true }, '6');
    const result = await runChain(plan, known(), { runAction: fake.runAction, placeImages: images, log: () => {} });
    expect(result).toMatchObject({ ok: false, failedStep: 'smoke', rolledBackTo: '6' });
    expect(fake.calls.at(-1)).toEqual({
      action: 'create-runtime',
      inputs: { name: 'bedrock_manus_dev', endpoint: 'dev', 'promote-version': '6' },
    });
  });

  it('has nothing to move back to when the endpoint was new', async () => {
    const fake = fakeRun({ 'smoke-test': true }, '');
    const result = await runChain(plan, known(), { runAction: fake.runAction, placeImages: images, log: () => {} });
    expect(result).toMatchObject({ ok: false, failedStep: 'smoke' });
    expect(result.rolledBackTo).toBeUndefined();
    expect(fake.calls.at(-1)?.action).toBe('smoke-test');
  });

  it('fails naming the value when a step needs an output no earlier step gave', async () => {
    const fake = fakeRun({}, '6');
    const withoutNetworkOutputs = async (action: ActionName, inputs: Record<string, string>) => {
      const run = await fake.runAction(action, inputs);
      return inputs['stack-name']?.endsWith('-network') ? { ok: true, outputs: {} } : run;
    };
    await expect(
      runChain(plan, known(), { runAction: withoutNetworkOutputs, placeImages: images, log: () => {} }),
    ).rejects.toThrow('The deploy plan needs <network.VpcId>, which no earlier step gave.');
  });
});
