import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Template } from '../../actions/lib/cfn-template.js';
import { ENVIRONMENTS, PIPELINE_STACKS, templatePath } from '../../scripts/cost/stacks.js';
import { ALL_STACKS, loadAllParameters, loadTemplates, resource } from './support/templates.js';
import { TemplateValidator } from './support/validator.js';

const parameters = loadAllParameters();
const templates = loadTemplates();
let validator: TemplateValidator;
let scratch: string;

// The validator enumerates every allowed value of unresolved parameters, which is slow; each check
// resolves the environment's real values, as a deployment would.
function oidcParameters(env: string): Record<string, string> {
  return {
    Environment: env,
    GitHubOwner: 'octo-org',
    GitHubRepo: 'bedrock-manus',
    RuntimeName: `bedrock_manus_${env}`,
  };
}

function parametersOf(stack: string, env: string): Record<string, string> {
  return stack === 'github-oidc' ? oidcParameters(env) : (parameters[env]?.[stack as 'network'] ?? {});
}

/** Writes a template (already parsed, so in long form) to the scratch folder and returns its path. */
function writeCopy(name: string, template: Template): string {
  const path = join(scratch, `${name}.yaml`);
  writeFileSync(path, stringify(template));
  return path;
}

beforeAll(() => {
  validator = new TemplateValidator();
  scratch = mkdtempSync(join(tmpdir(), 'cfn-validate-'));
});

afterAll(() => {
  validator?.free();
  rmSync(scratch, { recursive: true, force: true });
});

describe('AWS CloudFormation validator', () => {
  for (const stack of ALL_STACKS) {
    it(`${stack}.yaml has no finding above INFO with each environment's parameters`, () => {
      for (const env of ENVIRONMENTS) {
        expect(validator.blocking(templatePath(stack), parametersOf(stack, env)), `${stack} in ${env}`).toEqual([]);
      }
    });
  }

  it('fails a template with a misspelled property', () => {
    const text = readFileSync(templatePath('platform'), 'utf8');
    expect(text).toContain('      HealthCheckPath: /health');
    const path = join(scratch, 'misspelled.yaml');
    writeFileSync(path, text.replace('      HealthCheckPath: /health', '      HealthCheckPth: /health'));
    expect(validator.blocking(path, parametersOf('platform', 'dev'))).toEqual([
      expect.stringMatching(/^FATAL F3002 ExecutorTargetGroup Properties\.HealthCheckPth: .*HealthCheckPth/),
    ]);
  });

  it('reads the parsed long form of a template as it reads the source', () => {
    // The tag test below validates parsed copies; they must pass exactly as the files do.
    expect(
      validator.blocking(writeCopy('executor-long-form', templates.executor), parametersOf('executor', 'dev')),
    ).toEqual([]);
  });
});

describe('tags', () => {
  function untaggedOrMistagged(stack: string, template: Template, env: string): string[] {
    const path = writeCopy(`${stack}-tags`, template);
    const untagged = validator
      .findings(path, parametersOf(stack, env))
      .filter((d) => d.ruleId === 'I9040')
      .map((d) => `${stack}/${d.entity?.logicalId} supports tags but has none.`);
    const mistagged = Object.entries(template.Resources)
      .filter(([, r]) => {
        const tags = r.Properties?.Tags;
        if (!Array.isArray(tags)) return false;
        const keys = tags.map((tag: { Key: string }) => tag.Key);
        return !keys.includes('project') || !keys.includes('environment');
      })
      .map(([id]) => `${stack}/${id} lacks the project or environment tag.`);
    return [...untagged, ...mistagged];
  }

  it('every resource that supports tags carries the project and environment tags', () => {
    for (const stack of ALL_STACKS) {
      expect(untaggedOrMistagged(stack, templates[stack], 'dev')).toEqual([]);
    }
  });

  it('an untagged or half-tagged resource is found', () => {
    const copy = structuredClone(templates.platform);
    delete resource(copy, 'Cluster').Properties.Tags;
    resource(copy, 'ExecutorLogGroup').Properties.Tags = [{ Key: 'project', Value: 'bedrock-manus' }];
    expect(untaggedOrMistagged('platform', copy, 'dev')).toEqual([
      'platform/Cluster supports tags but has none.',
      'platform/ExecutorLogGroup lacks the project or environment tag.',
    ]);
  });
});

it('the pipeline stacks are the templates the tests check', () => {
  expect(PIPELINE_STACKS.every((stack) => ALL_STACKS.includes(stack))).toBe(true);
});
