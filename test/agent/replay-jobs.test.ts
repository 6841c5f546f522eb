import { describe, expect, it } from 'vitest';
import { chooseJob, replayableQuestions, replayScript, unreplayableAnswer } from '../../agent/src/replay-jobs.js';
import { readScript } from '../../agent/src/script.js';
import { scriptedModels } from '../../agent/src/scripted-model.js';

const TOTAL =
  'Compute the total sales: the sum of the "Sales Amount" column in 2025/may.csv. State the total in your answer.';

describe('the scripted model catalogue', () => {
  it('picks total-sales with the file and the quoted column the prompt names', () => {
    expect(chooseJob({ prompt: TOTAL, report: 'none', files: ['may.csv', '2025/may.csv', 'notes.txt'] })).toEqual({
      job: 'total-sales',
      dataset: { file: '2025/may.csv', amountColumn: 'Sales Amount', categoryColumn: 'Category' },
    });
  });

  it('falls back to the first CSV file and an "amount" column when the prompt names neither', () => {
    expect(
      chooseJob({ prompt: 'What is the sum of sales?', report: 'none', files: ['column_definitions.json', 'x.CSV'] }),
    ).toEqual({ job: 'total-sales', dataset: { file: 'x.CSV', amountColumn: 'amount', categoryColumn: 'Category' } });
  });

  it('skips a quoted file name when it looks for the quoted column', () => {
    const prompt = 'What is the sum of the column “Net Sales” in "orders.csv"?';
    expect(chooseJob({ prompt, report: 'none', files: ['orders.csv'] })).toMatchObject({
      dataset: { file: 'orders.csv', amountColumn: 'Net Sales' },
    });
    const fileFirst = 'Total of "orders.csv", column "Net Sales"';
    expect(chooseJob({ prompt: fileFirst, report: 'none', files: ['orders.csv'] })).toMatchObject({
      dataset: { amountColumn: 'Net Sales' },
    });
  });

  it('understands a total-sales question in Korean', () => {
    const choice = chooseJob({
      prompt: 'sales.csv의 "Amount" 열 합계로 총 매출을 알려주세요.',
      report: 'none',
      files: ['sales.csv'],
    });
    expect(choice).toMatchObject({ job: 'total-sales', dataset: { file: 'sales.csv', amountColumn: 'Amount' } });
  });

  it('picks pdf-report when the request asks for a PDF report', () => {
    const choice = chooseJob({ prompt: 'Write a PDF report on sales.csv.', report: 'pdf', files: ['sales.csv'] });
    expect(choice).toMatchObject({ job: 'pdf-report', dataset: { file: 'sales.csv', amountColumn: 'amount' } });
  });

  it.each([
    [{ prompt: 'Which product sold best?', report: 'none', files: ['sales.csv'] }, 'neither the total sales nor'],
    [{ prompt: 'Write a PDF report on sales.csv.', report: 'none', files: ['sales.csv'] }, '"report": "pdf"'],
    [{ prompt: 'What were the total sales?', report: 'none', files: ['sales.json'] }, 'no CSV file'],
  ] as const)('says why it cannot replay %j', (request, reason) => {
    const choice = chooseJob({ ...request, files: [...request.files] });
    expect(choice.job).toBe('none');
    expect(choice.job === 'none' && choice.reason).toContain(reason);
  });

  it('answers a question it cannot replay with the list of those it can', () => {
    const questions = replayableQuestions();
    expect(questions.map((line) => line.split(':')[0])).toEqual(['total-sales', 'pdf-report']);
    const answer = unreplayableAnswer('the question asks for neither the total sales nor a PDF report');
    for (const line of questions) expect(answer).toContain(line);
    const script = replayScript({ prompt: 'Which product sold best?', report: 'none', files: ['sales.csv'] });
    expect(script.reporter.at(-1)?.text).toBe(
      unreplayableAnswer('the question asks for neither the total sales nor a PDF report'),
    );
  });

  it('passes names from the prompt to Python as string literals, never as code', () => {
    const prompt = 'Compute the total sales: the sum of the "x\'); import os; os.system(\'id" column in sales.csv.';
    const script = replayScript({ prompt, report: 'none', files: ['sales.csv'] });
    const code = script.coder.flatMap((turn) => turn.tools ?? []).map((call) => String(call.input.code ?? ''));
    expect(code.join('\n')).toContain(`amount = find_column(df, ${JSON.stringify("x'); import os; os.system('id")})`);
  });

  it('is what the scripted provider replays without a script file', async () => {
    const models = scriptedModels({ prompt: TOTAL, report: 'none', files: ['2025/may.csv'] });
    const toolCalls: string[] = [];
    for await (const event of models.coder.stream([])) {
      if (event.type === 'modelContentBlockStartEvent' && event.start) toolCalls.push(event.start.name);
    }
    expect(toolCalls).toEqual(['list_files']);
  });

  it('explains a script file that cannot be read', () => {
    expect(() => readScript('/nonexistent/script.json')).toThrow(
      /Cannot read the model script \/nonexistent\/script.json/,
    );
  });
});
