// The recogniser's output contract as a check the property and fuzz tests share: known kinds, offsets
// that slice to the text, ordered and non-overlapping statistics, finite values only.
import { expect } from 'vitest';
import type { Statistic } from '../../../shared/parse';

const KINDS = new Set([
  'mean_sd',
  'mean_se',
  'estimate_ci',
  'ratio_ci',
  'median_iqr',
  'median_range',
  'count',
  'percent',
  'p_value',
  'change',
  'ambiguous',
]);

function finiteNumbers(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return true;
  if (typeof value === 'object') return Object.values(value as object).every(finiteNumbers);
  return false;
}

/** Every invariant of the output contract; throws (through expect) on the first broken one. */
export function expectWellFormed(input: string, list: Statistic[]): void {
  let previousEnd = 0;
  for (const s of list) {
    expect(KINDS.has(s.kind)).toBe(true);
    expect(Number.isInteger(s.start) && Number.isInteger(s.end)).toBe(true);
    expect(s.start).toBeGreaterThanOrEqual(previousEnd);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.end).toBeLessThanOrEqual(input.length);
    expect(input.slice(s.start, s.end)).toBe(s.text);
    expect(Array.isArray(s.warnings)).toBe(true);
    expect(finiteNumbers(s.values)).toBe(true);
    if (s.kind === 'ambiguous') {
      expect(s.candidates.length).toBeGreaterThanOrEqual(2);
      expect(s.warnings.length).toBeGreaterThan(0);
      for (const c of s.candidates) expect(finiteNumbers(c.values)).toBe(true);
    }
    previousEnd = s.end;
  }
}
