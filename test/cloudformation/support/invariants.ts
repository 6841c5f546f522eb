// The security invariants of ARCHITECTURE.md as checks over the templates. Each returns its violations, one
// sentence each, so a test can show both that the real templates have none and that a broken copy has one.
import type { Template } from '../../../actions/lib/cfn-template.js';
import { actionsOf, statements } from './policies.js';
import { refOf, type Templates, targetOf } from './templates.js';

export function ofType(template: Template, type: string): [string, Record<string, unknown>][] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties ?? {}]);
}

/** Subnets whose route table sends traffic to an internet gateway. */
function publicSubnets(template: Template): Set<string> {
  const gateways = new Set(ofType(template, 'AWS::EC2::InternetGateway').map(([id]) => id));
  const internetTables = new Set(
    ofType(template, 'AWS::EC2::Route')
      .filter(([, p]) => gateways.has(refOf(p.GatewayId) ?? ''))
      .map(([, p]) => refOf(p.RouteTableId)),
  );
  return new Set(
    ofType(template, 'AWS::EC2::SubnetRouteTableAssociation')
      .filter(([, p]) => internetTables.has(refOf(p.RouteTableId)))
      .map(([, p]) => refOf(p.SubnetId) ?? ''),
  );
}

function subnetRefs(node: unknown): string[] {
  const join = (node as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  return (join?.[1] ?? []).map((item) => refOf(item) ?? '');
}

export function nothingPublicButNat(t: Templates): string[] {
  const network = t.network;
  const publicOnes = publicSubnets(network);
  const violations: string[] = [];
  for (const [id, p] of ofType(network, 'AWS::EC2::Subnet')) {
    if (p.MapPublicIpOnLaunch === true && !publicOnes.has(id)) {
      violations.push(`Subnet ${id} gives public IPs but has no route to the internet gateway.`);
    }
  }
  for (const [id, p] of ofType(network, 'AWS::EC2::NatGateway')) {
    if (!publicOnes.has(refOf(p.SubnetId) ?? '')) violations.push(`NAT gateway ${id} is not in a public subnet.`);
  }
  const natAddresses = new Set(ofType(network, 'AWS::EC2::NatGateway').map(([, p]) => targetOf(p.AllocationId)));
  for (const [id] of ofType(network, 'AWS::EC2::EIP')) {
    if (!natAddresses.has(id)) violations.push(`Elastic IP ${id} belongs to no NAT gateway.`);
  }
  const allowedInPublicSubnets = new Set(['AWS::EC2::NatGateway', 'AWS::EC2::SubnetRouteTableAssociation']);
  for (const [id, r] of Object.entries(network.Resources)) {
    const text = JSON.stringify(r.Properties ?? {});
    const placed = [...publicOnes].filter((subnet) => text.includes(JSON.stringify({ Ref: subnet })));
    if (placed.length && !allowedInPublicSubnets.has(r.Type))
      violations.push(`${id} is placed in public subnet ${placed[0]}.`);
  }
  for (const [stack, template] of Object.entries(t)) {
    const wiring = (template.Metadata ?? {}) as { StackOutputs?: Record<string, string[]> };
    const taken = Object.values(wiring.StackOutputs ?? {}).flat();
    if (taken.includes('PublicSubnetIds')) violations.push(`${stack} takes the public subnets (PublicSubnetIds).`);
  }
  for (const id of subnetRefs(network.Outputs?.PrivateSubnetIds?.Value)) {
    if (publicOnes.has(id)) violations.push(`PrivateSubnetIds lists ${id}, which routes to the internet gateway.`);
  }
  for (const [stack, template] of Object.entries(t)) {
    for (const [id, p] of ofType(template, 'AWS::ECS::Service')) {
      const vpc = (p.NetworkConfiguration as { AwsvpcConfiguration?: { AssignPublicIp?: string } } | undefined)
        ?.AwsvpcConfiguration;
      if (vpc?.AssignPublicIp !== 'DISABLED') violations.push(`${stack}/${id} does not disable public IPs.`);
    }
    for (const [id, p] of ofType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      if (p.Scheme !== 'internal') violations.push(`${stack}/${id} is not an internal load balancer.`);
    }
  }
  return violations;
}

const OPEN = new Set(['0.0.0.0/0', '::/0']);

export function noIngressFromAnywhere(t: Templates): string[] {
  const violations: string[] = [];
  for (const [stack, template] of Object.entries(t)) {
    const rules = [
      ...ofType(template, 'AWS::EC2::SecurityGroup').flatMap(([id, p]) =>
        ((p.SecurityGroupIngress as Record<string, unknown>[] | undefined) ?? []).map((rule) => [id, rule] as const),
      ),
      ...ofType(template, 'AWS::EC2::SecurityGroupIngress'),
    ];
    for (const [id, rule] of rules) {
      if (OPEN.has(String(rule.CidrIp)) || OPEN.has(String(rule.CidrIpv6))) {
        violations.push(`${stack}/${id} admits traffic from anywhere.`);
      }
    }
  }
  return violations;
}

/**
 * The executor's security group is the one the executor service uses: its ExecutorSecurityGroupId parameter
 * comes from the platform output of that name. Its egress may only reach the endpoint security group and the
 * S3 prefix list, on HTTPS; without an egress rule of its own, a group keeps AWS's default allow-all egress.
 */
export function executorEgressOnlyToEndpointsAndS3(t: Templates): string[] {
  const service = ofType(t.executor, 'AWS::ECS::Service')[0]?.[1];
  const vpc = (service?.NetworkConfiguration as { AwsvpcConfiguration?: { SecurityGroups?: unknown[] } })
    ?.AwsvpcConfiguration;
  const parameter = refOf(vpc?.SecurityGroups?.[0]) ?? '';
  const group = refOf(t.platform.Outputs?.[parameter]?.Value) ?? '';
  const properties = t.platform.Resources[group]?.Properties;
  if (!properties) return [`The executor service's security group ${parameter} is not a platform security group.`];
  const inline = (properties.SecurityGroupEgress as Record<string, unknown>[] | undefined) ?? [];
  const separate = ofType(t.platform, 'AWS::EC2::SecurityGroupEgress')
    .filter(([, p]) => refOf(p.GroupId) === group)
    .map(([, p]) => p);
  const violations = inline.length === 0 ? [`${group} has no egress rule, so it allows all egress.`] : [];
  for (const rule of [...inline, ...separate]) {
    const toEndpoints = refOf(rule.DestinationSecurityGroupId) === 'EndpointSecurityGroupId';
    const toS3 = refOf(rule.DestinationPrefixListId) === 'S3PrefixListId';
    const https = rule.IpProtocol === 'tcp' && rule.FromPort === 443 && rule.ToPort === 443;
    if (!(toEndpoints || toS3) || !https) {
      violations.push(`${group} sends traffic to ${JSON.stringify(rule)}, not HTTPS to the endpoints or S3.`);
    }
  }
  return violations;
}

export function noWildcardActions(t: Templates): string[] {
  return statements(t)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => [
      ...actionsOf(s)
        .filter((action) => action === '*' || /^[a-z0-9-]+:\*$/i.test(action))
        .map((action) => `${s.where} allows every action of ${action === '*' ? 'every service' : action}.`),
      ...(s.NotAction ? [`${s.where} allows everything but a list (NotAction).`] : []),
    ]);
}

