// Configuration from environment variables, read the one way the agent and the executor both read theirs: a zod
// object over the environment whose every variable has a rule saying, in words, what it must be. A blank value
// (`NAME=`) counts as unset. Every problem is reported at once, each naming its variable and the value it has,
// so a bad deployment fails at start rather than on the first request.
import { z } from 'zod';
import { quoteValue } from './quote.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const isBlank = (raw: unknown): boolean => raw === undefined || (typeof raw === 'string' && raw.trim() === '');

/**
 * A variable's rule: `parse` turns the raw text into the value, or `undefined` when the text is not allowed;
 * `mustBe` says what is allowed ("must be a whole number"). Then `.optional()`, `.default(value)` or
 * `.required()` says what unset means.
 */
function rule<T>(mustBe: string, parse: (raw: string) => T | undefined) {
  const check = (raw: unknown, context: z.RefinementCtx): T => {
    const value = typeof raw === 'string' ? parse(raw) : undefined;
    if (value !== undefined) return value;
    context.addIssue({ code: 'custom', message: mustBe });
    return z.NEVER;
  };
  return {
    optional: () =>
      z
        .string()
        .optional()
        .transform((raw, context) => (isBlank(raw) ? undefined : check(raw, context))),
    default: (fallback: T) =>
      z
        .string()
        .optional()
        .transform((raw, context) => (isBlank(raw) ? fallback : check(raw, context))),
    required: () =>
      z
        .string()
        .optional()
        .transform((raw, context) => check(isBlank(raw) ? undefined : raw, context)),
  };
}

/** The rules of the variable shapes the services use. */
export const setting = {
  text: (mustBe = 'must be text', pattern?: RegExp) =>
    rule(mustBe, (raw) => (pattern === undefined || pattern.test(raw) ? raw : undefined)),
  wholeNumber: ({ min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {}) =>
    rule(
      min === 0 && max === Number.MAX_SAFE_INTEGER
        ? 'must be a whole number'
        : max === Number.MAX_SAFE_INTEGER
          ? `must be a whole number of at least ${min}`
          : `must be a whole number from ${min} to ${max}`,
      (raw) => {
        const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
        return value >= min && value <= max ? value : undefined;
      },
    ),
  positiveNumber: () =>
    rule('must be a number above 0', (raw) => {
      const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : 0;
      return value > 0 ? value : undefined;
    }),
  oneOf: <const T extends readonly string[]>(values: T) =>
    rule<T[number]>(`must be one of ${values.join(', ')}`, (raw) => values.find((value) => value === raw.trim())),
  url: (mustBe = 'must be a URL') => rule(mustBe, (raw) => (URL.canParse(raw.trim()) ? raw.trim() : undefined)),
  /**
   * Items separated by commas. Unlike the other rules, a blank value is an empty list (set, and empty), so
   * `NAME=` can turn a default list off.
   */
  list: (item: RegExp, mustBe: string) =>
    z
      .string()
      .optional()
      .transform((raw, context) => {
        if (raw === undefined) return undefined;
        const items = raw
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '');
        if (items.every((part) => item.test(part))) return items;
        context.addIssue({ code: 'custom', message: mustBe });
        return z.NEVER;
      }),
};

function describeValue(raw: string | undefined): string {
  return raw === undefined || raw.trim() === '' ? 'is not set' : `is ${quoteValue(raw)}`;
}

/** What `readEnvironment` returns for a shape of rules: each variable's value. */
export type Settings<Shape extends z.ZodRawShape> = z.infer<z.ZodObject<Shape>>;

/** Reads `env` by the rules of `shape`; throws one ConfigError naming every variable that breaks its rule. */
export function readEnvironment<Shape extends z.ZodRawShape>(
  service: string,
  shape: Shape,
  env: NodeJS.ProcessEnv,
): Settings<Shape> {
  const parsed = z.object(shape).safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name} ${describeValue(env[name])}; it ${issue.message}`;
  });
  throw new ConfigError(`Invalid ${service} configuration: ${problems.join('; ')}.`);
}
