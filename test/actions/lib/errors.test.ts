import { CloudFormationClient, CreateChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { AwsCallError, formatAwsError, isThrottling, send } from '../../../lib/errors.js';

function serviceError(name: string, message: string, status: number, requestId = 'a1b2-c3d4') {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId, attempts: 3 },
  });
}

describe('formatAwsError', () => {
  it('turns a throttling error into one sentence with service, operation, code, message, request id and advice', () => {
    const message = formatAwsError(serviceError('ThrottlingException', 'Rate exceeded.', 400), 'ECR', 'DescribeImages');
    expect(message).toBe(
      'ECR DescribeImages failed with ThrottlingException (HTTP 400): Rate exceeded [request id a1b2-c3d4]; ' +
        'AWS kept throttling after every retry; run fewer deployments at once or retry the job later.',
    );
  });

  it('names the IAM action to allow for an access-denied error', () => {
    const error = serviceError(
      'AccessDeniedException',
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gh is not authorized to perform: bedrock-agentcore:CreateAgentRuntime',
      403,
      'req-9',
    );
    expect(formatAwsError(error, 'Bedrock AgentCore Control', 'CreateAgentRuntime')).toBe(
      'Bedrock AgentCore Control CreateAgentRuntime failed with AccessDeniedException (HTTP 403): User: ' +
        'arn:aws:sts::123456789012:assumed-role/deploy/gh is not authorized to perform: bedrock-agentcore:CreateAgentRuntime ' +
        '[request id req-9]; the credentials lack permission for this call; allow bedrock-agentcore:CreateAgentRuntime ' +
        'in the role the workflow assumes.',
    );
  });

  it('ends with a full stop when there is no advice, and copes with errors lacking metadata', () => {
    expect(
      formatAwsError(
        serviceError('ValidationError', 'Stack with id x does not exist', 400),
        'CloudFormation',
        'DescribeStacks',
      ),
    ).toBe(
      'CloudFormation DescribeStacks failed with ValidationError (HTTP 400): Stack with id x does not exist [request id a1b2-c3d4].',
    );
    expect(formatAwsError(new Error('socket hang up'), 'S3', 'PutObject')).toBe(
      'S3 PutObject failed with UnknownError: socket hang up.',
    );
  });

  it('advises on expired credentials and server errors', () => {
    expect(
      formatAwsError(
        serviceError('ExpiredToken', 'The security token included in the request is expired', 400),
        'STS',
        'GetCallerIdentity',
      ),
    ).toContain('the credentials expired');
    expect(formatAwsError(serviceError('InternalFailure', 'oops', 500), 'ECR', 'PutImage')).toContain('internal error');
  });
});

describe('isThrottling', () => {
  it('recognises throttling by code or by HTTP 429', () => {
    expect(isThrottling(serviceError('Throttling', 'Rate exceeded', 400))).toBe(true);
    expect(isThrottling(serviceError('SomethingElse', 'slow down', 429))).toBe(true);
    expect(isThrottling(serviceError('ValidationError', 'bad', 400))).toBe(false);
  });
});

describe('send', () => {
  it('names the client service and the command operation in the error, keeping the cause and code', async () => {
    const cloudformation = mockClient(CloudFormationClient);
    cloudformation.on(CreateChangeSetCommand).rejects(serviceError('AccessDenied', 'not authorized', 403));
    const client = new CloudFormationClient({ region: 'us-east-1' });
    const call = send(client, new CreateChangeSetCommand({ StackName: 's', ChangeSetName: 'c' }));
    await expect(call).rejects.toBeInstanceOf(AwsCallError);
    await expect(call).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining(
        'CloudFormation CreateChangeSet failed with AccessDenied (HTTP 403): not authorized [request id a1b2-c3d4]; ' +
          'the credentials lack permission for this call; allow cloudformation:CreateChangeSet',
      ),
    });
    cloudformation.restore();
  });

  it('returns the typed output on success', async () => {
    const cloudformation = mockClient(CloudFormationClient);
    cloudformation.on(CreateChangeSetCommand).resolves({ Id: 'arn:cs', StackId: 'arn:stack' });
    const client = new CloudFormationClient({ region: 'us-east-1' });
    const output = await send(client, new CreateChangeSetCommand({ StackName: 's', ChangeSetName: 'c' }));
    expect(output.Id).toBe('arn:cs');
    cloudformation.restore();
  });
});