export function passRoleOnlyToNamedServices(t: Templates): string[] {
  return statements(t)
    .filter((s) => s.Effect === 'Allow' && actionsOf(s).some((action) => /^iam:(PassRole|Pass\*|\*)$/i.test(action)))
    .filter((s) => !Object.values(s.Condition ?? {}).some((test) => 'iam:PassedToService' in test))
    .map((s) => `${s.where} allows iam:PassRole without an iam:PassedToService condition.`);
}

export function bucketsTlsOnlyEncryptedPrivate(t: Templates): string[] {
  const violations: string[] = [];
  for (const [stack, template] of Object.entries(t)) {
    const policies = ofType(template, 'AWS::S3::BucketPolicy');
    for (const [id, p] of ofType(template, 'AWS::S3::Bucket')) {
      const encryption = (p.BucketEncryption as { ServerSideEncryptionConfiguration?: unknown[] } | undefined)
        ?.ServerSideEncryptionConfiguration;
      if (!encryption?.length) violations.push(`${stack}/${id} has no default encryption.`);
      const block = (p.PublicAccessBlockConfiguration ?? {}) as Record<string, unknown>;
      for (const setting of ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets']) {
        if (block[setting] !== true) violations.push(`${stack}/${id} does not set ${setting}.`);
      }
      const denies = policies
        .filter(([, policy]) => refOf(policy.Bucket) === id)
        .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
        .filter((s) => s.Effect === 'Deny' && ['s3:*', '*'].includes(String(s.Action)))
        .filter(
          (s) => String((s.Condition as { Bool?: Record<string, unknown> })?.Bool?.['aws:SecureTransport']) === 'false',
        );
      if (denies.length === 0) violations.push(`${stack}/${id} has no policy denying requests without TLS.`);
    }
  }
  return violations;
}

