// Key figures travel as files the Python writes, never as numbers a model retypes: the Coder saves
// figures.json, the Validator saves validation.json with its own re-computation, this module compares them,
// and the Reporter cites them as {{name}} placeholders that are filled with the validated values.
import { z } from 'zod';
import type { FigureCheck } from './events.js';

export const FIGURES_FILE = 'figures.json';
export const validationFile = (round: number): string => `validation_round_${round}.json`;

const figureName = z.string().regex(/^[A-Za-z_][\w.-]{0,63}$/, 'figure names are identifiers like total_sales');

export const figuresSchema = z
  .record(figureName, z.number().finite())
  .refine((figures) => Object.keys(figures).length > 0, 'must hold at least one figure')
  .refine((figures) => Object.keys(figures).length <= 50, 'must hold at most 50 figures');

export const validationSchema = z.record(
  figureName,
  z.object({ value: z.number().finite().nullable(), method: z.string().max(500).default('') }),
);

export type Figures = z.infer<typeof figuresSchema>;
export type ValidationFile = z.infer<typeof validationSchema>;

/** Parses a figures file the Python wrote; the error says what to fix in words the model can act on. */
export function parseFigureFile<T>(schema: z.ZodType<T>, name: string, bytes: Uint8Array): T {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || name}: ${issue.message}`);
    throw new Error(`${name} is not in the expected shape: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Relative tolerance for "the same figure": floating-point sums in a different order differ in the last bits. */
const RELATIVE_TOLERANCE = 1e-9;

export function figuresMatch(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

export function compareFigures(reported: Figures, validation: ValidationFile): FigureCheck[] {
  return Object.entries(reported).map(([figure, value]) => {
    const check = validation[figure];
    const recomputed = check?.value ?? null;
    return {
      figure,
      reported: value,
      recomputed,
      method: check?.method || (check ? 'not described' : 'not re-derived'),
      match: recomputed !== null && figuresMatch(value, recomputed),
    };
  });
}

/** The message that sends the Coder back: each mismatching figure with both values and how it was re-derived. */
export function describeDiscrepancy(checks: FigureCheck[]): string {
  return checks
    .filter((check) => !check.match)
    .map((check) =>
      check.recomputed === null
        ? `- ${check.figure}: you reported ${check.reported}; the Validator could not re-derive it (${check.method}).`
        : `- ${check.figure}: you reported ${check.reported}; the Validator re-computed ${check.recomputed} (${check.method}).`,
    )
    .join('\n');
}

export function formatFigure(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(value) ? 0 : 2 });
}

/** Replaces {{name}} with the validated figure; unknown names stay visible so a reader sees the gap. */
export function fillFigures(text: string, figures: Figures): string {
  return text.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(figures, name) ? formatFigure(figures[name] as number) : whole,
  );
}

/**
 * Fills placeholders in streamed text, where a chunk may end inside one ("{{total_" + "sales}}"): text from an
 * unclosed "{{" (or a trailing "{") is held back until the next chunk or the end.
 */
export class StreamingFigureFiller {
  private pending = '';

  constructor(private readonly figures: Figures) {}

  push(chunk: string): string {
    const text = this.pending + chunk;
    const open = text.lastIndexOf('{{');
    let cut = open >= 0 && text.indexOf('}}', open) < 0 ? open : text.length;
    if (cut === text.length && text.endsWith('{')) cut = text.length - 1;
    this.pending = text.slice(cut);
    return fillFigures(text.slice(0, cut), this.figures);
  }

  flush(): string {
    const rest = fillFigures(this.pending, this.figures);
    this.pending = '';
    return rest;
  }
}
