// The deploy role carries exactly the reads the smoke test needs: each call it makes is allowed, and the
// smoke-test statements grant nothing it does not call.
import { describe, expect, it } from 'vitest';
import type { Template } from '../../actions/lib/cfn-template.js';
import { smokeTestCalls, smokeTestCallsNotAllowed, smokeTestGrantsUnused } from './support/smoke-test-permissions.js';
import { brokenCopy, loadTemplates } from './support/templates.js';

const templates = loadTemplates();

interface Document {
  Statement: Array<{ Sid?: string; Action?: string[] }>;
}

function shipPolicy(t: Template): Document {
  const properties = t.Resources.ShipPolicy?.Properties as { PolicyDocument?: Document } | undefined;
  if (!properties?.PolicyDocument) throw new Error('github-oidc.yaml has no ShipPolicy document');
  return properties.PolicyDocument;
}

function withoutStatement(sid: string) {
  return brokenCopy(templates, 'github-oidc', (t) => {
    const document = shipPolicy(t);
    document.Statement = document.Statement.filter((s) => s.Sid !== sid);
  });
}

describe('smoke-test permissions of the deploy role', () => {
  it('finds the calls the smoke test makes', () => {
    expect(smokeTestCalls()).toEqual(
      expect.arrayContaining([
        'bedrock-agentcore:InvokeAgentRuntime',
        'cloudformation:DetectStackDrift',
        'logs:FilterLogEvents',
        's3:GetObject',
      ]),
    );
  });

  it('allows every one of them', () => expect(smokeTestCallsNotAllowed(templates)).toEqual([]));

  it('grants nothing through its statements that the smoke test does not call', () =>
    expect(smokeTestGrantsUnused(templates)).toEqual([]));

  it('fails without the log events statement, and on a grant the smoke test never uses', () => {
    expect(smokeTestCallsNotAllowed(withoutStatement('SmokeTestLogEvents'))).toEqual(['logs:FilterLogEvents']);
    const wider = brokenCopy(templates, 'github-oidc', (t) => {
      shipPolicy(t)
        .Statement.find((s) => s.Sid === 'SmokeTestRead')
        ?.Action?.push('cloudformation:GetTemplate');
    });
    expect(smokeTestGrantsUnused(wider)).toEqual(['cloudformation:GetTemplate']);
  });
});
