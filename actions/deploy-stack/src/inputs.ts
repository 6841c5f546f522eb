// The action's inputs as action.yml declares them, read with the template and the parameters they name into
// the request deployStack takes.
import { readFileSync } from 'node:fs';
import { parameterLine, parseTemplate, type Template, TemplateError } from '../../lib/cfn-template.js';
import { boolean, choice, integer, keyValues, list, parseInputs, text } from '../../lib/inputs.js';
import { LocatedError } from '../../lib/runner.js';
import type { DeployRequest } from './deploy.js';
import { readInputFile } from './input-file.js';
import { checkParameters, mergeParameters, ParameterError, secretParameterValues } from './parameters.js';

export const INPUT_SPECS = {
  'stack-name': text({
    required: true,
    pattern: /^[A-Za-z][A-Za-z0-9-]{0,127}$/,
    allowed: 'a stack name: a letter, then up to 127 letters, digits and hyphens',
  }),
  template: text({ required: true, allowed: 'the path of a CloudFormation template (YAML or JSON)' }),
  parameters: text({ allowed: 'paths of parameters/<env>.json files and/or Key=Value lines' }),
  tags: keyValues(),
  capabilities: list({
    default: 'CAPABILITY_IAM,CAPABILITY_NAMED_IAM',
    item: /^CAPABILITY_(IAM|NAMED_IAM|AUTO_EXPAND)$/,
    allowed: 'a comma or new-line separated list of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND',
  }),
  mode: choice(['deploy', 'preview'], { default: 'deploy' }),
  'termination-protection': boolean(),
  'timeout-minutes': integer({ default: '60', min: 1, max: 360, unit: 'minutes' }),
  'template-bucket': text({
    pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    allowed: 'an S3 bucket name',
  }),
  'fail-on-empty-changeset': boolean({ default: 'false' }),
  'allow-replacement': boolean({ default: 'true' }),
};

export interface StackRequest {
  deploy: DeployRequest;
  timeoutMinutes: number;
  /** Values of the parameters the template marks NoEcho, to mask before anything is logged. */
  secrets: string[];
}

/**
 * The inputs, the template and the parameters, read and checked against each other before any AWS call. A
 * template or parameters problem names its file (and line, where known) for the annotation.
 */
export function readRequest(
  env: NodeJS.ProcessEnv = process.env,
  readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): StackRequest {
  const inputs = parseInputs(INPUT_SPECS, env);
  const templateBody = readInputFile(inputs.template, 'The template', readText);
  const template = parseLocated(templateBody, inputs.template);
  const parameters = mergeParameters(inputs.parameters, readText);
  checkLocated(parameters, template, inputs.template, templateBody);
  return {
    deploy: {
      stackName: inputs.stackName,
      templatePath: inputs.template,
      templateBody,
      parameters,
      tags: inputs.tags ?? {},
      capabilities: inputs.capabilities,
      mode: inputs.mode,
      terminationProtection: inputs.terminationProtection,
      templateBucket: inputs.templateBucket,
      failOnEmptyChangeset: inputs.failOnEmptyChangeset,
      allowReplacement: inputs.allowReplacement,
    },
    timeoutMinutes: inputs.timeoutMinutes,
    secrets: secretParameterValues(parameters, template),
  };
}

/** Parses the template; a syntax error is located on the template, at its line and column. */
function parseLocated(body: string, path: string): Template {
  try {
    return parseTemplate(body, `The template ${path}`);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new LocatedError(error.message, { file: path, ...error.position }, 'Template error');
  }
}

/** Checks the parameters; a problem with a declared parameter is located on the line declaring it. */
function checkLocated(parameters: Record<string, string>, template: Template, path: string, body: string): void {
  try {
    checkParameters(parameters, template, `The template ${path}`);
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    const line = error.parameter === undefined ? undefined : parameterLine(body, error.parameter);
    throw new LocatedError(error.message, { file: path, ...(line ? { line } : {}) }, 'Template parameters');
  }
}
