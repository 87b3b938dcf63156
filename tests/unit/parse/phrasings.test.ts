// Table-driven test of the statistics recogniser over real phrasings (tests/unit/parse/phrasings.ts):
// each input must yield exactly the listed statistics, in order, with their values, units and warnings.
import { describe, expect, it } from 'vitest';
import { recognise, type Statistic } from '../../../shared/parse';
import { phrasings, type Expected } from './phrasings';

function summary(s: Statistic): Record<string, unknown> {
  return { kind: s.kind, text: s.text, values: s.values, unit: s.unit };
}

function check(input: string, got: Statistic, want: Expected): void {
  expect(input.slice(got.start, got.end)).toBe(got.text);
  expect(got.kind).toBe(want.kind);
  expect(got.text).toBe(want.text);
  if (want.values) expect(got.values).toEqual(want.values);
  expect(got.unit).toBe(want.unit);
  if (want.warned) expect(got.warnings.length).toBeGreaterThan(0);
  else expect(got.warnings).toEqual([]);
  if (want.kind === 'ambiguous') {
    expect(got.kind === 'ambiguous' ? got.candidates : null).toEqual(want.candidates);
  } else {
    expect('candidates' in got).toBe(false);
  }
}

describe('recognise: table of real phrasings', () => {
  it('has at least 200 phrasings', () => {
    expect(phrasings.length).toBeGreaterThanOrEqual(200);
  });

  describe.each([...new Set(phrasings.map((p) => p.source))])('%s', (source) => {
    it.each(
      phrasings.filter((p) => p.source === source).map((p) => [p.input.replace(/\n/g, '⏎').slice(0, 90), p] as const),
    )('%s', (_, row) => {
      const got = recognise(row.input);
      expect(got.map(summary).map((s) => s.text)).toEqual(row.expect.map((e) => e.text));
      row.expect.forEach((want, k) => check(row.input, got[k] as Statistic, want));
    });
  });
});
