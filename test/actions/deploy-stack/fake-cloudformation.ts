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
  type StackEvent,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { FakeClock } from '../../support/fake-clock.js';

const ACCOUNT = 'arn:aws:cloudformation:eu-west-1:123456789012';

export interface ScriptedEvent {
  /** ms after the operation starts. */
  at: number;
  logicalId: string;
  type: string;
  status: string;
  reason?: string;
  /** Makes this resource a nested stack that writes these events itself. */
  nested?: ScriptedEvent[];
}

export interface Operation {
  durationMs: number;
  /** The stack status when the operation ends. */
  final: string;
  finalReason?: string;
  events?: ScriptedEvent[];
  outputs?: Record<string, string>;
}

export interface FakeStack {
  id: string;
  name: string;
  status: string;
  statusReason?: string;
  protection: boolean;
  outputs: Record<string, string>;
  events: StackEvent[];
  running?: { endsAt: number; operation: Operation };
}

interface FakeChangeSet {
  id: string;
  stackId: string;
  type: string;
  readyAt: number;
  input: CreateChangeSetCommandInput;
}

export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

export class FakeCloudFormation {
  readonly client = new CloudFormationClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
  readonly mock: AwsClientStub<CloudFormationClient>;
  readonly stacks: FakeStack[] = [];
  private readonly changeSets = new Map<string, FakeChangeSet>();
  private serial = 0;

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
      const stack = this.find(input.StackName);
      stack.protection = input.EnableTerminationProtection === true;
      return { StackId: stack.id };
    });
    m.on(DescribeStackEventsCommand).callsFake((input) =>
      this.guard('DescribeStackEvents', () => this.describeEvents(input.StackName, input.NextToken)),
    );
  }

  /** An existing stack, optionally in the middle of an operation. */
  seed(
    name: string,
    status: string,
    options: { protection?: boolean; outputs?: Record<string, string>; running?: Operation } = {},
  ) {
    const stack = this.newStack(name, status);
    stack.protection = options.protection ?? false;
    stack.outputs = options.outputs ?? {};
    this.record(stack, name, 'AWS::CloudFormation::Stack', status, this.clock.now() - 60_000, stack.id);
    if (options.running) this.start(stack, status, options.running);
    return stack;
  }

  /** The stack of this name as it is now (not deleted). */
  stack(name: string): FakeStack | undefined {
    this.settle();
    return this.stacks.find((stack) => stack.name === name && stack.status !== 'DELETE_COMPLETE');
  }

  private guard<T>(command: string, answer: () => T): T {
    const left = this.throttle.get(command) ?? 0;
    if (left > 0) {
      this.throttle.set(command, left - 1);
      throw awsError('ThrottlingException', 'Rate exceeded');
    }
    const reading = command === 'DescribeStacks' || command === 'DescribeStackEvents';
    if (reading && this.throttleWhileRunning > 0 && this.stacks.some((stack) => stack.running)) {
      this.throttleWhileRunning--;
      throw awsError('Throttling', 'Rate exceeded');
    }
    return answer();
  }

  private newStack(name: string, status: string): FakeStack {
    const stack: FakeStack = {
      id: `${ACCOUNT}:stack/${name}/${++this.serial}`,
      name,
      status,
      protection: false,
      outputs: {},
      events: [],
    };
    this.stacks.push(stack);
    return stack;
  }

  private find(nameOrId: string | undefined): FakeStack {
    this.settle();
    const stack = this.stacks.find((s) => s.id === nameOrId) ?? this.stack(nameOrId ?? '');
    if (!stack) throw awsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
    return stack;
  }

  private record(
    stack: FakeStack,
    logicalId: string,
    type: string,
    status: string,
    at: number,
    physicalId?: string,
    reason?: string,
  ) {
    stack.events.push({
      StackId: stack.id,
      StackName: stack.name,
      EventId: `${stack.name}-${stack.events.length + 1}`,
      LogicalResourceId: logicalId,
      PhysicalResourceId: physicalId,
      ResourceType: type,
      ResourceStatus: status as StackEvent['ResourceStatus'],
      ResourceStatusReason: reason,
      Timestamp: new Date(at),
    });
  }

  private scripted(stack: FakeStack, events: ScriptedEvent[], startedAt: number) {
    for (const event of events) {
      let physicalId: string | undefined;
      if (event.nested) {
        const nested =
          this.stacks.find((s) => s.name === `${stack.name}-${event.logicalId}`) ??
          this.newStack(`${stack.name}-${event.logicalId}`, 'CREATE_IN_PROGRESS');
        physicalId = nested.id;
        this.scripted(nested, event.nested, startedAt);
      }
      this.record(stack, event.logicalId, event.type, event.status, startedAt + event.at, physicalId, event.reason);
    }
  }

  private start(stack: FakeStack, status: string, operation: Operation) {
    const now = this.clock.now();
    stack.status = status;
    this.record(stack, stack.name, 'AWS::CloudFormation::Stack', status, now, stack.id, 'User Initiated');
    this.scripted(stack, operation.events ?? [], now);
    stack.running = { endsAt: now + operation.durationMs, operation };
  }

  /** Ends every operation whose time has come. */
  private settle() {
    for (const stack of this.stacks) {
      const running = stack.running;
      if (!running || this.clock.now() < running.endsAt) continue;
      stack.running = undefined;
      stack.status = running.operation.final;
      stack.statusReason = running.operation.finalReason;
      Object.assign(stack.outputs, running.operation.outputs ?? {});
      this.record(
        stack,
        stack.name,
        'AWS::CloudFormation::Stack',
        stack.status,
        running.endsAt,
        stack.id,
        stack.statusReason,
      );
    }
  }

  private describeStacks(name: string | undefined) {
    const stack = this.find(name);
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
    this.settle();
    const existing = this.stack(input.StackName ?? '');
    let stack: FakeStack;
    if (input.ChangeSetType === 'CREATE') {
      if (existing && existing.status !== 'REVIEW_IN_PROGRESS')
        throw awsError('AlreadyExistsException', `Stack [${input.StackName}] already exists`);
      stack = existing ?? this.newStack(input.StackName ?? '', 'REVIEW_IN_PROGRESS');
      if (!existing)
        this.record(
          stack,
          stack.name,
          'AWS::CloudFormation::Stack',
          'REVIEW_IN_PROGRESS',
          this.clock.now(),
          stack.id,
          'User Initiated',
        );
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
    const id = `${ACCOUNT}:changeSet/${input.ChangeSetName}/${++this.serial}`;
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
    const stackName = this.find(changeSet.stackId).name;
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
    const stack = this.find(changeSet.stackId);
    const create = changeSet.type === 'CREATE';
    this.start(stack, create ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS', {
      durationMs: 60_000,
      final: create ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE',
      ...this.onExecute,
    });
    this.changeSets.clear();
    return {};
  }

  private deleteStack(nameOrId: string | undefined) {
    const stack = this.find(nameOrId);
    if (stack.protection)
      throw awsError(
        'ValidationError',
        `Stack [${stack.name}] cannot be deleted while TerminationProtection is enabled`,
      );
    this.start(stack, 'DELETE_IN_PROGRESS', { durationMs: 20_000, final: 'DELETE_COMPLETE', ...this.onDelete });
    return {};
  }

  private continueRollback(nameOrId: string | undefined) {
    const stack = this.find(nameOrId);
    if (stack.status !== 'UPDATE_ROLLBACK_FAILED') {
      throw awsError('ValidationError', `Stack ${stack.id} is in ${stack.status} state and can not continue rollback`);
    }
    this.start(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', {
      durationMs: 30_000,
      final: 'UPDATE_ROLLBACK_COMPLETE',
      ...this.onContinueRollback,
    });
    return {};
  }

  /** Events that have happened by now, newest first, in pages. */
  private describeEvents(nameOrId: string | undefined, token: string | undefined) {
    const stack = this.find(nameOrId);
    const happened = stack.events
      .filter((event) => (event.Timestamp?.getTime() ?? 0) <= this.clock.now())
      .sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0));
    const from = Number(token ?? 0);
    const to = from + this.eventPageSize;
    return { StackEvents: happened.slice(from, to), NextToken: to < happened.length ? String(to) : undefined };
  }
}
