import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENTCORE_ZONE_IDS } from '../../actions/create-runtime/src/zones.js';
import { checkParameters, mergeParameters } from '../../actions/deploy-stack/src/parameters.js';
import { ENVIRONMENTS, PIPELINE_STACKS, parametersPath } from '../../scripts/cost/stacks.js';
import { brokenCopy, loadAllParameters, loadTemplates } from './support/templates.js';
import { filledByPipeline, parameterFileProblems, wiringProblems } from './support/wiring.js';

const templates = loadTemplates();
const parameters = loadAllParameters();

describe('cross-stack wiring', () => {
  it('every parameter a stack takes from another stack’s outputs exists there with that name', () => {
    expect(wiringProblems(templates)).toEqual([]);
    const renamed = brokenCopy(templates, 'platform', (t) => {
      const outputs = t.Outputs ?? {};
      outputs.Cluster = outputs.ClusterName as (typeof outputs)[string];
      delete outputs.ClusterName;
    });
    expect(wiringProblems(renamed)).toEqual([
      'executor takes ClusterName from platform, which has no output of that name.',
    ]);
    const backwards = brokenCopy(templates, 'network', (t) => {
      t.Metadata = { StackOutputs: { platform: ['ClusterName'] } };
    });
    expect(wiringProblems(backwards)).toEqual(['network takes outputs of platform, which is not deployed before it.']);
  });

  it('the outputs the actions and the agent consume exist under the names the pipeline uses', () => {
    // action input or runtime variable ← stack output
    const consumed: [string, 'network' | 'platform' | 'executor', string][] = [
      ['create-runtime name', 'platform', 'RuntimeName'],
      ['create-runtime role-arn', 'platform', 'RuntimeRoleArn'],
      ['create-runtime subnets', 'network', 'PrivateSubnetIds'],
      ['create-runtime security-groups', 'platform', 'RuntimeSecurityGroupId'],
      ['push-image repository (agent)', 'platform', 'AgentRepositoryUri'],
      ['push-image repository (executor)', 'platform', 'ExecutorRepositoryUri'],
      ['EXECUTOR_URL', 'platform', 'ExecutorUrl'],
      ['ARTIFACTS_BUCKET, smoke-test artifacts-bucket', 'platform', 'ArtifactsBucketName'],
      ['EXECUTOR_TOKEN (read from this secret)', 'platform', 'ExecutorTokenSecretArn'],
      ['smoke-test ECS check', 'executor', 'ServiceName'],
    ];
    const missing = consumed.filter(([, stack, output]) => !templates[stack].Outputs?.[output]);
    expect(missing).toEqual([]);
  });
});

describe('parameters files', () => {
  for (const env of ENVIRONMENTS) {
    it(`parameters/${env}/*.json supply exactly what each template needs`, () => {
      for (const stack of PIPELINE_STACKS) {
        expect(parameterFileProblems(templates[stack], parameters[env]?.[stack] ?? {}), `${env}/${stack}`).toEqual([]);
        expect(parameters[env]?.[stack]?.Environment).toBe(env);
      }
    });
  }

  it('the ALB keeps an idle connection open longer than the executor’s longest code run', () => {
    const value = (stack: 'platform' | 'executor', env: string, name: string) =>
      Number(parameters[env]?.[stack]?.[name] ?? templates[stack].Parameters?.[name]?.Default);
    for (const env of ENVIRONMENTS) {
      const idle = value('platform', env, 'LoadBalancerIdleSeconds');
      const longestRun = value('executor', env, 'MaxRunSeconds');
      expect(idle - longestRun, env).toBeGreaterThanOrEqual(30);
    }
  });

  it('the deploy-stack action accepts each stack’s file plus the Key=Value lines the pipeline adds', () => {
    for (const env of ENVIRONMENTS) {
      for (const stack of PIPELINE_STACKS) {
        const lines = [...filledByPipeline(templates[stack])].map((name) => `${name}=value-of-${name}`);
        const input = [parametersPath(env, stack), ...lines].join('\n');
        const values = mergeParameters(input, (path) => readFileSync(path, 'utf8'));
        expect(() => checkParameters(values, templates[stack], `${env}/${stack}`)).not.toThrow();
      }
    }
    const withoutWiring = mergeParameters(parametersPath('dev', 'executor'), (path) => readFileSync(path, 'utf8'));
    expect(() => checkParameters(withoutWiring, templates.executor, 'dev/executor')).toThrow(/requires the parameter/);
  });

  it('an unknown key, a pipeline-filled key, a missing key and a bad value are each caught', () => {
    const network = { ...parameters.dev?.network, Unknown: 'x', NatMode: 'double' } as Record<string, string>;
    delete network.AvailabilityZoneIds;
    expect(parameterFileProblems(templates.network, network)).toEqual([
      'NatMode=double is not one of none, single, per-az.',
      'Unknown is not a parameter of the template.',
      'AvailabilityZoneIds has no default and no value.',
    ]);
    const executor = { ...parameters.dev?.executor, ClusterName: 'bedrock-manus-dev' };
    expect(parameterFileProblems(templates.executor, executor)).toEqual([
      'ClusterName is filled by the pipeline, not by the parameters file.',
    ]);
  });
});

