import { describe, expect, it } from 'vitest';
import { isRoleNotAssumable } from '../../../actions/create-runtime/src/role-propagation.js';
import { AwsCallError } from '../../../lib/errors.js';

function callError(code: string, message: string): AwsCallError {
  return new AwsCallError(`Bedrock AgentCore Control UpdateAgentRuntime failed with ${code}`, code, { message });
}

describe('isRoleNotAssumable', () => {
  it('recognises the ways AgentCore and STS say a role cannot be assumed yet', () => {
    expect(
      isRoleNotAssumable(callError('ValidationException', 'Role validation failed for arn:aws:iam::1:role/r')),
    ).toBe(true);
    expect(
      isRoleNotAssumable(
        callError(
          'AccessDeniedException',
          'bedrock-agentcore.amazonaws.com is not authorized to perform: sts:AssumeRole',
        ),
      ),
    ).toBe(true);
  });

  it('leaves other validation errors, the caller lacking permission, and non-AWS errors alone', () => {
    expect(isRoleNotAssumable(callError('ValidationException', 'Subnet subnet-1 does not exist'))).toBe(false);
    expect(
      isRoleNotAssumable(
        callError(
          'AccessDeniedException',
          'User: arn:aws:sts::1:assumed-role/deploy/gh is not authorized to perform: iam:PassRole on resource role/r',
        ),
      ),
    ).toBe(false);
    expect(isRoleNotAssumable(callError('ThrottlingException', 'Role validation failed'))).toBe(false);
    expect(isRoleNotAssumable(new Error('Role validation failed'))).toBe(false);
  });
});
