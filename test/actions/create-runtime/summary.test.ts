import { describe, expect, it } from 'vitest';
import type { DeployResult } from '../../../actions/create-runtime/src/deploy.js';
import { consoleUrl, renderSummary } from '../../../actions/create-runtime/src/summary.js';

const runtime = {
  name: 'bedrock_manus_dev',
  id: 'bedrock_manus_dev-Ab3dEf6h00',
  arn: 'arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/bedrock_manus_dev-Ab3dEf6h00',
  version: '4',
};

describe('create-runtime summary', () => {
  it('shows the runtime, version and why it changed, the endpoint before → after, the network and a console link', () => {
    const result: DeployResult = {
      outcome: 'updated',
      runtime,
      changes: ['image', 'environment'],
      network: {
        networkMode: 'VPC',
        networkModeConfig: { subnets: ['subnet-0a1b2c3d4e5f60718'], securityGroups: ['sg-0123456789abcdef0'] },
      },
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/agent@sha256:abc',
      endpoint: {
        name: 'dev',
        arn: `${runtime.arn}/runtime-endpoint/dev`,
        previousVersion: '3',
        version: '4',
        change: 'moved',
      },
    };
    const markdown = renderSummary(result, 'eu-west-1');
    expect(markdown).toContain('### create-runtime: bedrock_manus_dev version 4');
    expect(markdown).toContain('| Version | 4: updated |');
    expect(markdown).toContain('| Changed | image, environment |');
    expect(markdown).toContain('| Endpoint | dev: 3 → 4 |');
    expect(markdown).toContain(
      '| Network | VPC (subnets subnet-0a1b2c3d4e5f60718; security groups sg-0123456789abcdef0) |',
    );
    expect(markdown).toContain(`[open in the AgentCore console](${consoleUrl('eu-west-1', runtime.id)})`);
    expect(consoleUrl('eu-west-1', runtime.id)).toBe(
      'https://eu-west-1.console.aws.amazon.com/bedrock-agentcore/agents/bedrock_manus_dev-Ab3dEf6h00?region=eu-west-1',
    );
  });

  it('says when nothing changed and no named endpoint was asked for', () => {
    const markdown = renderSummary(
      { outcome: 'unchanged', runtime, changes: [], network: { networkMode: 'PUBLIC' } },
      'us-east-1',
    );
    expect(markdown).toContain('| Version | 4: unchanged (configuration already live) |');
    expect(markdown).toContain('| Endpoint | none named (DEFAULT follows the latest version) |');
    expect(markdown).toContain('| Network | PUBLIC |');
    expect(markdown).not.toContain('| Changed |');
  });
});
