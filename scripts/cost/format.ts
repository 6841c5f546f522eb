// The estimate as the cost command prints it: one aligned line per item, the total, and what it leaves out.
import type { Estimate } from './estimate.js';
import { type PriceTable, USAGE_CHARGES } from './prices.js';

export function dollars(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

function rate(price: number, per: 'hour' | 'month'): string {
  return `$${price}/${per === 'hour' ? 'h' : 'month'}`;
}

export function formatEstimate(env: string, estimate: Estimate, prices: PriceTable): string {
  const rows = estimate.lines.map((l) => [
    l.item,
    `${l.quantity} ${l.unit}`,
    rate(l.unitPrice, l.per),
    dollars(l.monthly),
  ]);
  rows.push(['total', '', '', dollars(estimate.total)]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map(
    (row) =>
      [0, 1, 2].map((column) => (row[column] ?? '').padEnd(widths[column] ?? 0)).join('  ') +
      '  ' +
      (row[3] ?? '').padStart(9),
  );
  return [
    `Monthly fixed cost of ${env}: ${prices.region} on-demand list prices of ${prices.asOf}, ${prices.hoursPerMonth} h/month`,
    ...lines,
    'Not included (usage-based):',
    ...USAGE_CHARGES.map((charge) => `  - ${charge}`),
  ].join('\n');
}