describe('AgentCore Availability Zone IDs', () => {
  const parameter = templates.network.Parameters?.AvailabilityZoneIds;
  const pattern = new RegExp(parameter?.AllowedPattern ?? '^$');
  // The description lists the supported IDs per region ("us-east-1: use1-az1 use1-az2 use1-az4;").
  const described = [...(parameter?.Description ?? '').matchAll(/([a-z]{2}(?:-[a-z]+)+-\d): ([a-z0-9 -]+?)[;.]/g)].map(
    ([, region, ids]) => [region, (ids ?? '').split(' ')],
  );

  it('the description lists exactly create-runtime’s table of zones, in its order', () => {
    expect(described).toEqual(Object.entries(AGENTCORE_ZONE_IDS));
  });

  it('the pattern is the one built from create-runtime’s table', () => {
    const expected = zonePairPattern(AGENTCORE_ZONE_IDS);
    expect(parameter?.AllowedPattern, `paste into network.yaml's AvailabilityZoneIds: ${expected}`).toBe(expected);
  });

  it('the pattern accepts every pair of two supported IDs of one region and nothing else', () => {
    const regions = Object.entries(AGENTCORE_ZONE_IDS);
    for (const [region, ids] of regions) {
      for (const first of ids) {
        for (const second of ids) {
          expect(pattern.test(`${first},${second}`), `${region} ${first},${second}`).toBe(first !== second);
        }
      }
    }
    expect(pattern.test('use1-az1,use2-az2')).toBe(false);
    expect(pattern.test('use1-az3,use1-az1')).toBe(false);
    expect(pattern.test('cac1-az1,cac1-az3')).toBe(false);
    expect(pattern.test('usw1-az1,usw1-az3')).toBe(false);
    expect(pattern.test('use1-az1')).toBe(false);
    expect(pattern.test('use1-az1,use1-az2,use1-az4')).toBe(false);
    expect(pattern.test('us-east-1a,us-east-1b')).toBe(false);
  });
});

/** Per region, each supported ID followed by any other one: `use1-az(1,use1-az[24]|2,use1-az[14]|4,use1-az[12])`. */
function zonePairPattern(table: Record<string, string[]>): string {
  const regions = Object.entries(table).map(([region, ids]) => {
    const [prefix] = ids.map((id) => id.replace(/-az\d$/, ''));
    const digits = ids.map((id) => id.slice(`${prefix}-az`.length));
    if (!ids.every((id, index) => id === `${prefix}-az${digits[index]}` && /^\d$/.test(digits[index] ?? ''))) {
      throw new Error(`${region}'s zone IDs ${ids.join(', ')} are not <prefix>-az<digit> with one prefix.`);
    }
    const pairs = digits.map((digit) => `${digit},${prefix}-az[${digits.filter((other) => other !== digit).join('')}]`);
    return `${prefix}-az(${pairs.join('|')})`;
  });
  return `^(${regions.join('|')})$`;
}
