// Finds the numbers an answer states, in any common notation: 1234567, 1,234,567, 1 234 567 (also with a
// narrow no-break space), 1234567.0, 1.234.567 (dots as thousands separators), ₩1,234,567, KRW 1234567.

/** Every number the text states, in the order they appear. */
export function statedNumbers(text: string): number[] {
  const found: number[] = [];
  const pattern = /(?<!\d)\d{1,3}(?:([,. \u00a0\u202f])\d{3}(?!\d)(?:\1\d{3}(?!\d))*)(?:[.,]\d+)?|\d+(?:[.,]\d+)?/g;
  for (const match of text.matchAll(pattern)) {
    const value = readNumber(match[0], match[1]);
    if (value !== undefined) found.push(value);
  }
  return found;
}

function readNumber(raw: string, groupSeparator: string | undefined): number | undefined {
  let digits = raw;
  if (groupSeparator !== undefined) {
    const groups = raw.split(groupSeparator);
    const last = groups.pop() as string;
    // "1,234.5" or "1.234,5": the final group may carry the decimal part after the other separator.
    const decimal = groupSeparator === ',' ? '.' : ',';
    const [whole, fraction] = last.split(decimal);
    digits = `${groups.join('')}${whole}${fraction !== undefined ? `.${fraction}` : ''}`;
  } else {
    digits = raw.replace(',', '.');
  }
  const value = Number(digits);
  return Number.isFinite(value) ? value : undefined;
}

/** True when the text states `expected`, rounded to whole units (amounts are whole won). */
export function statesTotal(text: string, expected: number): boolean {
  return statedNumbers(text).some((value) => Math.abs(value - expected) < 0.5);
}

/** The stated number closest to `expected`, for the failure message; undefined when the text states none. */
export function closestStated(text: string, expected: number): number | undefined {
  let best: number | undefined;
  for (const value of statedNumbers(text)) {
    if (best === undefined || Math.abs(value - expected) < Math.abs(best - expected)) best = value;
  }
  return best;
}
