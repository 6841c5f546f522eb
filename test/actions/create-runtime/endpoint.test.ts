import {
  CreateAgentRuntimeCommand,
  CreateAgentRuntimeEndpointCommand,
  UpdateAgentRuntimeCommand,
  UpdateAgentRuntimeEndpointCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { describe, expect, it } from 'vitest';
import { liveConfiguration, NEW_DIGEST, REPOSITORY, request, scenario } from './scenario.js';

const NEW_IMAGE = `${REPOSITORY}@${NEW_DIGEST}`;

describe('create-runtime: the named endpoint', () => {
  it('is created on the new version, tagged, and waited on until it serves it', async () => {
    const { agentcore, mock, run } = scenario();

    const result = await run(request({ endpoint: 'dev' }));

    expect(result.endpoint).toMatchObject({ name: 'dev', version: '1', change: 'created' });
    expect(result.endpoint?.previousVersion).toBeUndefined();
    expect(result.endpoint?.arn).toMatch(/runtime\/bedrock_manus_dev-\w+\/runtime-endpoint\/dev$/);
    expect(mock.commandCalls(CreateAgentRuntimeEndpointCommand)[0]?.args[0].input).toMatchObject({
      name: 'dev',
      agentRuntimeVersion: '1',
      tags: { project: 'bedrock-manus', environment: 'dev' },
    });
    const endpoint = agentcore.byName('bedrock_manus_dev')?.endpoints.get('dev');
    expect(endpoint?.targetVersion).toBe('1');
  });

  it('is moved to the new version and reports where it was, for rollback', async () => {
    const { agentcore, mock, run, logs } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration(), 3);
    agentcore.seedEndpoint(runtime, 'dev', '3');

    const result = await run(request({ image: NEW_IMAGE, endpoint: 'dev' }));

    expect(result.runtime.version).toBe('4');
    expect(result.endpoint).toMatchObject({ name: 'dev', previousVersion: '3', version: '4', change: 'moved' });
    expect(mock.commandCalls(UpdateAgentRuntimeEndpointCommand)[0]?.args[0].input).toEqual({
      agentRuntimeId: runtime.id,
      endpointName: 'dev',
      agentRuntimeVersion: '4',
    });
    expect(logs).toContain('Moving endpoint dev from version 3 to 4.');
    expect(logs.some((line) => line.includes('UPDATING, live version 3, target version 4'))).toBe(true);
  });

  it('is left alone when it already serves the unchanged version', async () => {
    const { agentcore, mock, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration(), 2);
    agentcore.seedEndpoint(runtime, 'dev', '2');

    const result = await run(request({ endpoint: 'dev' }));

    expect(result.outcome).toBe('unchanged');
    expect(result.endpoint).toMatchObject({ previousVersion: '2', version: '2', change: 'unchanged' });
    expect(mock.commandCalls(UpdateAgentRuntimeEndpointCommand)).toHaveLength(0);
  });

  it('fails the step at timeout-minutes when it stays READY on the old version with liveVersion ≠ targetVersion', async () => {
    const { agentcore, clock, found, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration());
    agentcore.seedEndpoint(runtime, 'dev', '1');
    agentcore.endpointSwitchMs = Number.POSITIVE_INFINITY;
    const deadline = clock.now() + 5 * 60_000;

    await expect(run(request({ image: NEW_IMAGE, endpoint: 'dev', 'timeout-minutes': '5' }))).rejects.toThrow(
      "The step's timeout-minutes (5) ran out waiting for endpoint dev of runtime bedrock_manus_dev to serve version 2; last status: READY, live version 1, target version 2.",
    );
    expect(clock.now()).toBe(deadline);
    // Reported before the move, so the workflow can still roll back from a failed step.
    expect(found).toEqual([{ arn: `${runtime.arn}/runtime-endpoint/dev`, previousVersion: '1' }]);
  });

  it('fails with the failureReason when the move ends UPDATE_FAILED, saying what it still serves', async () => {
    const { agentcore, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration());
    agentcore.seedEndpoint(runtime, 'dev', '1');
    agentcore.nextEndpointFailure = 'Version 2 failed its health check on /ping';

    await expect(run(request({ image: NEW_IMAGE, endpoint: 'dev' }))).rejects.toThrow(
      'Endpoint dev of runtime bedrock_manus_dev is UPDATE_FAILED moving to version 2: Version 2 failed its health check on /ping; it still serves version 1.',
    );
  });
});

