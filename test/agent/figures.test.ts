import { describe, expect, it } from 'vitest';
import {
  compareFigures,
  describeDiscrepancy,
  figuresMatch,
  figuresSchema,
  fillFigures,
  parseFigureFile,
  StreamingFigureFiller,
  validationSchema,
} from '../../agent/src/figures.js';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('figures', () => {
  it('parses the Coder figures file and explains a bad one', () => {
    expect(parseFigureFile(figuresSchema, 'figures.json', bytes({ total_sales: 12.5 }))).toEqual({ total_sales: 12.5 });
    expect(() => parseFigureFile(figuresSchema, 'figures.json', bytes({ total: '12' }))).toThrow(
      /total: Invalid input/,
    );
    expect(() => parseFigureFile(figuresSchema, 'figures.json', bytes({}))).toThrow(/at least one figure/);
    expect(() => parseFigureFile(figuresSchema, 'figures.json', new TextEncoder().encode('{'))).toThrow(
      /not valid JSON/,
    );
  });

  it('treats float noise as a match and a real difference as a mismatch', () => {
    expect(figuresMatch(0.1 + 0.2, 0.3)).toBe(true);
    expect(figuresMatch(1_234_567, 1_234_568)).toBe(false);
  });

  it('compares each reported figure with its re-derivation and describes the discrepancy', () => {
    const validation = parseFigureFile(
      validationSchema,
      'v.json',
      bytes({ total_sales: { value: 300, method: 'csv loop' }, orders: { value: null, method: 'no order id column' } }),
    );
    const checks = compareFigures({ total_sales: 200, orders: 12, rows: 3 }, validation);
    expect(checks.map((check) => check.match)).toEqual([false, false, false]);
    const text = describeDiscrepancy(checks);
    expect(text).toContain('total_sales: you reported 200; the Validator re-computed 300 (csv loop)');
    expect(text).toContain('orders: you reported 12; the Validator could not re-derive it (no order id column)');
    expect(text).toContain('rows: you reported 3; the Validator could not re-derive it (not re-derived)');
  });

  it('fills placeholders with validated values and leaves unknown ones visible', () => {
    expect(
      fillFigures('Total {{total_sales}} KRW, share {{ share }}%, {{missing}}', {
        total_sales: 1234567,
        share: 12.3456,
      }),
    ).toBe('Total 1,234,567 KRW, share 12.35%, {{missing}}');
  });
});

describe('StreamingFigureFiller', () => {
  it('fills placeholders split across chunks and holds back only what may still become one', () => {
    const filler = new StreamingFigureFiller({ total_sales: 1234567 });
    const out = ['Total {', '{total_', 'sales}} KRW', ' {{unknown}} and {'].map((chunk) => filler.push(chunk));
    expect(out).toEqual(['Total ', '', '1,234,567 KRW', ' {{unknown}} and ']);
    expect(filler.flush()).toBe('{');
  });
});
