// The pieces that judge an answer: number notations, SSE framing over arbitrary chunk splits, the
// expectation computed from a generated dataset (English, Korean, BOM).
import { describe, expect, it } from 'vitest';
import { statesTotal } from '../../../actions/smoke-test/src/answer-figures.js';
import { parseCsv } from '../../../actions/smoke-test/src/csv.js';
import { DatasetError, expectationOf } from '../../../actions/smoke-test/src/expectation.js';
import { sseEvents } from '../../../actions/smoke-test/src/sse.js';
import { generateDataset, variants } from '../../../scripts/sample-data/generate.js';

async function collect(chunks: string[]): Promise<Record<string, unknown>[]> {
  const encoder = new TextEncoder();
  async function* stream() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const events: Record<string, unknown>[] = [];
  for await (const event of sseEvents(stream())) events.push(event);
  return events;
}

describe('statesTotal', () => {
  it.each([
    '1234567',
    '1,234,567',
    '1 234 567',
    '1\u202f234\u202f567',
    '1234567.0',
    '₩1,234,567',
    'KRW 1.234.567',
    'Total: 1,234,567.00 won',
  ])('finds 1234567 in %j', (text) => {
    expect(statesTotal(`The total is ${text}.`, 1_234_567)).toBe(true);
  });

  it.each(['1,234,568', '123,456', '1.23 million', 'no figure'])('does not find 1234567 in %j', (text) => {
    expect(statesTotal(`The total is ${text}.`, 1_234_567)).toBe(false);
  });
});

describe('sseEvents', () => {
  const frames = 'data: {"type":"text","text":"한글"}\n\ndata: {"type":"done","answer":"ok"}\n\n';

  it('yields the same events however the stream is split, even inside a UTF-8 character', async () => {
    const whole = await collect([frames]);
    expect(whole.map((event) => event.type)).toEqual(['text', 'done']);
    const bytes = new TextEncoder().encode(frames);
    for (let cut = 1; cut < bytes.length; cut++) {
      async function* split() {
        yield bytes.subarray(0, cut);
        yield bytes.subarray(cut);
      }
      const events: Record<string, unknown>[] = [];
      for await (const event of sseEvents(split())) events.push(event);
      expect(events).toEqual(whole);
    }
  });

  it('reads CRLF frames, skips comments and turns a {"error"} frame into an error-bearing event', async () => {
    const events = await collect([': keep-alive\r\n\r\ndata: {"error":"boom"}\r\n\r\n']);
    expect(events).toEqual([{ error: 'boom' }]);
  });
});

describe('generated datasets', () => {
  it('are deterministic per seed and differ between seeds', () => {
    const a = generateDataset({ seed: 7, rows: 50, language: 'en', bom: false });
    expect(generateDataset({ seed: 7, rows: 50, language: 'en', bom: false })).toEqual(a);
    expect(generateDataset({ seed: 8, rows: 50, language: 'en', bom: false }).csv).not.toBe(a.csv);
  });

  it('give the same total in every variant, BOM or not, with shares that add up to one', () => {
    const totals = variants(11, 120).map((variant) => {
      const dataset = generateDataset(variant.options);
      expect(dataset.csv.startsWith('\uFEFF')).toBe(variant.options.bom);
      const expectation = expectationOf(dataset.csv, 'amount', variant.name);
      expect(expectation.amountColumn).toBe('Amount');
      expect(expectation.rows).toBe(120);
      const sum = Object.values(expectation.shares).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 9);
      return expectation.total;
    });
    const table = parseCsv(generateDataset(variants(11, 120)[0]?.options ?? ({} as never)).csv);
    const index = table.headers.indexOf('Amount');
    expect(totals).toEqual(totals.map(() => table.rows.reduce((sum, row) => sum + Number(row[index]), 0)));
  });

  it('column definitions name every CSV column', () => {
    const dataset = generateDataset({ seed: 1, rows: 3, language: 'ko', bom: true });
    const names = (JSON.parse(dataset.columnDefinitions) as { column_name: string }[]).map((d) => d.column_name);
    expect(names).toEqual(parseCsv(dataset.csv).headers);
  });

  it('a missing amount column is named with the columns there are', () => {
    expect(() => expectationOf('Date,Price\n1,2\n', 'Amount', 'x.csv')).toThrow(
      new DatasetError(
        'The dataset x.csv has no "Amount" column (its columns: Date, Price); set amount-column to the one holding sales amounts.',
      ),
    );
  });
});
