// The scripted model's built-in jobs (no script file) end to end through the agent's real HTTP server, with the
// real executor (real Python) and s3rver, on datasets shaped like the sample data: the expected figures come
// from the fixture's CSV text, the PDF is read back from S3, its text extracted and its first page rendered.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFigure } from '../../agent/src/figures.js';
import { chooseJob, replayableQuestions, unreplayableAnswer } from '../../agent/src/replay-jobs.js';
import { TEST_BUCKET } from '../executor/support/s3.js';
import { useAgentStack } from './support/agent-stack.js';
import { decodePng, type Image } from './support/png.js';
import { COLUMN_DEFINITIONS, categoryTotals, koreanSalesCsv, salesCsv, totalAmount } from './support/sales-fixture.js';
import { invoke, only } from './support/stack.js';

const stack = useAgentStack(2);

const files = (name: string, csv: string) => ({
  files: [
    { path: name, content: csv },
    { path: 'column_definitions.json', content: COLUMN_DEFINITIONS },
  ],
});

function lastDone(events: Awaited<ReturnType<typeof invoke>>['events']) {
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error(`the last event is ${JSON.stringify(done)}`);
  return done;
}

/** The PDF's text (pdftotext) and its first page as an image (pdftoppm), from poppler-utils. */
function examinePdf(pdf: Buffer): { text: string; page: Image } {
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  try {
    writeFileSync(join(dir, 'report.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', 'report.pdf', 'page'], {
      cwd: dir,
    });
    return { text, page: decodePng(readFileSync(join(dir, 'page.png'))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pixels that are not (near) white, and pixels of a saturated colour (text and table lines are grey). */
function countPixels(page: Image): { inked: number; coloured: number; colouredRows: Set<number> } {
  let inked = 0;
  let coloured = 0;
  const colouredRows = new Set<number>();
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      const [r, g, b] = page.rgb(x, y);
      if (Math.min(r, g, b) < 235) inked++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) {
        coloured++;
        colouredRows.add(y);
      }
    }
  }
  return { inked, coloured, colouredRows };
}

describe('the scripted model catalogue, end to end', () => {
  it('writes the pdf-report of a Korean dataset: total, each category share, a chart, as a PDF in S3', async () => {
    const csv = koreanSalesCsv(180, 11);
    const total = totalAmount(csv);
    const shares = [...categoryTotals(csv)]
      .map(([name, sum]) => ({ name, share: (100 * sum) / total }))
      .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name));
    const url = await stack.start(undefined);

    const { events } = await invoke(url, {
      prompt:
        'Write a PDF report on moon-market-kr.csv: the total sales (sum of the "Amount" column) and each category\'s share of it, with a chart.',
      data: files('moon-market-kr.csv', csv),
      report: 'pdf',
    });

    expect(only(events, 'error')).toEqual([]);
    const done = lastDone(events);
    expect(done.figures.total_sales).toBe(total);
    shares.forEach(({ share }, index) => {
      expect(done.figures[`share_${index + 1}`]).toBeCloseTo(share, 9);
    });
    const [validation] = only(events, 'validation');
    expect(validation?.accepted).toBe(true);
    expect(validation?.checks).toHaveLength(shares.length + 1);
    expect(done.answer).toContain(formatFigure(total));

    const pdf = done.artifacts.find((artifact) => artifact.uri.endsWith('/report.pdf'));
    if (!pdf) throw new Error(`no report.pdf among ${JSON.stringify(done.artifacts)}`);
    const bytes = await stack.executor.s3.read(pdf.uri.replace(`s3://${TEST_BUCKET}/`, ''));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const { text, page } = examinePdf(bytes);
    expect(text).toContain(formatFigure(total));
    for (const { name, share } of shares) {
      expect(text).toContain(name);
      expect(text).toContain(`${share.toFixed(1)}%`);
    }

    const { inked, coloured, colouredRows } = countPixels(page);
    const pixels = page.width * page.height;
    expect(inked / pixels).toBeGreaterThan(0.02);
    // The chart's bars: a block of saturated colour spanning many rows, below the text at the top of the page.
    expect(coloured / pixels).toBeGreaterThan(0.01);
    expect(colouredRows.size).toBeGreaterThan(page.height / 10);
    expect(Math.min(...colouredRows)).toBeGreaterThan(page.height / 5);
  });

  it('answers total-sales for the file and column the prompt names, the column matched in any case', async () => {
    const csv = salesCsv(150, 3);
    const url = await stack.start(undefined);
    const { events } = await invoke(url, {
      prompt:
        'Compute the total sales: the sum of the "AMOUNT" column in may-orders.csv. State the total in your answer.',
      data: { files: [{ path: 'april-orders.csv', content: salesCsv(20, 5) }, ...files('may-orders.csv', csv).files] },
    });
    expect(only(events, 'error')).toEqual([]);
    const done = lastDone(events);
    expect(done.figures).toEqual({ total_sales: totalAmount(csv) });
    expect(done.answer).toContain(formatFigure(totalAmount(csv)));
    expect(done.answer).toContain('may-orders.csv');
  });

  it('answers a question it cannot replay with the questions it can', async () => {
    const url = await stack.start(undefined);
    const request = { prompt: 'Which product sold best in May?', report: 'none', files: ['sales.csv'] } as const;
    const { events } = await invoke(url, { prompt: request.prompt, data: files('sales.csv', salesCsv(30)) });
    expect(only(events, 'error')).toEqual([]);
    const choice = chooseJob({ ...request, files: [...request.files] });
    if (choice.job !== 'none') throw new Error('the question should not be replayable');
    const done = lastDone(events);
    expect(done.answer).toBe(unreplayableAnswer(choice.reason));
    for (const question of replayableQuestions()) expect(done.answer).toContain(question);
  });
});
