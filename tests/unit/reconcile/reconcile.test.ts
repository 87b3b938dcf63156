// Comparing two reviewers' cells (normalised numbers, tolerance, the four states) and agreement
// figures, with Cohen's kappa and its CI checked against psych::cohen.kappa (fixtures written by
// tests/r/make-kappa-fixtures.R).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreement,
  cohenKappa,
  compareCells,
  normaliseNumber,
  parseTolerance,
  type AgreementItem,
  type CellSide,
} from '../../../shared/reconcile';
import { fuzzRuns } from '../../helpers/fuzz';

interface KappaCase {
  name: string;
  a: string[];
  b: string[];
  n: number;
  percent: number;
  kappa: number;
  variance: number;
  lower: number;
  upper: number;
}

export const KAPPA_CASES = JSON.parse(
  readFileSync(new URL('../../fixtures/kappa/cohen-kappa.json', import.meta.url), 'utf8'),
) as KappaCase[];

const value = (v: CellSide['value']): CellSide => ({ state: 'value', value: v });
const NR: CellSide = { state: 'not_reported', value: null };

describe('comparing cells', () => {
  it('normalises numbers: 12.0 = 12, 1,024 = 1024, text that is not a number stays text', () => {
    expect(normaliseNumber('12.0')).toBe(12);
    expect(normaliseNumber(' 1,024 ')).toBe(1024);
    expect(normaliseNumber('1,024,000.5')).toBe(1024000.5);
    expect(normaliseNumber('1,5')).toBeNull();
    expect(normaliseNumber('12 ms')).toBeNull();
    expect(normaliseNumber(['1'])).toBeNull();
    expect(compareCells(value('12.0'), value(12))).toEqual({ state: 'agree', exact: true, withinTolerance: true });
    expect(compareCells(value('1,024'), value(1024))?.state).toBe('agree');
  });

  it('gives the four states: agree, differ, only one filled, both not reported', () => {
    expect(compareCells(null, null)).toBeNull();
    expect(compareCells(value(3), null)?.state).toBe('only_one');
    expect(compareCells(null, NR)?.state).toBe('only_one');
    expect(compareCells(NR, NR)).toEqual({ state: 'both_not_reported', exact: true, withinTolerance: true });
    expect(compareCells(NR, value(3))?.state).toBe('differ');
    expect(compareCells(value(3), value(4))?.state).toBe('differ');
    expect(compareCells(value(' Spain '), value('spain'))?.state).toBe('agree');
    expect(compareCells(value(['b', 'a']), value(['a', 'b']))?.state).toBe('agree');
    expect(compareCells(value(['a']), value(['a', 'b']))?.state).toBe('differ');
  });

  it('compares within an absolute or relative tolerance, exact by default', () => {
    expect(parseTolerance('0.01')).toEqual({ kind: 'absolute', amount: 0.01 });
    expect(parseTolerance('0.5%')).toEqual({ kind: 'relative', percent: 0.5 });
    expect(parseTolerance('0')).toEqual({ kind: 'exact' });
    expect(parseTolerance('-1')).toBeNull();
    expect(parseTolerance('abc')).toBeNull();
    expect(parseTolerance('101%')).toBeNull();
    expect(compareCells(value(23.5), value(23.51))?.state).toBe('differ');
    expect(compareCells(value(23.5), value(23.51), { kind: 'absolute', amount: 0.01 })).toEqual({
      state: 'agree',
      exact: false,
      withinTolerance: true,
    });
    expect(compareCells(value(23.5), value(23.52), { kind: 'absolute', amount: 0.01 })?.state).toBe('differ');
    expect(compareCells(value(200), value(201), { kind: 'relative', percent: 0.5 })?.state).toBe('agree');
    expect(compareCells(value(200), value(202), { kind: 'relative', percent: 0.5 })?.state).toBe('differ');
  });

  it('fuzz: parseTolerance and normaliseNumber never throw, and agreement is symmetric', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const t = parseTolerance(s);
        if (t) expect(['exact', 'absolute', 'relative']).toContain(t.kind);
        const n = normaliseNumber(s);
        if (n !== null) expect(Number.isFinite(n)).toBe(true);
      }),
      { numRuns: fuzzRuns(500) },
    );
    const side = fc.oneof(
      fc.constant(null),
      fc.constant(NR),
      fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.array(fc.string())).map(value),
    );
    fc.assert(
      fc.property(side, side, fc.double({ min: 0, max: 10, noNaN: true }), (a, b, amount) => {
        const tol = amount === 0 ? ({ kind: 'exact' } as const) : ({ kind: 'absolute', amount } as const);
        expect(compareCells(a, b, tol)).toEqual(compareCells(b, a, tol));
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});

describe('agreement', () => {
  for (const c of KAPPA_CASES) {
    it(`Cohen's kappa and its 95% CI match psych::cohen.kappa (${c.name}, n = ${c.n})`, () => {
      const k = cohenKappa(c.a.map((a, i) => [a, c.b[i]!] as const));
      expect(k.n).toBe(c.n);
      expect(k.kappa).toBeCloseTo(c.kappa, 12);
      expect(k.variance).toBeCloseTo(c.variance, 12);
      expect(k.lower).toBeCloseTo(c.lower, 10);
      expect(k.upper).toBeCloseTo(c.upper, 10);
    });
  }

  it('has no kappa when every rating is in one category (as psych gives NA)', () => {
    expect(
      cohenKappa([
        ['yes', 'yes'],
        ['yes', 'yes'],
      ]).kappa,
    ).toBeNull();
    expect(cohenKappa([]).kappa).toBeNull();
  });

  it('gives percent agreement, counts and kappa per field and overall', () => {
    const c = KAPPA_CASES[0]!;
    const items: AgreementItem[] = c.a.map((a, i) => ({
      groupId: 'coi',
      groupName: 'Conflicts of interest',
      kind: 'yes_no_unclear',
      a: value(a),
      b: value(c.b[i]!),
      comparison: compareCells(value(a), value(c.b[i]!))!,
    }));
    items.push({
      groupId: 'n',
      groupName: 'N randomised',
      kind: 'integer',
      a: value(40),
      b: null,
      comparison: compareCells(value(40), null)!,
    });
    const report = agreement(items);
    expect(report.fields[0]).toMatchObject({ field: 'Conflicts of interest', cells: 12, differ: 3, onlyOne: 0 });
    expect(report.fields[0]!.percent).toBeCloseTo(c.percent, 12);
    expect(report.fields[0]!.kappa).toBeCloseTo(c.kappa, 12);
    expect(report.fields[1]).toMatchObject({ cells: 1, onlyOne: 1, percent: 0, kappa: null });
    expect(report.overall).toMatchObject({ cells: 13, agree: 9, differ: 3, onlyOne: 1 });
    expect(report.overall.percent).toBeCloseTo((100 * 9) / 13, 12);
  });
});
