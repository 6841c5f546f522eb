// The scripted model's catalogue (MODEL_PROVIDER=scripted without SCRIPTED_MODEL_SCRIPT): the jobs it can
// replay without a model — total-sales and pdf-report — chosen from the request and aimed at the CSV file and
// amount column the request names. Any other question gets an answer listing the questions it can replay.
// Every figure is still computed by the executor's Python (replay-python.ts).
import {
  COUNT_CSV_FILES,
  type Dataset,
  loadData,
  python,
  SAVE_TOTAL,
  SHARES_CHART,
  SHARES_TABLE,
  saveShares,
  validatorCountsCsvFiles,
  validatorRecomputes,
} from './replay-python.js';
import type { Script, Turn } from './script.js';
import { REPORT_FILE } from './tools.js';

/** What the catalogue reads from an invocation: the question, the report wanted, the data files' paths. */
export interface ReplayRequest {
  prompt: string;
  report: 'pdf' | 'none';
  files: string[];
}

export type ReplayJob = 'total-sales' | 'pdf-report';

export type JobChoice = { job: ReplayJob; dataset: Dataset } | { job: 'none'; reason: string };

const QUESTIONS: Record<ReplayJob, string> = {
  'total-sales':
    'Compute the total sales: the sum of the "<amount column>" column in <file name>. State the total in your answer.',
  'pdf-report':
    'Write a PDF report on <file name>: the total sales (sum of the "<amount column>" column) and each category\'s share of it, with a chart. (Send "report": "pdf" with it.)',
};

/** The questions the scripted model replays, one line each, for callers that list them. */
export function replayableQuestions(): string[] {
  return Object.entries(QUESTIONS).map(([job, question]) => `${job}: ${question}`);
}

/** The answer to a question outside the catalogue: why, and which questions it can replay. */
export function unreplayableAnswer(reason: string): string {
  return [
    `The scripted model (used when no model is configured) cannot replay this request: ${reason}.`,
    'It replays these questions, on any CSV file the request brings (the amount column in double quotes; without one, a column named "amount" in any case; categories from a "Category" column):',
    ...replayableQuestions().map((line) => `- ${line}`),
    'Configure Amazon Bedrock or an OpenAI-compatible endpoint (MODEL_PROVIDER) to ask anything else.',
  ].join('\n');
}

const QUOTED = /"([^"\n]{1,200})"|“([^”\n]{1,200})”/g;

export function chooseJob(request: ReplayRequest): JobChoice {
  const { prompt } = request;
  const asksPdf = /\bpdf\b/i.test(prompt);
  // English or Korean (합계 "sum", 총 매출 / 총매출 "total sales"), as the sample datasets come in both.
  const asksTotal = /\b(total|sum)\b/i.test(prompt) || /합계|총\s*매출/.test(prompt);
  let job: ReplayJob;
  if (request.report === 'pdf') job = 'pdf-report';
  else if (asksPdf) return { job: 'none', reason: 'it asks for a PDF, but the request does not say "report": "pdf"' };
  else if (asksTotal) job = 'total-sales';
  else return { job: 'none', reason: 'the question asks for neither the total sales nor a PDF report' };
  const csvFiles = request.files.filter((path) => /\.csv$/i.test(path));
  if (csvFiles.length === 0) return { job: 'none', reason: 'the request brought no CSV file' };
  // The longest named path first, so "sales.csv" does not win over "sales.csv" inside "2025/sales.csv".
  const named = [...csvFiles]
    .sort((a, b) => b.length - a.length)
    .find((path) => prompt.includes(path) || prompt.includes(path.split('/').pop() as string));
  // The first quoted name that is not one of the files (a prompt may quote the file name too).
  const quoted = [...prompt.matchAll(QUOTED)]
    .map((match) => (match[1] ?? match[2] ?? '').trim())
    .find((name) => name !== '' && !request.files.some((path) => path === name || path.endsWith(`/${name}`)));
  const amountColumn = quoted ?? 'amount';
  return { job, dataset: { file: named ?? (csvFiles[0] as string), amountColumn, categoryColumn: 'Category' } };
}

export function totalSalesScript(dataset: Dataset, options: { slowFirstTurnMs?: number } = {}): Script {
  return {
    coder: [
      { tools: [{ name: 'list_files', input: {} }], delayMs: options.slowFirstTurnMs ?? 0 },
      python(loadData(dataset), { expect: dataset.file }),
      python(SAVE_TOTAL, { expect: 'rows' }),
      { text: `Summed the "${dataset.amountColumn}" column of ${dataset.file} over all rows; saved figures.json.` },
    ],
    validator: validatorRecomputes(1, dataset),
    reporter: [
      {
        text: `Total sales were {{total_sales}}: the sum of the "${dataset.amountColumn}" column in ${dataset.file}, confirmed by an independent re-computation.`,
      },
    ],
  };
}

export function pdfReportScript(dataset: Dataset): Script {
  const total = `Total sales were {{total_sales}}: the sum of the "${dataset.amountColumn}" column in ${dataset.file}, confirmed by an independent re-computation.`;
  return {
    coder: [
      { tools: [{ name: 'list_files', input: {} }] },
      python(loadData(dataset), { expect: dataset.file }),
      python(saveShares(dataset), { expect: 'rows' }),
      { text: `Saved the total, each category's share, ${SHARES_TABLE} and ${SHARES_CHART}.`, expect: SHARES_CHART },
    ],
    validator: validatorRecomputes(1, dataset, { shares: true }),
    reporter: [
      buildPdf(`Sales report: ${dataset.file}`, [
        { type: 'heading', text: 'Total sales' },
        { type: 'paragraph', text: total },
        { type: 'heading', text: "Each category's share of the total" },
        { type: 'csv_table', path: SHARES_TABLE },
        { type: 'image', path: SHARES_CHART, width_cm: 15 },
      ]),
      {
        text: `${total} The PDF report ${REPORT_FILE} shows each category's share of it in a table and a chart.`,
        expect: `Built ${REPORT_FILE}`,
      },
    ],
  };
}

function buildPdf(title: string, blocks: Record<string, unknown>[]): Turn {
  return { tools: [{ name: 'build_pdf', input: { title, blocks } }] };
}

/** A request outside the catalogue still runs the workflow (one counted figure), then says what it replays. */
function unreplayableScript(reason: string, report: 'pdf' | 'none'): Script {
  const answer = unreplayableAnswer(reason);
  const reporter: Turn[] =
    report === 'pdf'
      ? [
          buildPdf('Not replayable', [{ type: 'paragraph', text: answer }]),
          { text: answer, expect: `Built ${REPORT_FILE}` },
        ]
      : [{ text: answer }];
  return {
    coder: [python(COUNT_CSV_FILES), { text: 'Counted the CSV files.', expect: 'CSV files' }],
    validator: validatorCountsCsvFiles(1),
    reporter,
  };
}

/** The script the scripted model replays for this request. */
export function replayScript(request: ReplayRequest): Script {
  const choice = chooseJob(request);
  switch (choice.job) {
    case 'total-sales':
      return totalSalesScript(choice.dataset);
    case 'pdf-report':
      return pdfReportScript(choice.dataset);
    case 'none':
      return unreplayableScript(choice.reason, request.report);
  }
}
