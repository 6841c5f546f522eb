// The built-in replay script (MODEL_PROVIDER=scripted without SCRIPTED_MODEL_SCRIPT): a total-sales job over
// a sales.csv with an Amount column, for the offline demo and smoke tests of an image without a model. It
// holds Python, never figures: every number is computed by the executor from the data, and `expect` makes a
// turn check the output it reacts to. The end-to-end tests build their scenarios from the same pieces.
import type { Script } from './scripted-model.js';

export type Turn = Script['coder'][number];
export const python = (code: string, extra: Partial<Turn> = {}): Turn => ({
  tools: [{ name: 'run_python', input: { code } }],
  ...extra,
});

export const LOAD = "import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(len(df), 'rows')";
export const SAVE_TOTAL =
  "import json\njson.dump({'total_sales': float(df['Amount'].sum())}, open('figures.json', 'w'))";

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

export const REPORTER_ANSWER: Turn = {
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
    reporter: [REPORTER_ANSWER],
  };
}
