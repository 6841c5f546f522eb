import { describe, expect, it } from 'vitest';
import { actionsOf, type FoundStatement } from './support/policies.js';
import { loadTemplates, resource } from './support/templates.js';

const platform = loadTemplates().platform;

function role(id: string) {
  const properties = resource(platform, id).Properties;
  const trust = (properties.AssumeRolePolicyDocument as { Statement: FoundStatement[] }).Statement;
  const policies = properties.Policies as { PolicyDocument: { Statement: (FoundStatement & { Sid: string })[] } }[];
  return { trust, statements: policies.flatMap((p) => p.PolicyDocument.Statement) };
}

const bySid = (statements: (FoundStatement & { Sid: string })[]) =>
  Object.fromEntries(statements.map((s) => [s.Sid, { actions: actionsOf(s), resource: s.Resource }]));

describe('AgentCore runtime role', () => {
  const runtime = role('RuntimeRole');

  it('is assumable only by AgentCore, for runtimes of this account', () => {
    expect(runtime.trust).toHaveLength(1);
    expect(runtime.trust[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'bedrock-agentcore.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': expect.anything() },
      },
    });
  });

  it('invokes only the configured models, reads only its image, runs/ and the token', () => {
    const granted = bySid(runtime.statements);
    expect(granted.InvokeConfiguredModels).toEqual({
      actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      resource: { Ref: 'BedrockModelArns' },
    });
    expect(granted.PullAgentImage?.resource).toEqual({ 'Fn::GetAtt': ['AgentRepository', 'Arn'] });
    expect(granted.RunArtifacts?.resource).toEqual({ 'Fn::Sub': '${ArtifactsBucket.Arn}/runs/*' });
    expect(granted.ExecutorToken).toEqual({
      actions: ['secretsmanager:GetSecretValue'],
      resource: { Ref: 'ExecutorTokenSecret' },
    });
    const s3 = runtime.statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3.map((s) => s.Sid)).toEqual(['RunArtifacts', 'ListRunArtifacts']);
    expect(s3[1]?.Condition).toEqual({ StringLike: { 's3:prefix': 'runs/*' } });
  });
});

describe('executor roles', () => {
  it('the task role may only put session artifacts and protect its own tasks from scale-in', () => {
    const granted = bySid(role('ExecutorTaskRole').statements);
    expect(granted).toEqual({
      SessionArtifacts: { actions: ['s3:PutObject'], resource: { 'Fn::Sub': '${ArtifactsBucket.Arn}/sessions/*' } },
      ScaleInProtection: {
        actions: ['ecs:UpdateTaskProtection', 'ecs:GetTaskProtection'],
        resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*' },
      },
    });
  });

  it('the execution role pulls only its image, writes only its log group and reads only the token', () => {
    const granted = bySid(role('ExecutorExecutionRole').statements);
    expect(granted.PullExecutorImage?.resource).toEqual({ 'Fn::GetAtt': ['ExecutorRepository', 'Arn'] });
    expect(granted.ExecutorLogs?.resource).toEqual({ 'Fn::Sub': '${ExecutorLogGroup.Arn}' });
    expect(granted.ExecutorToken?.resource).toEqual({ Ref: 'ExecutorTokenSecret' });
    expect(Object.keys(granted)).toEqual(['PullExecutorImage', 'RegistryLogin', 'ExecutorLogs', 'ExecutorToken']);
    expect(granted.RegistryLogin?.actions).toEqual(['ecr:GetAuthorizationToken']);
  });
});
