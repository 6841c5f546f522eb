// A whole smoke test: the jobs in order, then (in AWS mode) the post-deploy checks whose inputs were given.
// Every job and check runs even after a failure, so one report shows everything that is wrong.
import type { Clock } from '../../../lib/clock.js';
import { artifactsCheck } from './checks/artifacts.js';
import { CHECKS, type CheckResult, guarded, result } from './checks/check.js';
import { targetsCheck, tasksCheck } from './checks/executor-service.js';
import { logsCheck } from './checks/logs.js';
import { endpointsCheck, networkCheck } from './checks/network.js';
import { runtimeCheck } from './checks/runtime.js';
import { driftCheck, networkFromStacks } from './checks/stacks.js';
import type { JobName } from './jobs.js';
import { type Dataset, type JobContext, type JobReport, runJob, runPing } from './run-job.js';

export interface AwsClients {
  cloudFormation: import('@aws-sdk/client-cloudformation').CloudFormationClient;
  ec2: import('@aws-sdk/client-ec2').EC2Client;
  elb: import('@aws-sdk/client-elastic-load-balancing-v2').ElasticLoadBalancingV2Client;
  ecs: import('@aws-sdk/client-ecs').ECSClient;
  control: import('@aws-sdk/client-bedrock-agentcore-control').BedrockAgentCoreControlClient;
  logs: import('@aws-sdk/client-cloudwatch-logs').CloudWatchLogsClient;
  s3: import('@aws-sdk/client-s3').S3Client;
}

export interface PostDeploy {
  clients: AwsClients;
  runtimeArn: string;
  qualifier: string;
  expectedVersion?: string;
  artifactsBucket?: string;
  stackNames: string[];
  cluster?: string;
  service?: string;
  targetGroupArn?: string;
  logGroups: string[];
}

export interface SmokeResult {
  passed: boolean;
  jobs: JobReport[];
  /** All nine checks in AWS mode; only the jobs check in URL mode. */
  checks: CheckResult[];
}

export async function smokeTest(
  jobs: readonly JobName[],
  dataset: Dataset | undefined,
  context: JobContext & { clock: Clock },
  postDeploy?: PostDeploy,
): Promise<SmokeResult> {
  const windowStart = context.clock.now();
  const reports: JobReport[] = [];
  for (const job of jobs) {
    context.log(`${job}: starting against ${context.transport.target}`);
    const report = job === 'ping' ? await runPing(context) : await runJob(job, dataset as Dataset, context);
    context.log(
      `${job}: ${report.passed ? 'passed' : 'FAILED'} in ${(report.totalMs / 1000).toFixed(1)} s${report.failures.length ? ` — ${report.failures.join(' ')}` : ''}`,
    );
    reports.push(report);
  }
  const failedJobs = reports.filter((report) => !report.passed);
  const jobsCheck = result(
    'jobs',
    failedJobs.length ? 'failed' : 'passed',
    failedJobs.length
      ? failedJobs.map((report) => `${report.job}: ${report.failures.join(' ')}`).join(' ')
      : `${reports.map((report) => report.job).join(', ')} passed.`,
  );
  const checks = postDeploy
    ? await postDeployChecks(postDeploy, reports, jobsCheck, {
        clock: context.clock,
        deadline: context.deadline,
        windowStart,
      })
    : [jobsCheck];
  return { passed: checks.every((check) => check.state !== 'failed'), jobs: reports, checks };
}

async function postDeployChecks(
  input: PostDeploy,
  reports: JobReport[],
  jobsCheck: CheckResult,
  timing: { clock: Clock; deadline: number; windowStart: number },
): Promise<CheckResult[]> {
  const { clients } = input;
  const skipped = (id: CheckResult['id'], needs: string) => result(id, 'skipped', `not run: give ${needs}.`);
  const found: Partial<Record<CheckResult['id'], CheckResult>> = { jobs: jobsCheck };
  if (input.stackNames.length > 0) {
    const facts = await networkFromStacks(clients.cloudFormation, input.stackNames).catch((error: Error) => error);
    if (facts instanceof Error) {
      found.network = result('network', 'failed', facts.message);
      found.endpoints = result('endpoints', 'failed', facts.message);
    } else {
      found.network = await guarded('network', () => networkCheck(clients.ec2, facts));
      found.endpoints = await guarded('endpoints', () => endpointsCheck(clients.ec2, facts.vpcId));
    }
    found.drift = await guarded('drift', () => driftCheck(clients.cloudFormation, input.stackNames, timing));
  }
  if (input.targetGroupArn) {
    const arn = input.targetGroupArn;
    found.targets = await guarded('targets', () => targetsCheck(clients.elb, arn));
  }
  if (input.cluster && input.service) {
    const { cluster, service } = input;
    found.tasks = await guarded('tasks', () => tasksCheck(clients.ecs, cluster, service));
  }
  found.runtime = await guarded('runtime', () =>
    runtimeCheck(clients.control, clients.ec2, {
      runtimeArn: input.runtimeArn,
      qualifier: input.qualifier,
      ...(input.expectedVersion ? { expectedVersion: input.expectedVersion } : {}),
    }),
  );
  if (input.logGroups.length > 0) {
    const window = { start: timing.windowStart, end: timing.clock.now() };
    found.logs = await guarded('logs', () => logsCheck(clients.logs, input.logGroups, window));
  }
  if (input.artifactsBucket) {
    const bucket = input.artifactsBucket;
    const uris = reports.flatMap((report) => report.artifacts);
    const pdfExpected = reports.some((report) => report.job === 'pdf-report');
    found.artifacts = await guarded('artifacts', () => artifactsCheck(clients.s3, bucket, uris, { pdfExpected }));
  }
  const needs: Record<CheckResult['id'], string> = {
    network: 'stack-names',
    drift: 'stack-names',
    endpoints: 'stack-names',
    targets: 'target-group-arn',
    tasks: 'cluster and service',
    runtime: 'runtime-arn',
    jobs: 'jobs',
    logs: 'log-groups',
    artifacts: 'artifacts-bucket',
  };
  return CHECKS.map((check) => found[check.id] ?? skipped(check.id, needs[check.id]));
}
