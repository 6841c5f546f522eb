// Replay scripts for the end-to-end scenarios. They hold Python, never figures: every number in the run is
// computed by the executor from the fixture, and `expect` makes a turn check the output it reacts to.
import type { Script } from '../../../agent/src/scripted-model.js';

type Turn = Script['coder'][number];
const python = (code: string, extra: Partial<Turn> = {}): Turn => ({
  tools: [{ name: 'run_python', input: { code } }],
  ...extra,
});

export const LOAD = "import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(len(df), 'rows')";
export const SAVE_TOTAL =
  "import json\njson.dump({'total_sales': float(df['Amount'].sum())}, open('figures.json', 'w'))";
/** A realistic slip: dropna() drops every order without a promotion code before summing. */
export const SAVE_WRONG_TOTAL =
  "import json\njson.dump({'total_sales': float(df.dropna()['Amount'].sum())}, open('figures.json', 'w'))";

export function validatorRecomputes(round: number): Turn[] {
  return [
    python(
      [
        'import csv, json',
        "with open('sales.csv', newline='') as handle:",
        "    amounts = [float(row['Amount']) for row in csv.DictReader(handle)]",
        `json.dump({'total_sales': {'value': sum(amounts), 'method': f'csv.DictReader sum of Amount over {len(amounts)} rows'}}, open('validation_round_${round}.json', 'w'))`,
      ].join('\n'),
    ),
    { text: 'Re-derived total_sales from the raw CSV.' },
  ];
}

const reporterAnswer: Turn = {
  text: 'Total sales were {{total_sales}} KRW, confirmed by an independent re-computation.',
};

export function totalSalesScript(options: { slowFirstTurnMs?: number } = {}): Script {
  return {
    coder: [
      { tools: [{ name: 'list_files', input: {} }], delayMs: options.slowFirstTurnMs ?? 0 },
      python(LOAD, { expect: 'sales.csv' }),
      python(SAVE_TOTAL, { expect: 'rows' }),
      { text: 'Summed the Amount column (KRW) over all rows; saved figures.json.' },
    ],
    validator: validatorRecomputes(1),
    reporter: [reporterAnswer],
  };
}

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
    reporter: [reporterAnswer],
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
    reporter: [reporterAnswer],
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
