import {
  AccessDeniedException,
  CreateAgentRuntimeCommand,
  TagResourceCommand,
  UpdateAgentRuntimeCommand,
  UpdateAgentRuntimeEndpointCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { describe, expect, it } from 'vitest';
import { ROLE_PROPAGATION_WINDOW_MS } from '../../../actions/create-runtime/src/role-propagation.js';
import { DEV_INPUTS, liveConfiguration, NEW_DIGEST, REPOSITORY, ROLE, request, scenario } from './scenario.js';

describe('create-runtime: the runtime', () => {
  it('creates a new runtime with the whole configuration and its tags, and waits until version 1 is READY', async () => {
    const { agentcore, mock, run, elapsed } = scenario();
    for (const other of ['analytics', 'billing_bot', 'support_bot']) agentcore.seed(other, liveConfiguration());

    const result = await run(request());

    expect(result.outcome).toBe('created');
    expect(result.runtime).toMatchObject({ name: 'bedrock_manus_dev', version: '1' });
    expect(result.runtime.arn).toMatch(/^arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime\/bedrock_manus_dev-/);
    const [create] = mock.commandCalls(CreateAgentRuntimeCommand);
    expect(create?.args[0].input).toEqual({
      agentRuntimeName: 'bedrock_manus_dev',
      agentRuntimeArtifact: { containerConfiguration: { containerUri: DEV_INPUTS.image } },
      roleArn: ROLE,
      networkConfiguration: {
        networkMode: 'VPC',
        networkModeConfig: {
          subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
          securityGroups: ['sg-0123456789abcdef0'],
        },
      },
      environmentVariables: {
        EXECUTOR_URL: 'http://internal-executor.example:8080',
        CODER_MODEL_ID: 'anthropic.claude-sonnet',
        LOG_LEVEL: 'info',
      },
      protocolConfiguration: { serverProtocol: 'HTTP' },
      tags: { project: 'bedrock-manus', environment: 'dev' },
    });
    // Returned only once the version left CREATING, which the fake holds for 90 s.
    expect(elapsed()).toBeGreaterThanOrEqual(agentcore.startupMs);
    expect(agentcore.byName('bedrock_manus_dev')?.tags).toEqual({ project: 'bedrock-manus', environment: 'dev' });
  });

  it('creates a PUBLIC runtime when no subnets or security groups are given', async () => {
    const { mock, run } = scenario();
    const result = await run(request({ subnets: '', 'security-groups': '' }));
    expect(result.network).toEqual({ networkMode: 'PUBLIC' });
    expect(mock.commandCalls(CreateAgentRuntimeCommand)[0]?.args[0].input.networkConfiguration).toEqual({
      networkMode: 'PUBLIC',
    });
  });

  it('updates with the whole configuration, keeps settings it does not manage, tags through TagResource', async () => {
    const { agentcore, mock, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', {
      ...liveConfiguration(),
      requestHeaderConfiguration: { requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant'] },
    });

    const result = await run(request({ image: `${REPOSITORY}@${NEW_DIGEST}`, 'idle-timeout-seconds': '600' }));

    expect(result.outcome).toBe('updated');
    expect(result.runtime.version).toBe('2');
    expect(result.changes).toEqual(['image', 'lifecycle']);
    const update = mock.commandCalls(UpdateAgentRuntimeCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      agentRuntimeId: runtime.id,
      agentRuntimeArtifact: { containerConfiguration: { containerUri: `${REPOSITORY}@${NEW_DIGEST}` } },
      roleArn: ROLE,
      networkConfiguration: { networkMode: 'VPC' },
      environmentVariables: { LOG_LEVEL: 'info' },
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 600, maxLifetime: 28800 },
      requestHeaderConfiguration: { requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant'] },
    });
    expect(mock.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      resourceArn: runtime.arn,
      tags: { project: 'bedrock-manus', environment: 'dev' },
    });
    expect(mock.commandCalls(CreateAgentRuntimeCommand)).toHaveLength(0);
  });

  it('carries over every setting GetAgentRuntime reports that it does not manage, set in the console or elsewhere', async () => {
    const { agentcore, mock, run } = scenario();
    const unmanaged = {
      authorizerConfiguration: {
        customJWTAuthorizer: {
          discoveryUrl: 'https://issuer.example.com/.well-known/openid-configuration',
          allowedClients: ['app'],
        },
      },
      requestHeaderConfiguration: { requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant'] },
      protocolConfiguration: { serverProtocol: 'MCP' as const },
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 300, maxLifetime: 3600 },
      filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/session' } }],
      metadataConfiguration: { requireMMDSV2: true },
      capacityProviderConfiguration: {
        capacityProviderArn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:capacity-provider/analytics',
      },
      platformVersion: '2',
      description: 'set in the console',
    };
    const runtime = agentcore.seed('bedrock_manus_dev', { ...liveConfiguration(), ...unmanaged });
    runtime.tags = { owner: 'data-team' };

    const result = await run(request({ image: `${REPOSITORY}@${NEW_DIGEST}` }));

    // Only the image changed: the lifecycle and protocol the inputs leave alone are no reason to update.
    expect(result.changes).toEqual(['image']);
    const update = mock.commandCalls(UpdateAgentRuntimeCommand)[0]?.args[0].input;
    expect(update).toMatchObject(unmanaged);
    // What AgentCore now reports for the new version still has every carried-over setting.
    const stored = agentcore.byName('bedrock_manus_dev')?.versions.at(-1)?.configuration;
    expect(stored).toMatchObject(unmanaged);
    // TagResource only adds: the tag set elsewhere stays next to the action's.
    expect(runtime.tags).toEqual({ owner: 'data-team', project: 'bedrock-manus', environment: 'dev' });

    await run(
      request({ image: `${REPOSITORY}@${NEW_DIGEST}`, 'idle-timeout-seconds': '600', description: 'from the input' }),
    );
    expect(mock.commandCalls(UpdateAgentRuntimeCommand)[1]?.args[0].input).toMatchObject({
      ...unmanaged,
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 600, maxLifetime: 3600 },
      description: 'from the input',
    });
  });

  it('leaves a lifecycle set elsewhere alone while its inputs are empty, and changes only the value given', async () => {
    const { agentcore, mock, run } = scenario();
    agentcore.seed('bedrock_manus_dev', {
      ...liveConfiguration(),
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 300, maxLifetime: 3600 },
    });
    expect((await run(request())).outcome).toBe('unchanged');
    expect(mock.commandCalls(UpdateAgentRuntimeCommand)).toHaveLength(0);
    // The value the runtime already has is no change either.
    expect((await run(request({ 'max-lifetime-seconds': '3600' }))).outcome).toBe('unchanged');

    const changed = await run(request({ 'max-lifetime-seconds': '7200' }));
    expect(changed.changes).toEqual(['lifecycle']);
    expect(mock.commandCalls(UpdateAgentRuntimeCommand)[0]?.args[0].input.lifecycleConfiguration).toEqual({
      idleRuntimeSessionTimeout: 300,
      maxLifetime: 7200,
    });
  });

  it('stops before any change when one lifecycle input would outlast the value the runtime keeps', async () => {
    const { agentcore, mock, run } = scenario();
    agentcore.seed('bedrock_manus_dev', {
      ...liveConfiguration(),
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 300, maxLifetime: 1800 },
    });
    await expect(run(request({ 'idle-timeout-seconds': '3600' }))).rejects.toThrow(
      'Input "idle-timeout-seconds" is 3600, more than the instance lifetime the runtime keeps (1800 seconds) while "max-lifetime-seconds" is empty: give max-lifetime-seconds too, at least 3600.',
    );
    expect(mock.commandCalls(UpdateAgentRuntimeCommand)).toHaveLength(0);

    const fresh = scenario();
    await expect(fresh.run(request({ 'max-lifetime-seconds': '600' }))).rejects.toThrow(
      'Input "max-lifetime-seconds" is 600, less than the idle timeout AgentCore gives a new runtime (900 seconds) while "idle-timeout-seconds" is empty: give idle-timeout-seconds too, at most 600.',
    );
    expect(fresh.mock.commandCalls(CreateAgentRuntimeCommand)).toHaveLength(0);
  });

  it('creates a runtime with AgentCore’s lifecycle defaults unless an input gives a value', async () => {
    const { agentcore, mock, run } = scenario();
    await run(request({ 'idle-timeout-seconds': '600' }));
    expect(mock.commandCalls(CreateAgentRuntimeCommand)[0]?.args[0].input.lifecycleConfiguration).toEqual({
      idleRuntimeSessionTimeout: 600,
    });
    expect(agentcore.byName('bedrock_manus_dev')?.versions[0]?.configuration.lifecycleConfiguration).toEqual({
      idleRuntimeSessionTimeout: 600,
      maxLifetime: 28800,
    });
  });

  it('skips the update when the live configuration already matches, whatever order AgentCore lists ids in', async () => {
    const { agentcore, mock, run, logs } = scenario();
    const live = liveConfiguration({ subnets: 'subnet-0f1e2d3c4b5a69788,subnet-0a1b2c3d4e5f60718' });
    agentcore.seed('bedrock_manus_dev', live, 4);

    const result = await run(request());

    expect(result.outcome).toBe('unchanged');
    expect(result.runtime.version).toBe('4');
    expect(mock.commandCalls(UpdateAgentRuntimeCommand)).toHaveLength(0);
    expect(logs).toContain('Runtime bedrock_manus_dev version 4 already has this configuration; no update.');
  });

  it('treats a removed environment variable or a new description as a change, an omitted description not', async () => {
    const { agentcore, run } = scenario();
    agentcore.seed(
      'bedrock_manus_dev',
      liveConfiguration({ environment: 'LOG_LEVEL=info\nDEBUG=1', description: 'old' }),
    );
    const changed = await run(request({ environment: 'LOG_LEVEL=info', description: 'Coder, Validator, Reporter' }));
    expect(changed.changes).toEqual(['environment', 'description']);

    const other = scenario();
    other.agentcore.seed('bedrock_manus_dev', liveConfiguration({ description: 'set in the console' }));
    expect((await other.run(request())).outcome).toBe('unchanged');
  });

  it('fails with the failureReason when the new runtime ends CREATE_FAILED', async () => {
    const { agentcore, mock, run } = scenario();
    agentcore.nextFailure = {
      status: 'CREATE_FAILED',
      reason: 'Image manifest platform linux/amd64 is not supported; AgentCore runtimes need linux/arm64',
    };
    await expect(run(request({ endpoint: 'dev' }))).rejects.toThrow(
      'Runtime bedrock_manus_dev version 1 is CREATE_FAILED: Image manifest platform linux/amd64 is not supported; AgentCore runtimes need linux/arm64.',
    );
    expect(mock.commandCalls(UpdateAgentRuntimeEndpointCommand)).toHaveLength(0);
  });

  it('fails with the failureReason when the update ends UPDATE_FAILED, leaving the endpoint where it was', async () => {
    const { agentcore, mock, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration());
    agentcore.seedEndpoint(runtime, 'dev', '1');
    agentcore.nextFailure = {
      status: 'UPDATE_FAILED',
      reason: 'Subnet subnet-0a1b2c3d4e5f60718 is in an unsupported AZ',
    };

    await expect(run(request({ image: `${REPOSITORY}@${NEW_DIGEST}`, endpoint: 'dev' }))).rejects.toThrow(
      'Runtime bedrock_manus_dev version 2 is UPDATE_FAILED: Subnet subnet-0a1b2c3d4e5f60718 is in an unsupported AZ.',
    );
    expect(mock.commandCalls(UpdateAgentRuntimeEndpointCommand)).toHaveLength(0);
  });

  it('deploys again over a failed live version even when its configuration matches', async () => {
    const { agentcore, clock, run } = scenario();
    agentcore.nextFailure = { status: 'UPDATE_FAILED', reason: 'transient' };
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration());
    runtime.versions.push({
      configuration: liveConfiguration(),
      startedAt: clock.now(),
      initial: false,
      failure: agentcore.nextFailure,
    });
    agentcore.nextFailure = undefined;
    clock.advance(agentcore.startupMs);

    const result = await run(request());
    expect(result.outcome).toBe('updated');
    expect(result.changes).toEqual(['version 2 is UPDATE_FAILED']);
    expect(result.runtime.version).toBe('3');
  });

  it('fails the step at timeout-minutes while the new version is still CREATING', async () => {
    const { agentcore, clock, run } = scenario();
    agentcore.startupMs = Number.POSITIVE_INFINITY;
    const deadline = clock.now() + 10 * 60_000;
    await expect(run(request({ 'timeout-minutes': '10' }))).rejects.toThrow(
      "The step's timeout-minutes (10) ran out waiting for runtime bedrock_manus_dev version 1 to become READY; last status: CREATING.",
    );
    expect(clock.now()).toBe(deadline);
  });

  it('waits for an update already in progress before comparing', async () => {
    const { agentcore, clock, mock, run, elapsed } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration());
    runtime.versions.push({ configuration: liveConfiguration(), startedAt: clock.now(), initial: false });

    const result = await run(request());
    expect(elapsed()).toBeGreaterThanOrEqual(agentcore.startupMs);
    expect(result).toMatchObject({ outcome: 'unchanged', runtime: { version: '2' } });
    expect(mock.commandCalls(UpdateAgentRuntimeCommand)).toHaveLength(0);
  });
});

