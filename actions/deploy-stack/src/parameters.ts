// Stack parameters from a `parameters/<env>.json` file and `Key=Value` lines, checked against the parameters the
// template declares, so a typo or a missing value fails before any AWS call instead of half-way into a change set.
import { syntaxErrorPosition, type Template } from '../../lib/cfn-template.js';
import { LocatedError } from '../../lib/runner.js';
import { readInputFile } from './input-file.js';

export class ParameterError extends Error {
  override name = 'ParameterError';

  constructor(
    message: string,
    /** The declared parameter the error is about, when there is one. */
    readonly parameter?: string,
  ) {
    super(message);
  }
}

/**
 * Reads the `parameters` input: lines holding `=` are `Key=Value` (the value is everything after the first `=`, so
 * it may hold `=` and commas), other lines are paths of JSON files mapping keys to values. Files are read in order,
 * then the lines override them. A JSON object alone is read as the values themselves.
 */
export function mergeParameters(raw: string | undefined, readText: (path: string) => string): Record<string, string> {
  if (raw?.trim().startsWith('{')) return parameterObject(raw, 'The parameters input');
  const fromFiles: Record<string, string> = {};
  const fromLines: Record<string, string> = {};
  for (const line of (raw ?? '').split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at < 0) {
      Object.assign(fromFiles, readParameterFile(trimmed, readText));
      continue;
    }
    const key = trimmed.slice(0, at).trim();
    if (key === '') throw new ParameterError(`The parameters line ${JSON.stringify(trimmed)} has no key before "=".`);
    if (Object.hasOwn(fromLines, key)) throw new ParameterError(`The parameter ${key} is given twice as Key=Value.`);
    fromLines[key] = trimmed.slice(at + 1).trim();
  }
  return { ...fromFiles, ...fromLines };
}

function readParameterFile(path: string, readText: (path: string) => string): Record<string, string> {
  const text = readInputFile(path, 'The parameters file', readText);
  try {
    return parameterObject(text, `The parameters file ${path}`);
  } catch (error) {
    const position = syntaxErrorPosition(error);
    throw new LocatedError((error as Error).message, { file: path, ...position }, 'Parameters file');
  }
}

/** A JSON object of parameter values; numbers and booleans become strings as CloudFormation reads them. */
function parameterObject(text: string, source: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ParameterError(`${source} is not valid JSON: ${(error as Error).message}.`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ParameterError(`${source} must be a JSON object like {"Key": "Value"}.`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new ParameterError(`${source} gives ${key} a ${typeof value}; give a string.`);
    }
    values[key] = String(value);
  }
  return values;
}

/** Throws unless every key is declared by the template and every parameter without a Default has a value. */
export function checkParameters(values: Record<string, string>, template: Template, source: string): void {
  const declared = template.Parameters ?? {};
  const names = Object.keys(declared);
  const unknown = Object.keys(values).filter((key) => !Object.hasOwn(declared, key));
  if (unknown.length > 0) {
    const known = names.length > 0 ? `it declares ${names.join(', ')}` : 'it declares no parameters';
    throw new ParameterError(`${source} does not declare the parameter(s) ${unknown.join(', ')} (${known}).`);
  }
  const missing = names.filter((name) => declared[name]?.Default === undefined && !Object.hasOwn(values, name));
  if (missing.length > 0) {
    throw new ParameterError(
      `${source} requires the parameter(s) ${missing.join(', ')}, which have no Default and were not given: ` +
        'add them to the parameters file or as Key=Value lines.',
      missing[0],
    );
  }
  for (const [name, value] of Object.entries(values)) {
    const allowed = declared[name]?.AllowedValues;
    if (
      allowed &&
      !/^(List<|CommaDelimitedList)/.test(declared[name]?.Type ?? '') &&
      !allowed.map(String).includes(value)
    ) {
      throw new ParameterError(
        `The parameter ${name} is ${JSON.stringify(value)}, but ${source} allows only ${allowed.map(String).join(', ')}.`,
        name,
      );
    }
  }
}

/** Values of parameters the template marks NoEcho, to mask in the log. */
export function secretParameterValues(values: Record<string, string>, template: Template): string[] {
  return Object.entries(values)
    .filter(([name, value]) => String(template.Parameters?.[name]?.NoEcho) === 'true' && value !== '')
    .map(([, value]) => value);
}
