// What a stack's status means for a deployment: the state machine's decisions, kept free of AWS calls.
export type StackStep =
  /** No stack, or one left in REVIEW_IN_PROGRESS by a change set never executed: a CREATE change set. */
  | { kind: 'create' }
  | { kind: 'update' }
  /** Another operation runs: wait for it to end, then decide again. */
  | { kind: 'wait' }
  /** ROLLBACK_COMPLETE: a failed creation that can only be deleted. */
  | { kind: 'delete-then-create' }
  | { kind: 'continue-rollback' }
  /** A state a deployment cannot fix by itself. */
  | { kind: 'stuck'; advice: string };

export function isInProgress(status: string | undefined): boolean {
  return status?.endsWith('_IN_PROGRESS') === true;
}

export function nextStep(status: string | undefined): StackStep {
  if (status === undefined || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS')
    return { kind: 'create' };
  if (isInProgress(status)) return { kind: 'wait' };
  switch (status) {
    case 'ROLLBACK_COMPLETE':
      return { kind: 'delete-then-create' };
    case 'UPDATE_ROLLBACK_FAILED':
      return { kind: 'continue-rollback' };
    case 'ROLLBACK_FAILED':
    case 'DELETE_FAILED':
      return {
        kind: 'stuck',
        advice: 'delete the stack (retaining the resources that fail to delete) in the console, then re-run',
      };
    case 'IMPORT_ROLLBACK_FAILED':
      return { kind: 'stuck', advice: 'fix the failed import in the console, then re-run' };
    default:
      return { kind: 'update' };
  }
}

/** Whether an executed change set of this type ended well. */
export function isDeployed(changeSetType: 'CREATE' | 'UPDATE', status: string | undefined): boolean {
  return status === (changeSetType === 'CREATE' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE');
}
