// The smoke-test jobs and the exact prompts they send: the one module both the action and the agent's
// scripted model agree on.

export const JOB_NAMES = ['ping', 'total-sales', 'pdf-report'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function totalSalesPrompt(fileName: string, amountColumn: string): string {
  return `Compute the total sales: the sum of the "${amountColumn}" column in ${fileName}. State the total in your answer.`;
}

export function pdfReportPrompt(fileName: string, amountColumn: string): string {
  return `Write a PDF report on ${fileName}: the total sales (sum of the "${amountColumn}" column) and each category's share of it, with a chart.`;
}

export interface InlineFile {
  path: string;
  content: string;
  encoding: 'utf8' | 'base64';
}

/** The agent contract's body, exactly: nothing else is ever sent. */
export interface InvocationBody {
  prompt: string;
  data?: { files: InlineFile[] } | string;
  report?: 'pdf' | 'none';
}

export function jobBody(
  job: Exclude<JobName, 'ping'>,
  dataset: { fileName: string; amountColumn: string; data: InvocationBody['data'] },
): InvocationBody {
  if (job === 'total-sales') {
    return { prompt: totalSalesPrompt(dataset.fileName, dataset.amountColumn), data: dataset.data };
  }
  return { prompt: pdfReportPrompt(dataset.fileName, dataset.amountColumn), data: dataset.data, report: 'pdf' };
}
