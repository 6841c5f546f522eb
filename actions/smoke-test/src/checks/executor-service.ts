// The executor behind the ALB: its targets healthy, its ECS service at the desired count of RUNNING tasks, and
// for a stopped task the stoppedReason ECS gives.
import { DescribeServicesCommand, DescribeTasksCommand, type ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { send } from '../../../../lib/errors.js';
import { type CheckResult, list, result } from './check.js';

export async function targetsCheck(client: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<CheckResult> {
  const { TargetHealthDescriptions } = await send(
    client,
    new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
  );
  const targets = TargetHealthDescriptions ?? [];
  if (targets.length === 0) {
    return result(
      'targets',
      'failed',
      `target group ${targetGroupArn} has no registered targets: no executor task is registered; look at the ECS service's events.`,
    );
  }
  const unhealthy = targets.filter((target) => target.TargetHealth?.State !== 'healthy');
  if (unhealthy.length > 0) {
    const facts = unhealthy.map(
      (target) =>
        `${target.Target?.Id}:${target.Target?.Port} is ${target.TargetHealth?.State} (${target.TargetHealth?.Reason ?? 'no reason'}${target.TargetHealth?.Description ? `: ${target.TargetHealth.Description}` : ''})`,
    );
    return result(
      'targets',
      'failed',
      `${list(facts)}; the ALB health check is GET /health on the executor, look at the executor's log group.`,
    );
  }
  return result('targets', 'passed', `${targets.length} targets healthy.`);
}

export async function tasksCheck(client: ECSClient, cluster: string, service: string): Promise<CheckResult> {
  const { services, failures } = await send(client, new DescribeServicesCommand({ cluster, services: [service] }));
  const found = services?.[0];
  if (!found) {
    return result(
      'tasks',
      'failed',
      `ECS service ${service} not found in cluster ${cluster} (${failures?.[0]?.reason ?? 'no reason'}).`,
    );
  }
  const running = found.runningCount ?? 0;
  const desired = found.desiredCount ?? 0;
  const { taskArns: runningTasks } = await send(
    client,
    new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING' }),
  );
  if (found.status === 'ACTIVE' && running === desired && desired > 0 && (runningTasks?.length ?? 0) >= desired) {
    return result('tasks', 'passed', `${running} of ${desired} tasks RUNNING.`);
  }
  const { taskArns: stoppedTasks } = await send(
    client,
    new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED' }),
  );
  const reasons: string[] = [];
  if (stoppedTasks && stoppedTasks.length > 0) {
    const { tasks } = await send(client, new DescribeTasksCommand({ cluster, tasks: stoppedTasks.slice(0, 5) }));
    for (const task of tasks ?? []) {
      const containers = (task.containers ?? [])
        .filter((container) => container.reason || container.exitCode !== undefined)
        .map(
          (container) =>
            `${container.name} exit ${container.exitCode ?? '?'}${container.reason ? ` ${container.reason}` : ''}`,
        );
      reasons.push(
        `task ${task.taskArn?.split('/').pop()} stopped: ${task.stoppedReason ?? 'no stoppedReason'}${containers.length ? ` (${containers.join(', ')})` : ''}`,
      );
    }
  }
  const event = found.events?.[0]?.message;
  return result(
    'tasks',
    'failed',
    `service ${service} is ${found.status} with ${running} of ${desired} tasks RUNNING${reasons.length ? `; ${list(reasons, 3)}` : ''}${event ? `; latest service event: ${event}` : ''}.`,
  );
}
