// The AWS calls the smoke-test action makes, as IAM actions, and whether the deploy role allows each of them —
// and nothing the smoke test does not call through its own statements.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionsOf, type FoundStatement, statements } from './policies.js';
import type { Templates } from './templates.js';

const SMOKE_TEST_SRC = join(import.meta.dirname, '..', '..', '..', 'actions', 'smoke-test', 'src');

const PREFIX: Record<string, string> = {
  'client-bedrock-agentcore': 'bedrock-agentcore',
  'client-bedrock-agentcore-control': 'bedrock-agentcore',
  'client-cloudformation': 'cloudformation',
  'client-cloudwatch-logs': 'logs',
  'client-ec2': 'ec2',
  'client-ecs': 'ecs',
  'client-elastic-load-balancing-v2': 'elasticloadbalancing',
  'client-s3': 's3',
};

/** S3 names its permissions by operation family: HeadObject needs s3:GetObject. */
const PERMISSION_OF: Record<string, string> = { 's3:HeadObject': 's3:GetObject' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** `service:Operation` for every `new <Operation>Command` in the smoke-test sources, by the client it is imported from. */
export function smokeTestCalls(dir = SMOKE_TEST_SRC): string[] {
  const calls = new Set<string>();
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const clientOf = new Map<string, string>();
    for (const [, names = '', client = ''] of text.matchAll(
      /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/([\w-]+)'/g,
    )) {
      for (const name of names.split(',').map((n) => n.trim().replace(/^type\s+/, ''))) clientOf.set(name, client);
    }
    for (const [, operation = ''] of text.matchAll(/new (\w+)Command\(/g)) {
      const client = clientOf.get(`${operation}Command`);
      const prefix = client ? PREFIX[client] : undefined;
      if (!prefix)
        throw new Error(`${file}: ${operation}Command comes from a client this check does not know (${client}).`);
      const action = `${prefix}:${operation}`;
      calls.add(PERMISSION_OF[action] ?? action);
    }
  }
  return [...calls].sort();
}

function matches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return regex.test(action);
}

function deployRoleStatements(t: Templates): FoundStatement[] {
  const role = t['github-oidc'].Resources.DeployRole?.Properties as { ManagedPolicyArns?: Array<{ Ref?: string }> };
  const policies = new Set((role.ManagedPolicyArns ?? []).map((arn) => arn.Ref));
  return statements(t).filter((s) => s.Effect === 'Allow' && policies.has(s.where.split(/[/.]/)[1]));
}

/** Calls of the smoke test the deploy role does not allow. */
export function smokeTestCallsNotAllowed(t: Templates, calls = smokeTestCalls()): string[] {
  const allowed = deployRoleStatements(t).flatMap(actionsOf);
  return calls.filter((call) => !allowed.some((pattern) => matches(pattern, call)));
}

/** Actions of the deploy role's smoke-test statements that the smoke test never calls. */
export function smokeTestGrantsUnused(t: Templates, calls = smokeTestCalls()): string[] {
  return deployRoleStatements(t)
    .filter((s) => String((s as { Sid?: string }).Sid ?? '').startsWith('SmokeTest'))
    .flatMap(actionsOf)
    .filter((action) => !calls.includes(action));
}
