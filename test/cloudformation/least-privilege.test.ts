import { describe, expect, it } from 'vitest';
import { executorTlsWithCertificate, listenersFor } from './support/executor-listener.js';
import {
  agentOnlyReadsRuns,
  networkWritesScopedToProject,
  roleWritesNeedTheBoundary,
  runtimeTrustPinned,
  stackRolesCarryTheBoundary,
} from './support/least-privilege.js';
import { brokenCopy, loadTemplates, resource } from './support/templates.js';

const templates = loadTemplates();

type Statement = Record<string, unknown>;
function managedStatements(t: Parameters<Parameters<typeof brokenCopy>[2]>[0], id: string): Statement[] {
  return (resource(t, id).Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}
function inlineStatements(t: Parameters<Parameters<typeof brokenCopy>[2]>[0], id: string): Statement[] {
  const policies = resource(t, id).Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

const CERTIFICATE = {
  CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100',
  ExecutorHostName: 'executor.internal.example.com',
};

describe('the deploy role cannot make itself administrator', () => {
  it('writes role permissions only with the stack-role boundary, and never loosens it', () => {
    expect(roleWritesNeedTheBoundary(templates)).toEqual([]);
    const oldGrant = brokenCopy(templates, 'github-oidc', (t) => {
      const statements = managedStatements(t, 'DeployStacksPolicy');
      const owned = statements.find((s) => s.Sid === 'OwnRoles') as Statement;
      owned.Action = [...(owned.Action as string[]), 'iam:CreateRole', 'iam:PutRolePolicy'];
    });
    expect(roleWritesNeedTheBoundary(oldGrant)).toEqual([
      expect.stringMatching(
        /DeployStacksPolicy.* allows iam:CreateRole, iam:PutRolePolicy without iam:PermissionsBoundary/,
      ),
    ]);
    const unguarded = brokenCopy(templates, 'github-oidc', (t) => {
      const document = resource(t, 'DeployStacksPolicy').Properties.PolicyDocument as { Statement: Statement[] };
      document.Statement = document.Statement.filter((s) => s.Effect !== 'Deny');
    });
    expect(roleWritesNeedTheBoundary(unguarded)).toEqual([
      'No Deny statement keeps the deploy role off the boundary policy and its own role.',
    ]);
  });

  it('every role of the pipeline stacks carries the boundary', () => {
    expect(stackRolesCarryTheBoundary(templates)).toEqual([]);
    const unbounded = brokenCopy(templates, 'network', (t) => {
      delete resource(t, 'FlowLogRole').Properties.PermissionsBoundary;
    });
    expect(stackRolesCarryTheBoundary(unbounded)).toEqual([
      'network/FlowLogRole has no permissions boundary PermissionsBoundaryArn.',
    ]);
  });
});

describe('EC2 and ELB changes reach only the project’s resources', () => {
  it('creates need the project tag in the request, changes need it on the resource', () => {
    expect(networkWritesScopedToProject(templates)).toEqual([]);
    const regionWide = brokenCopy(templates, 'github-oidc', (t) => {
      managedStatements(t, 'DeployNetworkPolicy').push({
        Sid: 'Network',
        Effect: 'Allow',
        Action: ['ec2:DeleteVpc', 'ec2:AuthorizeSecurityGroupIngress'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': { Ref: 'AWS::Region' } } },
      });
    });
    expect(networkWritesScopedToProject(regionWide)).toEqual([
      expect.stringMatching(/^github-oidc\/DeployNetworkPolicy.* allows EC2\/ELB changes on any resource/),
    ]);
  });
});

describe('the runtime role’s trust', () => {
  it('is pinned to this account and this region’s AgentCore resources', () => {
    expect(runtimeTrustPinned(templates)).toEqual([]);
    const anyRegion = brokenCopy(templates, 'platform', (t) => {
      const trust = resource(t, 'RuntimeRole').Properties.AssumeRolePolicyDocument as { Statement: Statement[] };
      (trust.Statement[0] as Statement).Condition = {
        ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:bedrock-agentcore:*:*:*' } },
      };
    });
    expect(runtimeTrustPinned(anyRegion)).toEqual([
      'RuntimeRole trust statement 0 is not pinned to this account.',
      'RuntimeRole trust statement 0 accepts sources outside this account and region.',
    ]);
  });
});

describe('runs/ in the artifacts bucket', () => {
  it('the agent may read datasets there but not write them', () => {
    expect(agentOnlyReadsRuns(templates)).toEqual([]);
    const writable = brokenCopy(templates, 'platform', (t) => {
      const runs = inlineStatements(t, 'RuntimeRole').find((s) => s.Sid === 'RunArtifacts') as Statement;
      runs.Action = ['s3:GetObject', 's3:PutObject'];
    });
    expect(agentOnlyReadsRuns(writable)).toEqual([
      expect.stringMatching(/RuntimeRole.* allows s3:GetObject, s3:PutObject under runs\/, more than reading\.$/),
    ]);
  });
});

describe('the executor token on the wire', () => {
  it('with a certificate the ALB serves HTTPS only on a TLS 1.2+ policy and EXECUTOR_URL is https', () => {
    expect(executorTlsWithCertificate(templates, CERTIFICATE)).toEqual([]);
    const httpOnly = brokenCopy(templates, 'platform', (t) => {
      delete resource(t, 'Listener').Condition;
      delete resource(t, 'HttpsListener').Condition;
      const outputs = t.Outputs ?? {};
      (outputs.ExecutorUrl as { Value: unknown }).Value = { 'Fn::Sub': 'http://${LoadBalancer.DNSName}' };
    });
    expect(executorTlsWithCertificate(httpOnly, CERTIFICATE)).toEqual([
      'With a certificate, listener Listener serves HTTP (no TLS policy).',
      expect.stringMatching(/^With a certificate, ExecutorUrl is http:\/\/.*, not https\.$/),
    ]);
  });

  it('without a certificate it keeps one HTTP listener on 80', () => {
    const { listeners, url } = listenersFor(templates, {});
    expect(listeners.map((l) => [l.id, l.Protocol, l.Port])).toEqual([['Listener', 'HTTP', 80]]);
    expect(url).toMatch(/^http:\/\//);
  });
});
