// An AgentCore control plane held in memory and driven by the fake clock, following the documented behaviour:
// a create makes version 1, each update a new immutable version; a version is CREATING/UPDATING for a while,
// then READY or *_FAILED with a failureReason; DEFAULT follows the latest version; a named endpoint moves by
// setting targetVersion and serves it (liveVersion) once the switch completes. Installed on an
// aws-sdk-client-mock stub, so the code under test talks to it through the real client's send().
import {
  type AgentRuntimeEndpointStatus,
  type BedrockAgentCoreControlClientResolvedConfig,
  ConflictException,
  CreateAgentRuntimeCommand,
  CreateAgentRuntimeEndpointCommand,
  type CreateAgentRuntimeRequest,
  GetAgentRuntimeCommand,
  GetAgentRuntimeEndpointCommand,
  ListAgentRuntimesCommand,
  ListAgentRuntimeVersionsCommand,
  ResourceNotFoundException,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  TagResourceCommand,
  UpdateAgentRuntimeCommand,
  UpdateAgentRuntimeEndpointCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock-agentcore-control';
import type { AwsStub } from 'aws-sdk-client-mock';
import type { FakeClock } from '../../support/fake-clock.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const metadata = { $metadata: { httpStatusCode: 400, requestId: 'fake-request' } };

type Configuration = Omit<CreateAgentRuntimeRequest, 'agentRuntimeName' | 'tags' | 'clientToken'>;
type Failure = { status: 'CREATE_FAILED' | 'UPDATE_FAILED'; reason: string };

interface Version {
  configuration: Configuration;
  startedAt: number;
  initial: boolean;
  failure?: Failure;
}

interface Endpoint {
  name: string;
  liveVersion?: string;
  targetVersion: string;
  switchAt: number;
  failure?: string;
}

interface Runtime {
  id: string;
  name: string;
  arn: string;
  versions: Version[];
  endpoints: Map<string, Endpoint>;
  tags: Record<string, string>;
}

export class FakeAgentCore {
  readonly runtimes: Runtime[] = [];
  /** How long a new version takes to leave CREATING/UPDATING. */
  startupMs = 90_000;
  /** How long an endpoint takes to serve its target version; Infinity leaves it READY on the old one forever. */
  endpointSwitchMs = 20_000;
  /** Until this time, CreateAgentRuntime/UpdateAgentRuntime reject the role as not assumable. */
  roleAssumableAt = Number.NEGATIVE_INFINITY;
  /** The next version created ends in this failure. */
  nextFailure?: Failure;
  /** The next endpoint move ends in UPDATE_FAILED with this reason. */
  nextEndpointFailure?: string;
  /** Runtimes per ListAgentRuntimes page, small so paging is exercised. */
  pageSize = 2;

  constructor(private readonly clock: FakeClock) {}

  /** A runtime that already exists with `versions` READY versions of `configuration`. */
  seed(name: string, configuration: Configuration, versions = 1): Runtime {
    const id = `${name}-Ab3dEf6h${String(this.runtimes.length).padStart(2, '0')}`;
    const runtime: Runtime = {
      id,
      name,
      arn: `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:runtime/${id}`,
      versions: [],
      endpoints: new Map(),
      tags: {},
    };
    for (let index = 0; index < versions; index++) {
      runtime.versions.push({
        configuration: stored(configuration),
        startedAt: Number.NEGATIVE_INFINITY,
        initial: index === 0,
      });
    }
    runtime.endpoints.set('DEFAULT', {
      name: 'DEFAULT',
      liveVersion: String(versions),
      targetVersion: String(versions),
      switchAt: 0,
    });
    this.runtimes.push(runtime);
    return runtime;
  }

  seedEndpoint(runtime: Runtime, name: string, version: string): void {
    runtime.endpoints.set(name, { name, liveVersion: version, targetVersion: version, switchAt: 0 });
  }

  byName(name: string): Runtime | undefined {
    return this.runtimes.find((runtime) => runtime.name === name);
  }

  install(mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, BedrockAgentCoreControlClientResolvedConfig>): void {
    mock.on(ListAgentRuntimesCommand).callsFake((input) => {
      const start = Number(input.nextToken ?? 0);
      const page = this.runtimes.slice(start, start + this.pageSize);
      const next = start + this.pageSize < this.runtimes.length ? String(start + this.pageSize) : undefined;
      return { agentRuntimes: page.map((runtime) => this.summary(runtime, runtime.versions.length)), nextToken: next };
    });
    mock.on(ListAgentRuntimeVersionsCommand).callsFake((input) => {
      const runtime = this.runtime(input.agentRuntimeId);
      return { agentRuntimes: runtime.versions.map((_, index) => this.summary(runtime, index + 1)) };
    });
    mock.on(GetAgentRuntimeCommand).callsFake((input) => {
      const runtime = this.runtime(input.agentRuntimeId);
      const number = Number(input.agentRuntimeVersion ?? runtime.versions.length);
      const version = runtime.versions[number - 1];
      if (!version) throw new ResourceNotFoundException({ message: `Version ${number} not found`, ...metadata });
      const { status, failureReason } = this.versionStatus(version);
      return { ...this.summary(runtime, number), ...version.configuration, status, failureReason };
    });
    mock.on(CreateAgentRuntimeCommand).callsFake((input) => {
      this.checkRole(input.roleArn);
      if (this.byName(input.agentRuntimeName)) {
        throw new ConflictException({ message: `Runtime ${input.agentRuntimeName} already exists`, ...metadata });
      }
      const { agentRuntimeName, tags, clientToken, ...configuration } = input;
      const runtime = this.seed(agentRuntimeName, configuration, 0);
      runtime.tags = { ...tags };
      return this.addVersion(runtime, configuration, true);
    });
    mock.on(UpdateAgentRuntimeCommand).callsFake((input) => {
      this.checkRole(input.roleArn);
      const { agentRuntimeId, clientToken, ...configuration } = input;
      const runtime = this.runtime(agentRuntimeId);
      const latest = runtime.versions.at(-1);
      if (latest && this.versionStatus(latest).status.endsWith('ING')) {
        throw new ConflictException({ message: 'An update is already in progress', ...metadata });
      }
      return this.addVersion(runtime, configuration, false);
    });
    mock.on(TagResourceCommand).callsFake((input) => {
      const runtime = this.runtimes.find((candidate) => candidate.arn === input.resourceArn);
      if (!runtime) throw new ResourceNotFoundException({ message: 'No such resource', ...metadata });
      Object.assign(runtime.tags, input.tags);
      return {};
    });
    mock.on(GetAgentRuntimeEndpointCommand).callsFake((input) => {
      const runtime = this.runtime(input.agentRuntimeId);
      const endpoint = runtime.endpoints.get(input.endpointName);
      if (!endpoint)
        throw new ResourceNotFoundException({ message: `Endpoint ${input.endpointName} not found`, ...metadata });
      return this.endpointView(runtime, endpoint);
    });
    mock.on(CreateAgentRuntimeEndpointCommand).callsFake((input) => {
      const runtime = this.runtime(input.agentRuntimeId);
      if (runtime.endpoints.has(input.name)) {
        throw new ConflictException({ message: `Endpoint ${input.name} already exists`, ...metadata });
      }
      const version = input.agentRuntimeVersion ?? '1';
      this.checkVersionReady(runtime, version);
      const endpoint: Endpoint = {
        name: input.name,
        targetVersion: version,
        switchAt: this.clock.now() + this.endpointSwitchMs,
      };
      runtime.endpoints.set(input.name, endpoint);
      return { ...this.endpointView(runtime, endpoint), endpointName: input.name };
    });
    mock.on(UpdateAgentRuntimeEndpointCommand).callsFake((input) => {
      const runtime = this.runtime(input.agentRuntimeId);
      const endpoint = runtime.endpoints.get(input.endpointName);
      if (!endpoint)
        throw new ResourceNotFoundException({ message: `Endpoint ${input.endpointName} not found`, ...metadata });
      if (this.endpointView(runtime, endpoint).status === 'UPDATING') {
        throw new ConflictException({ message: 'The endpoint is being updated', ...metadata });
      }
      const version = input.agentRuntimeVersion ?? String(runtime.versions.length);
      this.checkVersionReady(runtime, version);
      endpoint.liveVersion = this.endpointView(runtime, endpoint).liveVersion;
      endpoint.targetVersion = version;
      endpoint.switchAt = this.clock.now() + this.endpointSwitchMs;
      endpoint.failure = this.nextEndpointFailure;
      this.nextEndpointFailure = undefined;
      return this.endpointView(runtime, endpoint);
    });
  }

  private runtime(id: string | undefined): Runtime {
    const runtime = this.runtimes.find((candidate) => candidate.id === id);
    if (!runtime) throw new ResourceNotFoundException({ message: `Runtime ${id} not found`, ...metadata });
    return runtime;
  }

  private checkRole(roleArn: string | undefined): void {
    if (this.clock.now() < this.roleAssumableAt) {
      throw new ValidationException({
        message: `Role validation failed for ${roleArn}: the role cannot be assumed by bedrock-agentcore.amazonaws.com`,
        reason: 'FieldValidationFailed',
        ...metadata,
      });
    }
  }

  private checkVersionReady(runtime: Runtime, version: string): void {
    const found = runtime.versions[Number(version) - 1];
    if (!found || this.versionStatus(found).status !== 'READY') {
      throw new ValidationException({
        message: `Version ${version} is not READY`,
        reason: 'FieldValidationFailed',
        ...metadata,
      });
    }
  }

  private addVersion(runtime: Runtime, configuration: Configuration, initial: boolean) {
    runtime.versions.push({
      configuration: stored(configuration),
      startedAt: this.clock.now(),
      initial,
      failure: this.nextFailure,
    });
    this.nextFailure = undefined;
    const number = String(runtime.versions.length);
    // DEFAULT follows the latest version by itself.
    runtime.endpoints.set('DEFAULT', { name: 'DEFAULT', liveVersion: number, targetVersion: number, switchAt: 0 });
    return {
      agentRuntimeId: runtime.id,
      agentRuntimeArn: runtime.arn,
      agentRuntimeVersion: number,
      status: initial ? ('CREATING' as const) : ('UPDATING' as const),
      createdAt: new Date(this.clock.now()),
      lastUpdatedAt: new Date(this.clock.now()),
    };
  }

  private versionStatus(version: Version): { status: string; failureReason?: string } {
    if (this.clock.now() < version.startedAt + this.startupMs)
      return { status: version.initial ? 'CREATING' : 'UPDATING' };
    if (version.failure) return { status: version.failure.status, failureReason: version.failure.reason };
    return { status: 'READY' };
  }

  private summary(runtime: Runtime, version: number) {
    const found = runtime.versions[version - 1];
    return {
      agentRuntimeArn: runtime.arn,
      agentRuntimeId: runtime.id,
      agentRuntimeName: runtime.name,
      agentRuntimeVersion: String(version),
      description: found?.configuration.description ?? '',
      lastUpdatedAt: new Date(this.clock.now()),
      status: (found ? this.versionStatus(found).status : 'CREATING') as 'READY',
    };
  }

  private endpointView(runtime: Runtime, endpoint: Endpoint) {
    const switched = this.clock.now() >= endpoint.switchAt;
    const failed = switched && endpoint.failure !== undefined;
    const liveVersion = switched && !failed ? endpoint.targetVersion : endpoint.liveVersion;
    const stuck = endpoint.switchAt === Number.POSITIVE_INFINITY && endpoint.liveVersion !== undefined;
    const status: AgentRuntimeEndpointStatus = failed
      ? 'UPDATE_FAILED'
      : switched || stuck
        ? 'READY'
        : endpoint.liveVersion
          ? 'UPDATING'
          : 'CREATING';
    return {
      agentRuntimeEndpointArn: `${runtime.arn}/runtime-endpoint/${endpoint.name}`,
      agentRuntimeArn: runtime.arn,
      agentRuntimeId: runtime.id,
      name: endpoint.name,
      id: `${endpoint.name}-endpoint`,
      liveVersion,
      targetVersion: endpoint.targetVersion,
      status,
      failureReason: failed ? endpoint.failure : undefined,
      createdAt: new Date(0),
      lastUpdatedAt: new Date(this.clock.now()),
    };
  }
}

/**
 * A version as AgentCore keeps it: each create and update replaces the whole configuration, and a lifecycle value
 * left out gets the documented default (idleRuntimeSessionTimeout 900, maxLifetime 28800), which GetAgentRuntime
 * then reports. Whether an update that omits it keeps the old value instead is not documented, so the fake takes
 * the case that loses settings.
 */
function stored(configuration: Configuration): Configuration {
  return {
    ...configuration,
    lifecycleConfiguration: {
      idleRuntimeSessionTimeout: 900,
      maxLifetime: 28800,
      ...configuration.lifecycleConfiguration,
    },
  };
}
