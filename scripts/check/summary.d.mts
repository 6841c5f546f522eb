// Types of summary.mjs for the tests that import it.
export interface Phase {
  name: string;
  code: number;
  seconds: number;
}
export interface StepResult extends Phase {
  tests?: boolean;
  tail?: string;
}
export function parsePhases(text: string | undefined): Phase[];
export function summarize(results: StepResult[], setup?: Phase[]): { lines: string[]; exitCode: number };