export function logGroupsHaveRetention(t: Templates): string[] {
  return Object.entries(t).flatMap(([stack, template]) =>
    ofType(template, 'AWS::Logs::LogGroup')
      .filter(([, p]) => p.RetentionInDays === undefined)
      .map(([id]) => `${stack}/${id} keeps its events forever.`),
  );
}

/** Resources whose loss loses data or identity: kept when the stack deletes or replaces them. */
export const STATEFUL_TYPES = [
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::ECR::Repository',
  'AWS::SecretsManager::Secret',
  'AWS::EC2::VPC',
  'AWS::IAM::OIDCProvider',
];

export function statefulResourcesRetained(t: Templates): string[] {
  return Object.entries(t).flatMap(([stack, template]) =>
    Object.entries(template.Resources)
      .filter(([, r]) => STATEFUL_TYPES.includes(r.Type))
      .filter(([, r]) => r.DeletionPolicy !== 'Retain' || r.UpdateReplacePolicy !== 'Retain')
      .map(([id, r]) => `${stack}/${id} (${r.Type}) is not retained on delete and replacement.`),
  );
}

/** Roles GitHub may assume: each trusts one exact subject (an environment, or pull requests), never a pattern. */
export function githubRolesTrustExactSubjects(t: Templates): string[] {
  const violations: string[] = [];
  for (const [id, p] of ofType(t['github-oidc'], 'AWS::IAM::Role')) {
    const trust = (p.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    for (const statement of trust) {
      const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
      const subject = conditions.StringEquals?.['token.actions.githubusercontent.com:sub'];
      const audience = conditions.StringEquals?.['token.actions.githubusercontent.com:aud'];
      const sub = (subject as { 'Fn::Sub'?: string } | undefined)?.['Fn::Sub'] ?? '';
      if (!/^repo:\$\{GitHubOwner\}\/\$\{GitHubRepo\}:(environment:\$\{Environment\}|pull_request)$/.test(sub)) {
        violations.push(`${id} trusts GitHub subject ${JSON.stringify(subject ?? conditions)}, not one environment.`);
      }
      if (audience !== 'sts.amazonaws.com') violations.push(`${id} does not require the sts.amazonaws.com audience.`);
      if (Object.keys(conditions).some((test) => test !== 'StringEquals')) {
        violations.push(`${id} matches its GitHub claims with ${Object.keys(conditions).join(', ')}, not exactly.`);
      }
    }
  }
  return violations;
}
