// A value a person gave, quoted in an error message: JSON-quoted so blanks and odd characters show, and cut to
// 120 characters so a pasted file does not flood the log.
const MAX_SHOWN = 120;

export function quoteValue(value: string): string {
  return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 3)}...` : value);
}
