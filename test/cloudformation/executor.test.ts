import { describe, expect, it } from 'vitest';
import { ResolvedTemplate } from '../../scripts/cost/resolve.js';
import { loadAllParameters, loadTemplates, resource } from './support/templates.js';

const templates = loadTemplates();
const parameters = loadAllParameters();

// The executor stack resolved for dev, where the service may rest at zero tasks.
const dev = new ResolvedTemplate(templates.executor, parameters.dev?.executor ?? {});
// biome-ignore lint/suspicious/noExplicitAny: resolved properties are read by path; a wrong path fails its assertion.
type Resolved = Record<string, any>;
const properties = (id: string) => dev.value(resource(templates.executor, id).Properties) as Resolved;

describe('executor task definition', () => {
  const task = properties('TaskDefinition');
  const container = task.ContainerDefinitions[0];

  it('runs ARM64 Fargate tasks of the environment’s size', () => {
    expect(task.RuntimePlatform).toEqual({ CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' });
    expect([task.Cpu, task.Memory]).toEqual(['1024', '2048']);
    const large = new ResolvedTemplate(templates.executor, {
      ...parameters.dev?.executor,
      TaskSize: 'cpu4096-mem8192',
    });
    const largeTask = large.value(resource(templates.executor, 'TaskDefinition').Properties) as Record<string, unknown>;
    expect([largeTask.Cpu, largeTask.Memory]).toEqual(['4096', '8192']);
  });

  it('has a read-only root filesystem with writable /sessions and /tmp', () => {
    expect(container.ReadonlyRootFilesystem).toBe(true);
    const writable = container.MountPoints.filter((m: { ReadOnly: boolean }) => !m.ReadOnly);
    expect(writable.map((m: { ContainerPath: string }) => m.ContainerPath).sort()).toEqual(['/sessions', '/tmp']);
    const volumes = task.Volumes.map((v: { Name: string }) => v.Name);
    for (const mount of container.MountPoints) expect(volumes).toContain(mount.SourceVolume);
    expect(container.Environment).toContainEqual({ Name: 'SESSIONS_DIR', Value: '/sessions' });
  });

  it('takes its token from the platform secret and never as plain environment', () => {
    expect(container.Secrets).toEqual([{ Name: 'EXECUTOR_TOKEN', ValueFrom: '<ExecutorTokenSecretArn>' }]);
    expect(container.Environment.map((e: { Name: string }) => e.Name)).not.toContain('EXECUTOR_TOKEN');
  });

  it('serves on the port the target group, the ALB and the security groups use, with /health checked', () => {
    const port = container.PortMappings[0].ContainerPort;
    const group = resource(templates.platform, 'ExecutorTargetGroup').Properties;
    const ingress = resource(templates.platform, 'ExecutorFromLoadBalancer').Properties;
    const albEgress = (
      resource(templates.platform, 'LoadBalancerSecurityGroup').Properties.SecurityGroupEgress as {
        FromPort: number;
      }[]
    )[0];
    expect([group.Port, ingress.FromPort, ingress.ToPort, albEgress?.FromPort]).toEqual([port, port, port, port]);
    expect(container.Environment).toContainEqual({ Name: 'PORT', Value: String(port) });
    expect(group.HealthCheckPath).toBe('/health');
    expect(container.HealthCheck.Command.join(' ')).toContain(`http://127.0.0.1:${port}/health`);
  });
});

describe('executor service and autoscaling', () => {
  const service = properties('Service');

  it('runs in the private subnets without public IPs and rolls back a failing deployment', () => {
    expect(service.NetworkConfiguration.AwsvpcConfiguration).toEqual({
      AssignPublicIp: 'DISABLED',
      Subnets: '<PrivateSubnetIds>',
      SecurityGroups: ['<ExecutorSecurityGroupId>'],
    });
    expect(service.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
  });

  it('may rest at zero tasks in dev, with the always-on minimum on FARGATE and the rest partly on spot', () => {
    expect(properties('ScalableTarget').MinCapacity).toBe('0');
    expect(service.CapacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE', Base: '0', Weight: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: '1' },
    ]);
    const prod = new ResolvedTemplate(templates.executor, parameters.prod?.executor ?? {});
    const prodService = prod.value(resource(templates.executor, 'Service').Properties) as Record<string, unknown>;
    expect(prodService.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE', Base: '2', Weight: 1 }]);
  });

  it('scales out from zero when the ALB answers 503 for want of a task, and on full tasks', () => {
    const step = properties('ScaleOutStepPolicy');
    expect(step.PolicyType).toBe('StepScaling');
    expect(step.StepScalingPolicyConfiguration.StepAdjustments).toEqual([
      { MetricIntervalLowerBound: 0, ScalingAdjustment: 1 },
    ]);
    const noTask = properties('NoTaskAlarm');
    expect(noTask).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_ELB_503_Count',
      Dimensions: [{ Name: 'LoadBalancer', Value: '<LoadBalancerFullName>' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: ['<ScaleOutStepPolicy>'],
    });
    expect(properties('TasksFullAlarm')).toMatchObject({
      MetricName: 'HTTPCode_Target_5XX_Count',
      AlarmActions: ['<ScaleOutStepPolicy>'],
    });
  });

  it('tracks CPU above zero with the step policy and target tracking on one scalable target', () => {
    const tracking = properties('CpuTrackingPolicy');
    expect(tracking.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification).toEqual({
      PredefinedMetricType: 'ECSServiceAverageCPUUtilization',
    });
    expect(tracking.ScalingTargetId).toBe(properties('ScaleOutStepPolicy').ScalingTargetId);
  });
});