describe('create-runtime: promote-version', () => {
  it('moves the endpoint to an existing version and creates nothing', async () => {
    const { agentcore, mock, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration(), 3);
    agentcore.seedEndpoint(runtime, 'prod', '2');

    const result = await run(request({ endpoint: 'prod', 'promote-version': '3', image: '', 'role-arn': '' }));

    expect(result).toMatchObject({ outcome: 'promoted', runtime: { version: '3', id: runtime.id } });
    expect(result.endpoint).toMatchObject({ name: 'prod', previousVersion: '2', version: '3', change: 'moved' });
    expect(result.network?.networkMode).toBe('VPC');
    expect(mock.commandCalls(CreateAgentRuntimeCommand)).toHaveLength(0);
    expect(mock.commandCalls(UpdateAgentRuntimeCommand)).toHaveLength(0);
  });

  it('rolls back to an older version the same way', async () => {
    const { agentcore, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration(), 3);
    agentcore.seedEndpoint(runtime, 'prod', '3');

    const result = await run(request({ endpoint: 'prod', 'promote-version': '2' }));
    expect(result.endpoint).toMatchObject({ previousVersion: '3', version: '2' });
    expect(runtime.endpoints.get('prod')?.targetVersion).toBe('2');
  });

  it('refuses a version that runs another image than the one given, so prod gets exactly what dev tested', async () => {
    const { agentcore, mock, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration(), 2);
    runtime.versions.push({ configuration: liveConfiguration({ image: NEW_IMAGE }), startedAt: 0, initial: false });

    await expect(run(request({ endpoint: 'prod', 'promote-version': '2', image: NEW_IMAGE }))).rejects.toThrow(
      `Runtime bedrock_manus_dev version 2 runs ${REPOSITORY}@sha256:${'a1'.repeat(32)}, not ${NEW_IMAGE}: promote the version that was deployed from that image.`,
    );
    const result = await run(request({ endpoint: 'prod', 'promote-version': '3', image: NEW_IMAGE }));
    expect(result.endpoint).toMatchObject({ version: '3', change: 'created' });
    expect(mock.commandCalls(UpdateAgentRuntimeCommand)).toHaveLength(0);
  });

  it('names the versions that exist when asked for one that does not', async () => {
    const { agentcore, mock, run } = scenario();
    agentcore.seed('bedrock_manus_dev', liveConfiguration(), 3);
    await expect(run(request({ endpoint: 'prod', 'promote-version': '7' }))).rejects.toThrow(
      'Runtime bedrock_manus_dev has no version 7; its versions are 1, 2, 3.',
    );
    expect(mock.commandCalls(UpdateAgentRuntimeEndpointCommand)).toHaveLength(0);
  });

  it('refuses a version that is not READY, with its failureReason', async () => {
    const { agentcore, clock, run } = scenario();
    const runtime = agentcore.seed('bedrock_manus_dev', liveConfiguration());
    const failure = { status: 'UPDATE_FAILED' as const, reason: 'Container exited with code 1' };
    runtime.versions.push({ configuration: liveConfiguration(), startedAt: clock.now(), initial: false, failure });
    clock.advance(agentcore.startupMs);

    await expect(run(request({ endpoint: 'prod', 'promote-version': '2' }))).rejects.toThrow(
      'Runtime bedrock_manus_dev version 2 is UPDATE_FAILED (Container exited with code 1): only a READY version can be promoted.',
    );
  });

  it('fails clearly when the runtime does not exist', async () => {
    const { run } = scenario();
    await expect(run(request({ endpoint: 'prod', 'promote-version': '1' }))).rejects.toThrow(
      'No AgentCore runtime named bedrock_manus_dev exists in this region, so version 1 cannot be promoted: deploy it first (without promote-version).',
    );
  });
});
