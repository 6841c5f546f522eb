// Least-privilege checks over the templates, one per audit finding: each returns its violations, one sentence
// each, so a test shows the real templates have none and a copy with the old grant has one.

import { PIPELINE_STACKS } from '../../../scripts/cost/stacks.js';
import { ofType } from './invariants.js';
import { actionsOf, type FoundStatement, statements } from './policies.js';
import { refOf, resource, type Templates } from './templates.js';

const BOUNDARY = 'StackRoleBoundary';
const BOUNDARY_PARAMETER = 'PermissionsBoundaryArn';

/** Actions that write a role's permissions: allowed only with the boundary in the request. */
const ROLE_WRITES = [
  'iam:CreateRole',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
];
/** Actions that loosen or remove the boundary itself: never allowed. */
const BOUNDARY_ESCAPES = [
  'iam:DeleteRolePermissionsBoundary',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:DeletePolicy',
];

/** Whether an action pattern of a statement (which may hold * and ?) covers the action. */
function covers(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(action);
}

const grants = (s: FoundStatement, action: string) => actionsOf(s).some((pattern) => covers(pattern, action));
const deployStatements = (t: Templates) =>
  statements({ 'github-oidc': t['github-oidc'] } as Templates).filter((s) => s.Effect === 'Allow');

export function roleWritesNeedTheBoundary(t: Templates): string[] {
  const violations: string[] = [];
  for (const s of deployStatements(t)) {
    const writes = ROLE_WRITES.filter((action) => grants(s, action));
    const boundary = s.Condition?.StringEquals?.['iam:PermissionsBoundary'];
    if (writes.length && refOf(boundary) !== BOUNDARY) {
      violations.push(`${s.where} allows ${writes.join(', ')} without iam:PermissionsBoundary equal to ${BOUNDARY}.`);
    }
    const escapes = BOUNDARY_ESCAPES.filter((action) => grants(s, action));
    if (escapes.length) violations.push(`${s.where} allows ${escapes.join(', ')}, which loosen the boundary.`);
  }
  const denied = statements({ 'github-oidc': t['github-oidc'] } as Templates).filter((s) => s.Effect === 'Deny');
  const guarded = denied.some(
    (s) =>
      JSON.stringify(s.Resource).includes(JSON.stringify({ Ref: BOUNDARY })) &&
      JSON.stringify(s.Resource).includes('github-deploy') &&
      ['iam:DeleteRolePermissionsBoundary', 'iam:CreatePolicyVersion', 'iam:PutRolePolicy'].every((a) => grants(s, a)),
  );
  if (!guarded) violations.push('No Deny statement keeps the deploy role off the boundary policy and its own role.');
  return violations;
}

export function stackRolesCarryTheBoundary(t: Templates): string[] {
  return PIPELINE_STACKS.flatMap((stack) =>
    ofType(t[stack], 'AWS::IAM::Role')
      .filter(([, p]) => refOf(p.PermissionsBoundary) !== BOUNDARY_PARAMETER)
      .map(([id]) => `${stack}/${id} has no permissions boundary ${BOUNDARY_PARAMETER}.`),
  );
}

const NETWORK_SERVICE = /^(ec2|elasticloadbalancing):/i;
const PROJECT_TAG_KEYS = [
  'aws:RequestTag/project',
  'aws:ResourceTag/project',
  'ec2:CreateAction',
  'elasticloadbalancing:CreateAction',
];

/** EC2 and ELB writes: only with the project tag (in the request or on the resource), or on a named ARN. */
export function networkWritesScopedToProject(t: Templates): string[] {
  return deployStatements(t)
    .filter((s) => actionsOf(s).some((a) => NETWORK_SERVICE.test(a) && !/:Describe/i.test(a)))
    .filter((s) => {
      const equals = s.Condition?.StringEquals ?? {};
      const tagged = PROJECT_TAG_KEYS.some((key) => key in equals);
      const named = s.Resource !== '*' && !(Array.isArray(s.Resource) && s.Resource.includes('*'));
      return !tagged && !named;
    })
    .map((s) => `${s.where} allows EC2/ELB changes on any resource of the region, not only the project's.`);
}

/** The runtime role may read what callers put under runs/, never write there. */
export function agentOnlyReadsRuns(t: Templates): string[] {
  return statements({ platform: t.platform } as Templates)
    .filter((s) => s.where.startsWith('platform/RuntimeRole') && s.Effect === 'Allow')
    .filter((s) => JSON.stringify(s.Resource ?? '').includes('/runs/'))
    .filter((s) => actionsOf(s).some((a) => a !== 's3:GetObject'))
    .map((s) => `${s.where} allows ${actionsOf(s).join(', ')} under runs/, more than reading.`);
}

/** AgentCore may assume the runtime role only for this account, from AgentCore resources of this region. */
export function runtimeTrustPinned(t: Templates): string[] {
  const trust = (
    resource(t.platform, 'RuntimeRole').Properties.AssumeRolePolicyDocument as { Statement: FoundStatement[] }
  ).Statement;
  const pinnedArn = 'arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:';
  return trust.flatMap((s, index) => {
    const account = refOf(s.Condition?.StringEquals?.['aws:SourceAccount']);
    const arn = (s.Condition?.ArnLike?.['aws:SourceArn'] as { 'Fn::Sub'?: string } | undefined)?.['Fn::Sub'] ?? '';
    return [
      ...(account === 'AWS::AccountId' ? [] : [`RuntimeRole trust statement ${index} is not pinned to this account.`]),
      ...(arn.startsWith(pinnedArn)
        ? []
        : [`RuntimeRole trust statement ${index} accepts sources outside this account and region.`]),
    ];
  });
}
