// The real templates and parameter files, loaded once per test file, and deep copies for breaking on purpose.
import type { Template, TemplateResource } from '../../../actions/lib/cfn-template.js';
import {
  ENVIRONMENTS,
  loadParameters,
  loadTemplate,
  PIPELINE_STACKS,
  type PipelineStack,
} from '../../../scripts/cost/stacks.js';

export const ALL_STACKS = [...PIPELINE_STACKS, 'github-oidc'] as const;
export type StackName = (typeof ALL_STACKS)[number];
export type Templates = Record<StackName, Template>;

export function loadTemplates(): Templates {
  return Object.fromEntries(ALL_STACKS.map((name) => [name, loadTemplate(name)])) as Templates;
}

export type EnvParameters = Record<string, Record<PipelineStack, Record<string, string>>>;

export function loadAllParameters(): EnvParameters {
  return Object.fromEntries(
    ENVIRONMENTS.map((env) => [
      env,
      Object.fromEntries(PIPELINE_STACKS.map((stack) => [stack, loadParameters(env, stack)])),
    ]),
  ) as EnvParameters;
}

/** A deep copy of every template, with one changed by `breakIt`. */
export function brokenCopy(templates: Templates, stack: StackName, breakIt: (template: Template) => void): Templates {
  const copy = structuredClone(templates);
  breakIt(copy[stack]);
  return copy;
}

export function resource(template: Template, id: string): TemplateResource & { Properties: Record<string, unknown> } {
  const found = template.Resources[id];
  if (!found?.Properties) throw new Error(`No resource ${id} with properties in the template.`);
  return found as TemplateResource & { Properties: Record<string, unknown> };
}

/** The logical id a `{Ref: id}` node points to, or undefined. */
export function refOf(node: unknown): string | undefined {
  return typeof node === 'object' && node !== null && 'Ref' in node
    ? String((node as { Ref: unknown }).Ref)
    : undefined;
}

/** The logical id a `{Ref: id}` or `{Fn::GetAtt: [id, …]}` node points to, or undefined. */
export function targetOf(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if ('Fn::GetAtt' in node) return String((node as { 'Fn::GetAtt': unknown[] })['Fn::GetAtt'][0]);
  return refOf(node);
}
