// The stacks behind the fake CloudFormation: operations that run for a while on the fake clock, and the events
// they write (each stack, nested ones included, with its own id and events; listed newest first, in pages).
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { FakeClock } from '../../support/fake-clock.js';

export const ACCOUNT = 'arn:aws:cloudformation:eu-west-1:123456789012';
const STACK_TYPE = 'AWS::CloudFormation::Stack';

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

export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

export class FakeStacks {
  readonly all: FakeStack[] = [];
  private serial = 0;

  constructor(private readonly clock: FakeClock) {}

  nextSerial(): number {
    return ++this.serial;
  }

  create(name: string, status: string): FakeStack {
    const stack: FakeStack = {
      id: `${ACCOUNT}:stack/${name}/${this.nextSerial()}`,
      name,
      status,
      protection: false,
      outputs: {},
      events: [],
    };
    this.all.push(stack);
    return stack;
  }

  /** The stack of this name as it is now; a deleted stack is found only by its id. */
  byName(name: string): FakeStack | undefined {
    this.settle();
    return this.all.find((stack) => stack.name === name && stack.status !== 'DELETE_COMPLETE');
  }

  find(nameOrId: string | undefined): FakeStack {
    this.settle();
    const stack = this.all.find((s) => s.id === nameOrId) ?? this.byName(nameOrId ?? '');
    if (!stack) throw awsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
    return stack;
  }

  /** A stack-level event: the stack's own status change. */
  recordStatus(stack: FakeStack, status: string, at: number, reason?: string): void {
    this.record(stack, {
      LogicalResourceId: stack.name,
      PhysicalResourceId: stack.id,
      ResourceType: STACK_TYPE,
      ResourceStatus: status as never,
      ResourceStatusReason: reason,
      Timestamp: new Date(at),
    });
  }

  private record(stack: FakeStack, event: Partial<StackEvent>): void {
    stack.events.push({
      StackId: stack.id,
      StackName: stack.name,
      EventId: `${stack.name}-${stack.events.length + 1}`,
      Timestamp: undefined,
      ...event,
    });
  }

  private scripted(stack: FakeStack, events: readonly ScriptedEvent[], startedAt: number): void {
    for (const event of events) {
      let physicalId: string | undefined;
      if (event.nested) {
        const name = `${stack.name}-${event.logicalId}`;
        const nested = this.all.find((s) => s.name === name) ?? this.create(name, 'CREATE_IN_PROGRESS');
        physicalId = nested.id;
        this.scripted(nested, event.nested, startedAt);
      }
      this.record(stack, {
        LogicalResourceId: event.logicalId,
        PhysicalResourceId: physicalId,
        ResourceType: event.type,
        ResourceStatus: event.status as never,
        ResourceStatusReason: event.reason,
        Timestamp: new Date(startedAt + event.at),
      });
    }
  }

  start(stack: FakeStack, status: string, operation: Operation): void {
    const now = this.clock.now();
    stack.status = status;
    this.recordStatus(stack, status, now, 'User Initiated');
    this.scripted(stack, operation.events ?? [], now);
    stack.running = { endsAt: now + operation.durationMs, operation };
  }

  /** Ends every operation whose time has come. */
  settle(): void {
    for (const stack of this.all) {
      const running = stack.running;
      if (!running || this.clock.now() < running.endsAt) continue;
      stack.running = undefined;
      stack.status = running.operation.final;
      stack.statusReason = running.operation.finalReason;
      Object.assign(stack.outputs, running.operation.outputs ?? {});
      this.recordStatus(stack, stack.status, running.endsAt, stack.statusReason);
    }
  }

  /** Events that have happened by now, newest first, one page from `token`. */
  eventsPage(nameOrId: string | undefined, token: string | undefined, size: number) {
    const happened = this.find(nameOrId)
      .events.filter((event) => (event.Timestamp?.getTime() ?? 0) <= this.clock.now())
      .sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0));
    const from = Number(token ?? 0);
    const to = from + size;
    return { StackEvents: happened.slice(from, to), NextToken: to < happened.length ? String(to) : undefined };
  }
}
