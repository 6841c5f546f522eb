// How the stacks connect: the Metadata of a template names the parameters the pipeline fills from earlier
// stacks' outputs (StackOutputs) or from earlier steps (PipelineInputs); the rest come from the environment's
// parameters file or their defaults.
import type { Template, TemplateParameter } from '../../../actions/lib/cfn-template.js';
import { PIPELINE_STACKS } from '../../../scripts/cost/stacks.js';
import type { Templates } from './templates.js';

interface Wiring {
  StackOutputs?: Record<string, string[]>;
  PipelineInputs?: string[];
}

function wiringOf(template: Template): Wiring {
  return (template.Metadata ?? {}) as Wiring;
}

/** Parameters the parameters file must not set: the pipeline fills them. */
export function filledByPipeline(template: Template): Set<string> {
  const wiring = wiringOf(template);
  return new Set([...Object.values(wiring.StackOutputs ?? {}).flat(), ...(wiring.PipelineInputs ?? [])]);
}

export function wiringProblems(templates: Templates): string[] {
  const problems: string[] = [];
  for (const [position, stack] of PIPELINE_STACKS.entries()) {
    const template = templates[stack];
    for (const [source, names] of Object.entries(wiringOf(template).StackOutputs ?? {})) {
      const sourcePosition = PIPELINE_STACKS.indexOf(source as (typeof PIPELINE_STACKS)[number]);
      if (sourcePosition < 0 || sourcePosition >= position) {
        problems.push(`${stack} takes outputs of ${source}, which is not deployed before it.`);
        continue;
      }
      for (const name of names) {
        if (!template.Parameters?.[name]) problems.push(`${stack} has no parameter ${name} for ${source}'s output.`);
        if (!templates[source as keyof Templates].Outputs?.[name]) {
          problems.push(`${stack} takes ${name} from ${source}, which has no output of that name.`);
        }
      }
    }
    for (const name of wiringOf(template).PipelineInputs ?? []) {
      if (!template.Parameters?.[name]) problems.push(`${stack} has no parameter ${name} for the pipeline to fill.`);
    }
  }
  return problems;
}

function valueProblem(name: string, value: string, declared: TemplateParameter & Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (declared.AllowedValues && !declared.AllowedValues.map(String).includes(value)) {
    problems.push(`${name}=${value} is not one of ${declared.AllowedValues.join(', ')}.`);
  }
  if (declared.AllowedPattern && !new RegExp(declared.AllowedPattern).test(value)) {
    problems.push(`${name}=${value} does not match ${declared.AllowedPattern}.`);
  }
  const number = Number(value);
  if (declared.Type === 'Number' && Number.isNaN(number)) problems.push(`${name}=${value} is not a number.`);
  if (typeof declared.MinValue === 'number' && number < declared.MinValue)
    problems.push(`${name}=${value} is too small.`);
  if (typeof declared.MaxValue === 'number' && number > declared.MaxValue)
    problems.push(`${name}=${value} is too large.`);
  return problems;
}

/** What is wrong with a parameters file for its template: unknown, pipeline-filled, missing or invalid keys. */
export function parameterFileProblems(template: Template, file: Record<string, string>): string[] {
  const declared = template.Parameters ?? {};
  const pipeline = filledByPipeline(template);
  const problems: string[] = [];
  for (const [name, value] of Object.entries(file)) {
    const parameter = declared[name];
    if (!parameter) problems.push(`${name} is not a parameter of the template.`);
    else if (pipeline.has(name)) problems.push(`${name} is filled by the pipeline, not by the parameters file.`);
    else problems.push(...valueProblem(name, value, parameter as TemplateParameter & Record<string, unknown>));
  }
  for (const [name, parameter] of Object.entries(declared)) {
    if (parameter.Default === undefined && !pipeline.has(name) && !(name in file)) {
      problems.push(`${name} has no default and no value.`);
    }
  }
  return problems;
}
