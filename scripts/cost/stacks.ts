// Where the templates and each environment's parameters live, and the order the pipeline deploys the stacks in.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTemplate, type Template } from '../../actions/lib/cfn-template.js';

/** Deployed in this order; each may take parameters from the outputs of the ones before it. */
export const PIPELINE_STACKS = ['network', 'platform', 'executor'] as const;
export type PipelineStack = (typeof PIPELINE_STACKS)[number];
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const CLOUDFORMATION_DIR = resolve(fileURLToPath(new URL('../../cloudformation', import.meta.url)));

export function templatePath(stack: string, dir = CLOUDFORMATION_DIR): string {
  return join(dir, `${stack}.yaml`);
}

export function parametersPath(env: string, stack: string, dir = CLOUDFORMATION_DIR): string {
  return join(dir, 'parameters', env, `${stack}.json`);
}

export function loadTemplate(stack: string, dir = CLOUDFORMATION_DIR): Template {
  const path = templatePath(stack, dir);
  return parseTemplate(readFileSync(path, 'utf8'), path);
}

/** A parameters file: one flat JSON object of string values, as the deploy-stack action reads it. */
export function loadParameters(env: string, stack: string, dir = CLOUDFORMATION_DIR): Record<string, string> {
  const path = parametersPath(env, stack, dir);
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${path} is not a JSON object of parameter values.`);
  }
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') throw new Error(`${path}: the value of ${key} is not a string.`);
  }
  return data as Record<string, string>;
}
