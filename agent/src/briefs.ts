// The task message each agent gets. Each sees only what its job needs: the Coder the question and the data,
// the Validator the question, the data and the figure names (not the Coder's values, code or method), the
// Reporter the question, the validated figures, the validation record and the charts.
import type { LoadedData } from './data-loader.js';
import type { FigureCheck } from './events.js';
import { FIGURES_FILE, type Figures, formatFigure } from './figures.js';

const DESCRIPTIONS_LIMIT = 10_000;

function dataSection(data: LoadedData): string {
  const lines = ['## Data files (in the session directory)'];
  if (data.files.length === 0) lines.push('(none: the task must be answered without data files)');
  for (const file of data.files) lines.push(`- ${file.path} (${file.size} bytes)`);
  if (data.columnDescriptions) {
    lines.push('', '## Column descriptions', '', data.columnDescriptions.slice(0, DESCRIPTIONS_LIMIT));
  }
  return lines.join('\n');
}

export function coderBrief(question: string, data: LoadedData): string {
  return [
    `## Task\n\n${question}`,
    dataSection(data),
    `Save the key figures to ${FIGURES_FILE} as described in your instructions, then summarise.`,
  ].join('\n\n');
}

export function coderRetryBrief(discrepancy: string): string {
  return [
    'The Validator re-derived your figures and they do not match:',
    discrepancy,
    `Find the cause, fix the computation and save ${FIGURES_FILE} again.`,
  ].join('\n\n');
}

export function coderMissingFiguresBrief(problem: string): string {
  return `${problem}\n\nSave the key figures to ${FIGURES_FILE} with Python (a flat JSON object of numbers).`;
}

export function validatorBrief(question: string, data: LoadedData, figureNames: string[], file: string): string {
  return [
    `## The user's task\n\n${question}`,
    dataSection(data),
    `## Figures to re-derive\n\n${figureNames.map((name) => `- ${name}`).join('\n')}`,
    `Save your re-computation to ${file}.`,
  ].join('\n\n');
}

export function reporterBrief(
  question: string,
  figures: Figures,
  checks: FigureCheck[],
  charts: string[],
  report: 'pdf' | 'none',
): string {
  const figureLines = Object.entries(figures).map(([name, value]) => `- {{${name}}} = ${formatFigure(value)}`);
  const checkLines = checks.map((check) => `- ${check.figure}: re-derived as ${check.recomputed} by ${check.method}`);
  return [
    `## The user's task\n\n${question}`,
    `## Validated figures (cite them as placeholders)\n\n${figureLines.join('\n')}`,
    `## Validation record\n\n${checkLines.join('\n')}`,
    `## Charts in the session\n\n${charts.length > 0 ? charts.map((chart) => `- ${chart}`).join('\n') : '(none)'}`,
    report === 'pdf'
      ? '## Output\n\nA PDF report is requested: build it with build_pdf, then write the answer.'
      : '## Output\n\nNo PDF report is requested: write the answer only.',
  ].join('\n\n');
}
