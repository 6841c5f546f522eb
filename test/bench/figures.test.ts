// The figures line the benchmarks print and `npm run bench` reads back.
import { describe, expect, it } from 'vitest';
import { figuresLine, readFigures } from './figures.js';

describe('the BENCH_JSON figures line', () => {
  it('reads back what a bench printed, from the last such line of its output', () => {
    const first = figuresLine([{ name: 'old', value: 1, unit: 'ms' }]);
    const last = figuresLine([
      { name: 'cold start', value: 412.5, unit: 'ms', goal: '< 1 s' },
      { name: 'not measured', value: Number.NaN, unit: 'ms' },
    ]);
    expect(last).toMatch(/^BENCH_JSON \{"figures":\[/);
    expect(readFigures(`some text\n${first}\nmore text\n${last}\n`)).toEqual([
      { name: 'cold start', value: 412.5, unit: 'ms', goal: '< 1 s' },
      { name: 'not measured', value: Number.NaN, unit: 'ms' },
    ]);
  });

  it('tells a bench without the line from one with a malformed line', () => {
    expect(readFigures('bundle size: 3.1 MB\n')).toBeUndefined();
    expect(() => readFigures('BENCH_JSON {"figures":[{"name":"x","value":"3"}]}')).toThrow(/malformed figure/);
    expect(() => readFigures('BENCH_JSON {"values":[]}')).toThrow(/without a figures list/);
  });
});
