// Replay scripts for the end-to-end scenarios, built from the pieces of the built-in replay jobs. They hold
// Python, never figures: every number in the run is computed by the executor from the fixture.
import { totalSalesScript as catalogueTotalSales } from '../../../agent/src/replay-jobs.js';
import {
  type Dataset,
  loadData,
  python,
  validatorRecomputes as recomputes,
  SAVE_TOTAL,
} from '../../../agent/src/replay-python.js';
import type { Script, Turn } from '../../../agent/src/script.js';

/** The fixture every scenario reads: sales.csv with an Amount column (sales-fixture.ts). */
export const SALES: Dataset = { file: 'sales.csv', amountColumn: 'Amount', categoryColumn: 'Category' };
const LOAD = loadData(SALES);
const REPORTER_ANSWER: Turn = {
  text: 'Total sales were {{total_sales}} KRW, confirmed by an independent re-computation.',
};
const validatorRecomputes = (round: number) => recomputes(round, SALES);

export const totalSalesScript = (options: { slowFirstTurnMs?: number } = {}): Script =>
  catalogueTotalSales(SALES, options);

/** A realistic slip: dropna() drops every order without a promotion code before summing. */
const SAVE_WRONG_TOTAL =
  "import json\njson.dump({'total_sales': float(df.dropna()[amount].sum())}, open('figures.json', 'w'))";

export function rejectionScript(): Script {
  return {
    coder: [
      python(LOAD),
      python(SAVE_WRONG_TOTAL),
      { text: 'Summed Amount over the complete rows.' },
      // Round 2 reacts to the Validator's discrepancy, finds the dropped rows and fixes the figure.
      python('print(len(df), len(df.dropna()))', { expect: 'the Validator re-computed' }),
      python(SAVE_TOTAL),
      { text: 'dropna() removed orders without a promotion code; now summing every row.' },
    ],
    validator: [...validatorRecomputes(1), ...validatorRecomputes(2)],
    reporter: [REPORTER_ANSWER],
  };
}

export function pythonErrorScript(): Script {
  return {
    coder: [
      python(LOAD),
      python("print(df['amount'].sum())"),
      python('print(list(df.columns))', { expect: 'KeyError' }),
      python(SAVE_TOTAL, { expect: 'Amount' }),
      { text: 'The column is Amount, not amount; saved figures.json.' },
    ],
    validator: validatorRecomputes(1),
    reporter: [REPORTER_ANSWER],
  };
}

export function pdfScript(): Script {
  const chart = [
    'import matplotlib',
    "matplotlib.use('Agg')",
    'import matplotlib.pyplot as plt',
    "df.groupby('Category')['Amount'].sum().plot.bar()",
    "plt.savefig('category_sales.png', dpi=80, bbox_inches='tight')",
    'plt.close()',
  ].join('\n');
  return {
    coder: [python(LOAD), python(SAVE_TOTAL), python(chart), { text: 'Saved figures.json and category_sales.png.' }],
    validator: validatorRecomputes(1),
    reporter: [
      {
        tools: [
          {
            name: 'build_pdf',
            input: {
              title: 'Moon Market sales',
              blocks: [
                { type: 'heading', text: 'Total sales' },
                { type: 'paragraph', text: 'Total sales were {{total_sales}} KRW.' },
                { type: 'table', columns: ['Figure', 'Value'], rows: [['Total sales (KRW)', '{{total_sales}}']] },
                { type: 'image', path: 'category_sales.png', width_cm: 12 },
              ],
            },
          },
        ],
      },
      { text: 'Total sales were {{total_sales}} KRW. The PDF report is attached.', expect: 'Built report.pdf' },
    ],
  };
}

/** The Coder writes a file, then thinks for a long time: the client leaves during that turn. */
export function slowAfterFileScript(): Script {
  return {
    coder: [python("open('partial.txt', 'w').write('work in progress')"), { text: 'never sent', delayMs: 30_000 }],
    validator: [],
    reporter: [],
  };
}

/** The Coder ends its turn without saving figures.json and is asked again. */
export function forgotFiguresScript(): Script {
  return {
    coder: [
      python(LOAD),
      { text: 'The total is in the output above.' },
      python(SAVE_TOTAL, { expect: 'figures.json does not exist' }),
      { text: 'Saved figures.json.' },
    ],
    // Round 1 ended without figures, so the Validator first runs in round 2.
    validator: validatorRecomputes(2),
    reporter: [REPORTER_ANSWER],
  };
}
