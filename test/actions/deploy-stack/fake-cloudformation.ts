// A small CloudFormation behind aws-sdk-client-mock that follows AWS's documented behaviour: a CREATE change set
// makes a REVIEW_IN_PROGRESS stack, an empty change set FAILS with "didn't contain changes", operations run for a
// while on the fake clock and write events (newest first, paged, nested stacks with their own ids), stacks looked
// up by name vanish once DELETE_COMPLETE but stay readable by id. Tests script what each operation does.
import {
  type Change,
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  type CreateChangeSetCommandInput,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { FakeClock } from '../../support/fake-clock.js';
import { ACCOUNT, awsError, type FakeStack, FakeStacks, type Operation } from './fake-stacks.js';

interface FakeChangeSet {
  id: string;
  stackId: string;
  type: string;
  readyAt: number;
  input: CreateChangeSetCommandInput;
}

export class FakeCloudFormation {
  readonly client = new CloudFormationClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
  readonly mock: AwsClientStub<CloudFormationClient>;
  readonly stacks: FakeStacks;
  private readonly changeSets = new Map<string, FakeChangeSet>();

  /** What the next change set finds: its changes, or a FAILED status with this reason. */
  changeSetResult: { changes: Change[] } | { failedReason: string } = { changes: [] };
  changeSetDelayMs = 4_000;
  onExecute: Partial<Operation> = {};
  onDelete: Partial<Operation> = {};
  onContinueRollback: Partial<Operation> = {};
  eventPageSize = 3;
  /** Command name → how many throttling errors to answer before answering normally. */
  readonly throttle = new Map<string, number>();
  /** How many reads (stacks, events) to throttle while an operation runs. */
  throttleWhileRunning = 0;

  /** @param allClients mock every CloudFormationClient, as those the action creates itself. */
  constructor(
    private readonly clock: FakeClock,
    allClients = false,
  ) {
    this.stacks = new FakeStacks(clock);
    this.mock = allClients ? mockClient(CloudFormationClient) : mockClient(this.client);
    const m = this.mock;
    m.on(DescribeStacksCommand).callsFake((input) =>
      this.guard('DescribeStacks', () => this.describeStacks(input.StackName)),
    );
    m.on(CreateChangeSetCommand).callsFake((input) => this.guard('CreateChangeSet', () => this.createChangeSet(input)));
    m.on(DescribeChangeSetCommand).callsFake((input) =>
      this.guard('DescribeChangeSet', () => this.describeChangeSet(input.ChangeSetName, input.NextToken)),
    );
    m.on(ExecuteChangeSetCommand).callsFake((input) =>
      this.guard('ExecuteChangeSet', () => this.execute(input.ChangeSetName)),
    );
    m.on(DeleteChangeSetCommand).callsFake((input) => {
      this.changeSets.delete(input.ChangeSetName ?? '');
      return {};
    });
    m.on(DeleteStackCommand).callsFake((input) => this.deleteStack(input.StackName));
    m.on(ContinueUpdateRollbackCommand).callsFake((input) => this.continueRollback(input.StackName));
    m.on(UpdateTerminationProtectionCommand).callsFake((input) => {
      const stack = this.stacks.find(input.StackName);
      stack.protection = input.EnableTerminationProtection === true;
      return { StackId: stack.id };
    });
    m.on(DescribeStackEventsCommand).callsFake((input) =>
      this.guard('DescribeStackEvents', () =>
        this.stacks.eventsPage(input.StackName, input.NextToken, this.eventPageSize),
      ),
    );
  }

  /** An existing stack, optionally in the middle of an operation. */
  seed(
    name: string,
    status: string,
    options: { protection?: boolean; outputs?: Record<string, string>; running?: Operation } = {},
  ) {
    const stack = this.stacks.create(name, status);
    stack.protection = options.protection ?? false;
    stack.outputs = options.outputs ?? {};
    this.stacks.recordStatus(stack, status, this.clock.now() - 60_000);
    if (options.running) this.stacks.start(stack, status, options.running);
    return stack;
  }

  /** The stack of this name as it is now (not deleted). */
  stack(name: string): FakeStack | undefined {
    return this.stacks.byName(name);
  }

  private guard<T>(command: string, answer: () => T): T {
    const left = this.throttle.get(command) ?? 0;
    if (left > 0) {
      this.throttle.set(command, left - 1);
      throw awsError('ThrottlingException', 'Rate exceeded');
    }
    const reading = command === 'DescribeStacks' || command === 'DescribeStackEvents';
    if (reading && this.throttleWhileRunning > 0 && this.stacks.all.some((stack) => stack.running)) {
      this.throttleWhileRunning--;
      throw awsError('Throttling', 'Rate exceeded');
    }
    return answer();
  }

  private describeStacks(name: string | undefined) {
    const stack = this.stacks.find(name);
    return {
      Stacks: [
        {
          StackId: stack.id,
          StackName: stack.name,
          StackStatus: stack.status as never,
          StackStatusReason: stack.statusReason,
          EnableTerminationProtection: stack.protection,
          CreationTime: new Date(0),
          Outputs: Object.entries(stack.outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
        },
      ],
    };
  }

  private createChangeSet(input: CreateChangeSetCommandInput) {
    const existing = this.stack(input.StackName ?? '');
    let stack: FakeStack;
    if (input.ChangeSetType === 'CREATE') {
      if (existing && existing.status !== 'REVIEW_IN_PROGRESS')
        throw awsError('AlreadyExistsException', `Stack [${input.StackName}] already exists`);
      stack = existing ?? this.stacks.create(input.StackName ?? '', 'REVIEW_IN_PROGRESS');
      if (!existing) this.stacks.recordStatus(stack, 'REVIEW_IN_PROGRESS', this.clock.now(), 'User Initiated');
    } else {
      if (!existing) throw awsError('ValidationError', `Stack [${input.StackName}] does not exist`);
      if (
        existing.status.endsWith('_IN_PROGRESS') ||
        ['ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED'].includes(existing.status)
      ) {
        throw awsError(
          'ValidationError',
          `Stack:${existing.id} is in ${existing.status} state and can not be updated.`,
        );
      }
      stack = existing;
    }
    const id = `${ACCOUNT}:changeSet/${input.ChangeSetName}/${this.stacks.nextSerial()}`;
    this.changeSets.set(id, {
      id,
      stackId: stack.id,
      type: input.ChangeSetType ?? 'UPDATE',
      readyAt: this.clock.now() + this.changeSetDelayMs,
      input,
    });
    return { Id: id, StackId: stack.id };
  }

  private changeSet(id: string | undefined): FakeChangeSet {
    const changeSet = this.changeSets.get(id ?? '');
    if (!changeSet) throw awsError('ChangeSetNotFoundException', `ChangeSet [${id}] does not exist`, 404);
    return changeSet;
  }

  private describeChangeSet(id: string | undefined, token: string | undefined) {
    const changeSet = this.changeSet(id);
    const stackName = this.stacks.find(changeSet.stackId).name;
    const base = { ChangeSetId: changeSet.id, StackId: changeSet.stackId, StackName: stackName };
    if (this.clock.now() < changeSet.readyAt)
      return { ...base, Status: 'CREATE_IN_PROGRESS' as const, ExecutionStatus: 'UNAVAILABLE' as const };
    const result = this.changeSetResult;
    if ('failedReason' in result) {
      return {
        ...base,
        Status: 'FAILED' as const,
        ExecutionStatus: 'UNAVAILABLE' as const,
        StatusReason: result.failedReason,
      };
    }
    // Two changes per page, so readers must follow NextToken.
    const from = Number(token ?? 0);
    const next = from + 2 < result.changes.length ? String(from + 2) : undefined;
    return {
      ...base,
      Status: 'CREATE_COMPLETE' as const,
      ExecutionStatus: 'AVAILABLE' as const,
      Changes: result.changes.slice(from, from + 2),
      NextToken: next,
    };
  }

  private execute(id: string | undefined) {
    const changeSet = this.changeSet(id);
    if (this.clock.now() < changeSet.readyAt)
      throw awsError('InvalidChangeSetStatus', 'ChangeSet is in CREATE_IN_PROGRESS state');
    const stack = this.stacks.find(changeSet.stackId);
    const create = changeSet.type === 'CREATE';
    this.stacks.start(stack, create ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS', {
      durationMs: 60_000,
      final: create ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE',
      ...this.onExecute,
    });
    this.changeSets.clear();
    return {};
  }

  private deleteStack(nameOrId: string | undefined) {
    const stack = this.stacks.find(nameOrId);
    if (stack.protection)
      throw awsError(
        'ValidationError',
        `Stack [${stack.name}] cannot be deleted while TerminationProtection is enabled`,
      );
    this.stacks.start(stack, 'DELETE_IN_PROGRESS', { durationMs: 20_000, final: 'DELETE_COMPLETE', ...this.onDelete });
    return {};
  }

  private continueRollback(nameOrId: string | undefined) {
    const stack = this.stacks.find(nameOrId);
    if (stack.status !== 'UPDATE_ROLLBACK_FAILED') {
      throw awsError('ValidationError', `Stack ${stack.id} is in ${stack.status} state and can not continue rollback`);
    }
    this.stacks.start(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', {
      durationMs: 30_000,
      final: 'UPDATE_ROLLBACK_COMPLETE',
      ...this.onContinueRollback,
    });
    return {};
  }
}
