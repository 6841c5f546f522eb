// The monthly fixed cost of one environment, read from the templates as its parameters resolve them: what
// runs every hour whether or not anyone uses it.
import type { Template } from '../../actions/lib/cfn-template.js';
import type { PriceTable } from './prices.js';
import { ResolvedTemplate } from './resolve.js';
import { PIPELINE_STACKS, type PipelineStack } from './stacks.js';

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  /** Hourly prices are multiplied by the table's hours per month. */
  per: 'hour' | 'month';
  monthly: number;
}

export interface Estimate {
  lines: CostLine[];
  total: number;
}

export type StackInputs = Record<PipelineStack, { template: Template; parameters: Record<string, string> }>;

interface Found {
  id: string;
  properties: Record<string, unknown>;
  type: string;
}

function resourcesOf(stack: ResolvedTemplate): Found[] {
  return stack.existingResources().map((id) => {
    const resource = stack.template.Resources[id];
    return {
      id,
      type: resource?.Type ?? '',
      properties: (stack.value(resource?.Properties ?? {}) ?? {}) as Record<string, unknown>,
    };
  });
}

function fargate(stack: ResolvedTemplate, prices: PriceTable): CostLine[] {
  const resources = resourcesOf(stack);
  const taskDefinitions = resources.filter((r) => r.type === 'AWS::ECS::TaskDefinition');
  const targets = resources.filter((r) => r.type === 'AWS::ApplicationAutoScaling::ScalableTarget');
  return taskDefinitions.flatMap((task) => {
    // The always-on tasks are the autoscaling minimum; without autoscaling, the services' desired count.
    const minimum = targets.length
      ? targets.reduce((sum, target) => sum + Number(target.properties.MinCapacity), 0)
      : resources
          .filter((r) => r.type === 'AWS::ECS::Service')
          .reduce((sum, service) => sum + Number(service.properties.DesiredCount ?? 1), 0);
    const vcpu = Number(task.properties.Cpu) / 1024;
    const gb = Number(task.properties.Memory) / 1024;
    const arm =
      (task.properties.RuntimePlatform as { CpuArchitecture?: string } | undefined)?.CpuArchitecture === 'ARM64';
    const perVcpu = arm ? prices.hourly.fargateArmVcpu : prices.hourly.fargateX86Vcpu;
    const perGb = arm ? prices.hourly.fargateArmGb : prices.hourly.fargateX86Gb;
    const arch = arm ? 'ARM' : 'x86';
    return [
      line(
        `Fargate ${arch} vCPU (${minimum} min tasks × ${vcpu} vCPU)`,
        minimum * vcpu,
        'vCPU',
        perVcpu,
        'hour',
        prices,
      ),
      line(`Fargate ${arch} memory (${minimum} min tasks × ${gb} GB)`, minimum * gb, 'GB', perGb, 'hour', prices),
    ];
  });
}

function line(
  item: string,
  quantity: number,
  unit: string,
  unitPrice: number,
  per: 'hour' | 'month',
  prices: PriceTable,
): CostLine {
  const monthly = quantity * unitPrice * (per === 'hour' ? prices.hoursPerMonth : 1);
  return { item, quantity, unit, unitPrice, per, monthly };
}

export function estimateMonthlyCost(stacks: StackInputs, prices: PriceTable): Estimate {
  const resolved = PIPELINE_STACKS.map((name) => new ResolvedTemplate(stacks[name].template, stacks[name].parameters));
  const all = resolved.flatMap(resourcesOf);
  const ofType = (type: string) => all.filter((r) => r.type === type);
  const endpointAzs = ofType('AWS::EC2::VPCEndpoint')
    .filter((r) => r.properties.VpcEndpointType === 'Interface')
    .reduce((sum, r) => sum + ((r.properties.SubnetIds as unknown[] | undefined)?.length ?? 0), 0);
  // Each target-tracking policy creates and bills two alarms of its own (scale out, scale in).
  const trackingAlarms =
    2 *
    ofType('AWS::ApplicationAutoScaling::ScalingPolicy').filter(
      (r) => r.properties.PolicyType === 'TargetTrackingScaling',
    ).length;
  const { hourly, monthly } = prices;
  const lines = [
    line('NAT gateways', ofType('AWS::EC2::NatGateway').length, 'gateway', hourly.natGateway, 'hour', prices),
    line(
      'Public IPv4 addresses (NAT)',
      ofType('AWS::EC2::EIP').length,
      'address',
      hourly.publicIpv4Address,
      'hour',
      prices,
    ),
    line('Interface endpoints × AZs', endpointAzs, 'endpoint-AZ', hourly.interfaceEndpointAz, 'hour', prices),
    line(
      'Application load balancers',
      ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').length,
      'ALB',
      hourly.applicationLoadBalancer,
      'hour',
      prices,
    ),
    ...resolved.flatMap((stack) => fargate(stack, prices)),
    line(
      'Secrets Manager secrets',
      ofType('AWS::SecretsManager::Secret').length,
      'secret',
      monthly.secret,
      'month',
      prices,
    ),
    line(
      'CloudWatch alarms',
      ofType('AWS::CloudWatch::Alarm').length + trackingAlarms,
      'alarm',
      monthly.alarm,
      'month',
      prices,
    ),
  ];
  return { lines, total: lines.reduce((sum, l) => sum + l.monthly, 0) };
}
