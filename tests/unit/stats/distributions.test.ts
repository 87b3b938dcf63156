// Upper-tail p-values far below machine epsilon: the chi-square upper tail comes from the regularized
// upper incomplete gamma, not 1 - cdf (which cancels to 0 below ~1e-16), and the normal and t tails from
// the lower tail at -|x|. Expected values are R 4.2.2 (`options(digits = 17)`), each with its expression.
import { describe, expect, it } from 'vitest';
import {
  pchisq,
  pchisqUpper,
  runAnalysis,
  subgroupAnalysis,
  twoSidedNormalP,
  twoSidedTP,
  type AnalysisInput,
  type PoolMethod,
  type PoolTest,
} from '../../../shared/stats';
import { loadFixture } from './metaforFixtures';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('chi-square upper tail', () => {
  it.each([
    // pchisq(120, 1, lower.tail = FALSE)
    [120, 1, 6.3260682636772604e-28],
    // pchisq(150, 9, lower.tail = FALSE)
    [150, 9, 8.8196299548054152e-28],
    // pchisq(400, 4, lower.tail = FALSE)
    [400, 4, 2.7816320187408423e-85],
    // pchisq(30, 2, lower.tail = FALSE)
    [30, 2, 3.0590232050182579e-7],
    // pchisq(1e-3, 3, lower.tail = FALSE)
    [1e-3, 3, 0.99999159208094202],
  ])('pchisqUpper(%d, %d) matches R', (q, df, r) => {
    const p = pchisqUpper(q, df);
    expect(p).toBeGreaterThan(0);
    expect(relativeError(p, r), `${p} vs ${r}`).toBeLessThan(1e-6);
  });

  it('is positive where 1 - cdf underflows to 0', () => {
    expect(1 - pchisq(120, 1)).toBe(0);
    expect(pchisqUpper(120, 1)).toBeGreaterThan(0);
  });

  it('keeps the boundary conventions of the distribution function', () => {
    expect(pchisqUpper(0, 3)).toBe(1);
    expect(pchisqUpper(-1, 3)).toBe(1);
    expect(pchisqUpper(Infinity, 3)).toBe(0);
    expect(pchisqUpper(NaN, 3)).toBeNaN();
  });
});

describe('normal and t two-sided tails', () => {
  it('matches R far in the tails', () => {
    // 2 * pnorm(-12)
    expect(relativeError(twoSidedNormalP(12), 3.5529642241553581e-33)).toBeLessThan(1e-6);
    expect(relativeError(twoSidedNormalP(-12), 3.5529642241553581e-33)).toBeLessThan(1e-6);
    // 2 * pt(-40, 7)
    expect(relativeError(twoSidedTP(40, 7), 1.5902179984850428e-9)).toBeLessThan(1e-6);
  });
});

// The metafor fixtures hold heterogeneity p-values down to ~1e-225. The fixture comparison's 1e-9 absolute
// tolerance accepts 0 for all of them, so these tests hold the tiny ones to the relative tolerance alone.
describe('tiny heterogeneity p-values match metafor to 1e-6 relative', () => {
  it('Q test p-values (QEp) of runAnalysis', () => {
    const cases = loadFixture<{ name: string; input: AnalysisInput; expected: { Qp?: number } }[]>('pool.json');
    const tiny = cases.filter((c) => typeof c.expected.Qp === 'number' && c.expected.Qp < 1e-9);
    expect(tiny.length).toBeGreaterThan(10);
    for (const c of tiny) {
      const actual = runAnalysis(c.input).Qp;
      expect(actual, c.name).toBeGreaterThan(0);
      expect(relativeError(actual, c.expected.Qp!), `${c.name}: ${actual} vs ${c.expected.Qp}`).toBeLessThan(1e-6);
    }
  });

  it('test for subgroup differences (Qb_p)', () => {
    const cases = loadFixture<
      {
        name: string;
        groups: string[];
        yi: number[];
        vi: number[];
        method: PoolMethod;
        test: PoolTest;
        expected: { Qb_p: number };
      }[]
    >('subgroups.json');
    const tiny = cases.filter((c) => c.expected.Qb_p < 1e-9);
    expect(tiny.length).toBeGreaterThan(0);
    for (const c of tiny) {
      const actual = subgroupAnalysis(c.groups, c.yi, c.vi, { method: c.method, test: c.test }).Qb_p;
      expect(actual, c.name).toBeGreaterThan(0);
      expect(relativeError(actual, c.expected.Qb_p), `${c.name}: ${actual} vs ${c.expected.Qb_p}`).toBeLessThan(1e-6);
    }
  });
});
