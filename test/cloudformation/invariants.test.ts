import { describe, expect, it } from 'vitest';
import {
  bucketsTlsOnlyEncryptedPrivate,
  executorEgressOnlyToEndpointsAndS3,
  githubRolesTrustExactSubjects,
  logGroupsHaveRetention,
  noIngressFromAnywhere,
  nothingPublicButNat,
  noWildcardActions,
  passRoleOnlyToNamedServices,
  statefulResourcesRetained,
} from './support/invariants.js';
import { brokenCopy, loadTemplates, resource } from './support/templates.js';

const templates = loadTemplates();

type Statement = Record<string, unknown>;
function policyStatements(properties: Record<string, unknown>, index = 0): Statement[] {
  const policies = properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  return (policies[index] as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement;
}

/** The templates with one more inline rule on a platform security group. */
function withPlatformRule(group: string, list: 'SecurityGroupIngress' | 'SecurityGroupEgress', rule: Statement) {
  return brokenCopy(templates, 'platform', (t) => {
    (resource(t, group).Properties[list] as Statement[]).push(rule);
  });
}

describe('security invariants', () => {
  it('nothing is public but the NAT gateway’s own subnet', () => {
    expect(nothingPublicButNat(templates)).toEqual([]);
    const publicPrivateSubnet = brokenCopy(templates, 'network', (t) => {
      resource(t, 'PrivateSubnetA').Properties.MapPublicIpOnLaunch = true;
    });
    expect(nothingPublicButNat(publicPrivateSubnet)).toEqual([
      'Subnet PrivateSubnetA gives public IPs but has no route to the internet gateway.',
    ]);
    const publicTasks = brokenCopy(templates, 'executor', (t) => {
      const network = resource(t, 'Service').Properties.NetworkConfiguration as {
        AwsvpcConfiguration: Record<string, unknown>;
      };
      network.AwsvpcConfiguration.AssignPublicIp = 'ENABLED';
    });
    expect(nothingPublicButNat(publicTasks)).toEqual(['executor/Service does not disable public IPs.']);
    const internetFacing = brokenCopy(templates, 'platform', (t) => {
      resource(t, 'LoadBalancer').Properties.Scheme = 'internet-facing';
    });
    expect(nothingPublicButNat(internetFacing)).toEqual(['platform/LoadBalancer is not an internal load balancer.']);
    const endpointsInPublic = brokenCopy(templates, 'network', (t) => {
      resource(t, 'LogsEndpoint').Properties.SubnetIds = [{ Ref: 'PublicSubnetA' }];
      t.Outputs = { ...t.Outputs, PrivateSubnetIds: { Value: { 'Fn::Join': [',', [{ Ref: 'PublicSubnetB' }]] } } };
    });
    expect(nothingPublicButNat(endpointsInPublic)).toEqual([
      'LogsEndpoint is placed in public subnet PublicSubnetA.',
      'PrivateSubnetIds lists PublicSubnetB, which routes to the internet gateway.',
    ]);
    const tasksInPublic = brokenCopy(templates, 'executor', (t) => {
      t.Metadata = { StackOutputs: { network: ['PublicSubnetIds'] } };
    });
    expect(nothingPublicButNat(tasksInPublic)).toEqual(['executor takes the public subnets (PublicSubnetIds).']);
  });

  it('no security group admits traffic from 0.0.0.0/0 or ::/0', () => {
    expect(noIngressFromAnywhere(templates)).toEqual([]);
    const open = withPlatformRule('LoadBalancerSecurityGroup', 'SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      CidrIpv6: '::/0',
    });
    expect(noIngressFromAnywhere(open)).toEqual(['platform/LoadBalancerSecurityGroup admits traffic from anywhere.']);
  });

  it('the executor sends traffic only to the VPC endpoints and S3', () => {
    expect(executorEgressOnlyToEndpointsAndS3(templates)).toEqual([]);
    const toInternet = withPlatformRule('ExecutorSecurityGroup', 'SecurityGroupEgress', {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      CidrIp: '0.0.0.0/0',
    });
    expect(executorEgressOnlyToEndpointsAndS3(toInternet)).toEqual([
      expect.stringMatching(/^ExecutorSecurityGroup sends traffic to .*0\.0\.0\.0\/0/),
    ]);
    const defaultEgress = brokenCopy(templates, 'platform', (t) => {
      delete resource(t, 'ExecutorSecurityGroup').Properties.SecurityGroupEgress;
    });
    expect(executorEgressOnlyToEndpointsAndS3(defaultEgress)).toEqual([
      'ExecutorSecurityGroup has no egress rule, so it allows all egress.',
    ]);
  });

  it('no policy allows * or a whole service (service:*)', () => {
    expect(noWildcardActions(templates)).toEqual([]);
    const everything = brokenCopy(templates, 'platform', (t) => {
      policyStatements(resource(t, 'ExecutorTaskRole').Properties).push({
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
      });
    });
    expect(noWildcardActions(everything)).toEqual([
      expect.stringMatching(/^platform\/ExecutorTaskRole.* allows every action of every service\.$/),
    ]);
    const wholeService = brokenCopy(templates, 'platform', (t) => {
      const statement = policyStatements(resource(t, 'ExecutorTaskRole').Properties)[0] as Statement;
      statement.Action = 's3:*';
    });
    expect(noWildcardActions(wholeService)).toEqual([expect.stringMatching(/allows every action of s3:\*\.$/)]);
  });

  it('iam:PassRole is allowed only with an iam:PassedToService condition', () => {
    expect(passRoleOnlyToNamedServices(templates)).toEqual([]);
    const unconditioned = brokenCopy(templates, 'github-oidc', (t) => {
      const document = resource(t, 'DeployStacksPolicy').Properties.PolicyDocument as { Statement: Statement[] };
      const passRole = document.Statement.find((s) => s.Action === 'iam:PassRole') as Statement;
      delete passRole.Condition;
    });
    expect(passRoleOnlyToNamedServices(unconditioned)).toEqual([
      expect.stringMatching(/^github-oidc\/DeployStacksPolicy.* allows iam:PassRole without/),
    ]);
  });

  it('buckets are TLS-only, encrypted and closed to the public', () => {
    expect(bucketsTlsOnlyEncryptedPrivate(templates)).toEqual([]);
    const plainHttp = brokenCopy(templates, 'platform', (t) => {
      const document = resource(t, 'ArtifactsBucketPolicy').Properties.PolicyDocument as { Statement: Statement[] };
      document.Statement = document.Statement.filter((s) => s.Sid !== 'TlsOnly');
    });
    expect(bucketsTlsOnlyEncryptedPrivate(plainHttp)).toEqual([
      'platform/ArtifactsBucket has no policy denying requests without TLS.',
    ]);
    const openable = brokenCopy(templates, 'platform', (t) => {
      const bucket = resource(t, 'ArtifactsBucket').Properties;
      delete bucket.BucketEncryption;
      (bucket.PublicAccessBlockConfiguration as Record<string, unknown>).BlockPublicPolicy = false;
    });
    expect(bucketsTlsOnlyEncryptedPrivate(openable)).toEqual([
      'platform/ArtifactsBucket has no default encryption.',
      'platform/ArtifactsBucket does not set BlockPublicPolicy.',
    ]);
  });

  it('every log group has a retention period', () => {
    expect(logGroupsHaveRetention(templates)).toEqual([]);
    const forever = brokenCopy(templates, 'network', (t) => {
      delete resource(t, 'FlowLogGroup').Properties.RetentionInDays;
    });
    expect(logGroupsHaveRetention(forever)).toEqual(['network/FlowLogGroup keeps its events forever.']);
  });

  it('stateful resources are retained when deleted or replaced', () => {
    expect(statefulResourcesRetained(templates)).toEqual([]);
    const deletable = brokenCopy(templates, 'network', (t) => {
      delete resource(t, 'Vpc').DeletionPolicy;
    });
    expect(statefulResourcesRetained(deletable)).toEqual([
      'network/Vpc (AWS::EC2::VPC) is not retained on delete and replacement.',
    ]);
    const replaceable = brokenCopy(templates, 'platform', (t) => {
      resource(t, 'ExecutorTokenSecret').UpdateReplacePolicy = 'Delete';
    });
    expect(statefulResourcesRetained(replaceable)).toEqual([
      'platform/ExecutorTokenSecret (AWS::SecretsManager::Secret) is not retained on delete and replacement.',
    ]);
  });

  it('GitHub may assume a deploy role only from its own environment, and the preview role only from PRs', () => {
    expect(githubRolesTrustExactSubjects(templates)).toEqual([]);
    const anyBranch = brokenCopy(templates, 'github-oidc', (t) => {
      const trust = resource(t, 'DeployRole').Properties.AssumeRolePolicyDocument as { Statement: Statement[] };
      const statement = trust.Statement[0] as { Condition: Record<string, Record<string, unknown>> };
      const equals = statement.Condition.StringEquals as Record<string, unknown>;
      delete equals['token.actions.githubusercontent.com:sub'];
      statement.Condition.StringLike = { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/bedrock-manus:*' };
    });
    expect(githubRolesTrustExactSubjects(anyBranch)).toEqual([
      expect.stringMatching(/^DeployRole trusts GitHub subject .*StringLike.*, not one environment\.$/),
      'DeployRole matches its GitHub claims with StringEquals, StringLike, not exactly.',
    ]);
  });
});
