import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateMonthlyCost, type StackInputs } from '../../scripts/cost/estimate.js';
import { dollars, formatEstimate } from '../../scripts/cost/format.js';
import { PRICE_TABLE } from '../../scripts/cost/prices.js';
import { PIPELINE_STACKS } from '../../scripts/cost/stacks.js';
import { loadAllParameters, loadTemplates, resource } from './support/templates.js';

const templates = loadTemplates();
const parameters = loadAllParameters();
const HOURS = PRICE_TABLE.hoursPerMonth;
const { hourly, monthly } = PRICE_TABLE;

function inputs(
  env: string,
  change: Partial<Record<'network' | 'platform' | 'executor', Record<string, string>>> = {},
) {
  return Object.fromEntries(
    PIPELINE_STACKS.map((stack) => [
      stack,
      {
        template: structuredClone(templates[stack]),
        parameters: { ...parameters[env]?.[stack], ...change[stack] },
      },
    ]),
  ) as StackInputs;
}

const total = (stacks: StackInputs) => estimateMonthlyCost(stacks, PRICE_TABLE).total;
const lineOf = (stacks: StackInputs, item: RegExp) =>
  estimateMonthlyCost(stacks, PRICE_TABLE).lines.find((l) => item.test(l.item));

describe('monthly fixed cost', () => {
  const dev = total(inputs('dev'));

  it('a NAT gateway and its public address add their hourly prices, one per AZ in per-az mode', () => {
    const single = total(inputs('dev', { network: { NatMode: 'single' } }));
    const perAz = total(inputs('dev', { network: { NatMode: 'per-az' } }));
    const oneNat = (hourly.natGateway + hourly.publicIpv4Address) * HOURS;
    expect(single - dev).toBeCloseTo(oneNat, 6);
    expect(perAz - dev).toBeCloseTo(2 * oneNat, 6);
  });

  it('interface endpoints cost per endpoint and per AZ', () => {
    const fewer = total(inputs('dev', { network: { InterfaceEndpoints: 'ecr.api,ecr.dkr,logs' } }));
    expect(dev - fewer).toBeCloseTo(3 * hourly.interfaceEndpointAz * HOURS, 6);
    const twoAzs = inputs('dev', { network: { EndpointAzCount: '2' } });
    expect(lineOf(twoAzs, /Interface endpoints/)?.quantity).toBe(12);
    expect(total(twoAzs) - dev).toBeCloseTo(6 * hourly.interfaceEndpointAz * HOURS, 6);
  });

  it('the optional monitoring and xray endpoints are costed like the others', () => {
    const observed = inputs('dev', {
      network: {
        InterfaceEndpoints: 'bedrock-runtime,bedrock-agentcore,ecr.api,ecr.dkr,logs,secretsmanager,monitoring,xray',
      },
    });
    expect(lineOf(observed, /Interface endpoints/)?.quantity).toBe(8);
    expect(total(observed) - dev).toBeCloseTo(2 * hourly.interfaceEndpointAz * HOURS, 6);
  });

  it('always-on Fargate tasks cost their vCPU and memory at ARM prices', () => {
    const three = total(inputs('dev', { executor: { MinTasks: '3', TaskSize: 'cpu2048-mem4096' } }));
    expect(three - dev).toBeCloseTo(3 * (2 * hourly.fargateArmVcpu + 4 * hourly.fargateArmGb) * HOURS, 6);
    const x86 = inputs('dev', { executor: { MinTasks: '1' } });
    (
      resource(x86.executor.template, 'TaskDefinition').Properties.RuntimePlatform as Record<string, string>
    ).CpuArchitecture = 'X86_64';
    expect(total(x86) - dev).toBeCloseTo((hourly.fargateX86Vcpu + 2 * hourly.fargateX86Gb) * HOURS, 6);
  });

  it('alarms, secrets and load balancers are counted from the templates', () => {
    const fewer = inputs('dev');
    delete fewer.executor.template.Resources.NoTaskAlarm;
    delete fewer.executor.template.Resources.CpuTrackingPolicy;
    delete fewer.platform.template.Resources.ExecutorTokenSecret;
    expect(dev - total(fewer)).toBeCloseTo(3 * monthly.alarm + monthly.secret, 6);
    const noAlb = inputs('dev');
    delete noAlb.platform.template.Resources.LoadBalancer;
    expect(dev - total(noAlb)).toBeCloseTo(hourly.applicationLoadBalancer * HOURS, 6);
  });

  it('the total is the sum of the lines, and the printout states region, date and every line', () => {
    const estimate = estimateMonthlyCost(inputs('prod'), PRICE_TABLE);
    expect(estimate.total).toBeCloseTo(
      estimate.lines.reduce((sum, l) => sum + l.monthly, 0),
      9,
    );
    const text = formatEstimate('prod', estimate, PRICE_TABLE);
    expect(text).toContain(`${PRICE_TABLE.region} on-demand list prices of ${PRICE_TABLE.asOf}`);
    for (const l of estimate.lines) expect(text).toContain(l.item);
    expect(text).toMatch(new RegExp(`^total\\s+\\${dollars(estimate.total)}$`, 'm'));
  });
});

describe('npm run cost', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/run-ts.mjs', 'scripts/cost.ts', ...args], {
      encoding: 'utf8',
      timeout: 20_000,
    });

  /** The dollar amounts the command printed: each line item's, and the total's. */
  function printedAmounts(env: string) {
    const output = execFileSync(process.execPath, ['scripts/run-ts.mjs', 'scripts/cost.ts', '--env', env], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const priced = output
      .split('\n')
      .map((line) => /^(.+?)\s+\$([\d,]+\.\d\d)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({ label: (match[1] ?? '').trim(), amount: Number((match[2] ?? '').replaceAll(',', '')) }));
    const totalLine = priced.find((item) => item.label === 'total');
    return { output, items: priced.filter((item) => item.label !== 'total'), total: totalLine?.amount };
  }

  it('prints line items that add up to the total it prints, for the environment it is given', () => {
    const dev = printedAmounts('dev');
    expect(dev.output.split('\n')[0]).toContain('Monthly fixed cost of dev');
    expect(dev.items.length).toBeGreaterThan(3);
    const sum = dev.items.reduce((total, item) => total + item.amount, 0);
    expect(dev.total).toBeCloseTo(sum, 1);
    // The figure comes from each environment's own parameter files: prod's run more, so it must cost more.
    const prod = printedAmounts('prod');
    expect(prod.output.split('\n')[0]).toContain('Monthly fixed cost of prod');
    expect(prod.total).toBeGreaterThan(dev.total ?? Number.POSITIVE_INFINITY);
  });

  it('names the environments when given none or an unknown one', () => {
    const result = run('--env', 'qa');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run cost -- --env <dev|staging|prod> (no environment named qa)');
  });
});

it('the README shows the dev and prod figures the command prints today', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const env of ['dev', 'prod']) {
    const printed = formatEstimate(env, estimateMonthlyCost(inputs(env), PRICE_TABLE), PRICE_TABLE);
    const figures = printed.slice(0, printed.indexOf('\nNot included'));
    expect(readme).toContain(`$ npm run cost -- --env ${env}\n${figures}\n`);
  }
  const staging = estimateMonthlyCost(inputs('staging'), PRICE_TABLE).total;
  expect(readme).toContain(`\`npm run cost -- --env staging\` prints ${dollars(staging)}`);
});