describe('create-runtime: a new execution role', () => {
  it('is retried while IAM propagates it, within the first minute', async () => {
    const { agentcore, clock, mock, run, logs } = scenario();
    agentcore.roleAssumableAt = clock.now() + 25_000;

    const result = await run(request());

    expect(result.outcome).toBe('created');
    const attempts = mock.commandCalls(CreateAgentRuntimeCommand).length;
    expect(attempts).toBeGreaterThan(2);
    expect(logs.filter((line) => line.includes('cannot be assumed yet'))).toHaveLength(attempts - 1);
  });

  it('fails after one minute with advice on the trust policy when the role never becomes assumable', async () => {
    const { agentcore, clock, mock, run } = scenario();
    agentcore.roleAssumableAt = Number.POSITIVE_INFINITY;
    const started = clock.now();

    const failure = run(request());

    await expect(failure).rejects.toThrow(
      `Bedrock AgentCore Control CreateAgentRuntime failed with ValidationException (HTTP 400): Role validation failed for ${ROLE}: the role cannot be assumed by bedrock-agentcore.amazonaws.com [request id fake-request]; the role ${ROLE} still could not be assumed after a minute, so this is not IAM propagation: check that its trust policy allows bedrock-agentcore.amazonaws.com to assume it.`,
    );
    // The last attempt happens exactly when the minute is up, and none after it.
    expect(clock.now() - started).toBe(ROLE_PROPAGATION_WINDOW_MS);
    expect(mock.commandCalls(CreateAgentRuntimeCommand).length).toBeLessThan(12);
  });

  it('is not confused with the deploy role lacking permission, which fails at once', async () => {
    const { mock, run, elapsed } = scenario();
    mock.on(CreateAgentRuntimeCommand).rejects(
      new AccessDeniedException({
        message:
          'User: arn:aws:sts::123456789012:assumed-role/github-deploy/gh is not authorized to perform: bedrock-agentcore:CreateAgentRuntime',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    await expect(run(request())).rejects.toThrow(
      'allow bedrock-agentcore:CreateAgentRuntime in the role the workflow assumes.',
    );
    expect(mock.commandCalls(CreateAgentRuntimeCommand)).toHaveLength(1);
    expect(elapsed()).toBe(0);
  });
});
