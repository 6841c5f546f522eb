// Action inputs, parsed once into a typed object. Each input declares what it accepts as a sentence,
// so a bad value fails before any AWS call with the input's name, the value given and what is allowed.
import { z } from 'zod';
import { quoteValue } from '../../lib/quote.js';

export class InputError extends Error {
  override name = 'InputError';
}

export interface InputSpec<T, Present extends boolean = boolean> {
  /** Parses the raw string (never empty: an empty or unset input means "not given"). */
  readonly schema: z.ZodType<T>;
  /** What the input accepts, as the end of a sentence: "a whole number from 1 to 360". */
  readonly allowed: string;
  /** True when the input always has a value: it is required, or it has a default. */
  readonly required: Present;
  /** Raw value used when the input is not given. */
  readonly fallback?: string;
}

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

type Parsed<Spec> = Spec extends InputSpec<infer T, infer Present> ? (Present extends true ? T : T | undefined) : never;

export type Inputs<Specs extends Record<string, InputSpec<unknown>>> = {
  [K in keyof Specs & string as CamelCase<K>]: Parsed<Specs[K]>;
};

/** The environment variable the runner sets for an input: `INPUT_` + name upper-cased, spaces as `_`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function parseInputs<Specs extends Record<string, InputSpec<unknown>>>(
  specs: Specs,
  env: NodeJS.ProcessEnv = process.env,
): Inputs<Specs> {
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const given = (env[inputVariable(name)] ?? '').trim();
    const raw = given === '' ? spec.fallback : given;
    if (raw === undefined) {
      if (spec.required) throw new InputError(`Input "${name}" is required: allowed is ${spec.allowed}.`);
      parsed[camelCase(name)] = undefined;
      continue;
    }
    const result = spec.schema.safeParse(raw);
    if (!result.success) {
      const detail = result.error.issues[0]?.message;
      const reason = detail && !detail.startsWith('Invalid') ? ` (${detail})` : '';
      throw new InputError(`Input "${name}" is ${quoteValue(raw)}${reason}: allowed is ${spec.allowed}.`);
    }
    parsed[camelCase(name)] = result.data;
  }
  return parsed as Inputs<Specs>;
}

interface Options {
  /** Raw value used when the input is not given. */
  default?: string;
  required?: boolean;
}

/** Whether options make an input always present: `required: true` or a default. */
type Presence<O> = O extends { required: true } ? true : O extends { default: string } ? true : false;

function spec<T, O extends Options>(schema: z.ZodType<T>, allowed: string, options: O): InputSpec<T, Presence<O>> {
  const present = options.required === true || options.default !== undefined;
  return { schema, allowed, required: present as Presence<O>, fallback: options.default };
}

/** Free text, optionally restricted by a pattern. */
export function text<const O extends Options & { pattern?: RegExp; allowed?: string }>(options: O = {} as O) {
  const schema = options.pattern ? z.string().regex(options.pattern) : z.string();
  return spec(schema, options.allowed ?? (options.pattern ? `text matching ${options.pattern}` : 'any text'), options);
}

export function integer<const O extends Options & { min: number; max: number; unit?: string }>(options: O) {
  const unit = options.unit ? ` (${options.unit})` : '';
  const schema = z
    .string()
    .regex(/^-?\d+$/, 'not a whole number')
    .transform(Number)
    .pipe(z.number().int().min(options.min).max(options.max));
  return spec(schema, `a whole number from ${options.min} to ${options.max}${unit}`, options);
}

/** The YAML 1.2 core schema booleans, as the runner's `getBooleanInput` accepts them. */
export function boolean<const O extends Options>(options: O = {} as O) {
  const schema = z
    .enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])
    .transform((value) => value.toLowerCase() === 'true');
  return spec(schema, 'true or false', options);
}

export function choice<const T extends readonly [string, ...string[]], const O extends Options>(
  values: T,
  options: O = {} as O,
) {
  return spec(z.enum(values), `one of ${values.join(', ')}`, options);
}

/** Items separated by commas or new lines; blanks dropped. */
export function list<const O extends Options & { item?: RegExp; allowed?: string }>(options: O = {} as O) {
  const item = options.item;
  const schema = z
    .string()
    .transform((value) =>
      value
        .split(/[,\n]/)
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item ? z.string().regex(item, 'an item does not match') : z.string()));
  const allowed = options.allowed ?? (item ? `a comma or new-line separated list of items matching ${item}` : 'a list');
  return spec(schema, allowed, options);
}

/**
 * `KEY=VALUE` lines, or a JSON object of strings. The value is everything after the first `=`, so it may
 * hold `=` and commas. Keys must be unique.
 */
export function parseKeyValues(raw: string): Record<string, string> {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`not valid JSON: ${(error as Error).message}`);
    }
    const object = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).safeParse(value);
    if (!object.success) throw new Error('a JSON object must map keys to strings, numbers or booleans');
    return Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, String(v)]));
  }
  const pairs: Record<string, string> = {};
  for (const [index, line] of trimmed.split('\n').entries()) {
    if (line.trim() === '') continue;
    const at = line.indexOf('=');
    const key = at < 0 ? '' : line.slice(0, at).trim();
    if (key === '') throw new Error(`line ${index + 1} is not KEY=VALUE`);
    if (Object.hasOwn(pairs, key)) throw new Error(`key ${key} is given twice`);
    pairs[key] = line.slice(at + 1).trim();
  }
  return pairs;
}

export function keyValues<const O extends Options>(options: O = {} as O) {
  const schema = z.string().transform((raw, context) => {
    try {
      return parseKeyValues(raw);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
  return spec(schema, 'KEY=VALUE lines or a JSON object of strings', options);
}
