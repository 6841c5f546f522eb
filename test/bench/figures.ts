// The one line through which a benchmark hands its figures to `npm run bench` (test/bench/all.ts): each bench
// prints it last, after its own human-readable lines, and the runner reads the last such line of its output.

export interface Figure {
  name: string;
  /** NaN where the bench could not measure it (the line carries null). */
  value: number;
  /** As printed after the value: "ms", "MB", "MiB", "×"… */
  unit: string;
  /** The goal as a reader states it ("< 20 ms"); absent where the figure has none. */
  goal?: string;
}

const PREFIX = 'BENCH_JSON ';

/** The figures line: `BENCH_JSON {"figures":[…]}`. */
export function figuresLine(figures: readonly Figure[]): string {
  return `${PREFIX}${JSON.stringify({ figures })}`;
}

/** Prints the figures line; call it once, as the bench's last output. */
export function printFigures(figures: readonly Figure[]): void {
  console.log(figuresLine(figures));
}

/** The figures of the last figures line in a bench's output, or undefined when it printed none. */
export function readFigures(output: string): Figure[] | undefined {
  const line = output
    .split('\n')
    .filter((text) => text.startsWith(PREFIX))
    .at(-1);
  if (line === undefined) return undefined;
  const parsed = JSON.parse(line.slice(PREFIX.length)) as { figures?: unknown };
  if (!Array.isArray(parsed.figures)) throw new Error(`A BENCH_JSON line without a figures list: ${line}`);
  return parsed.figures.map((figure: Omit<Figure, 'value'> & { value: number | null }) => {
    const valid = typeof figure?.name === 'string' && typeof figure.unit === 'string';
    if (!valid || !(typeof figure.value === 'number' || figure.value === null)) {
      throw new Error(`A malformed figure in ${line}`);
    }
    return { ...figure, value: figure.value ?? Number.NaN };
  });
}
