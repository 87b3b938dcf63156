// Conversions (Cochrane Handbook chapter 6) against values R computes (tests/r/make-metafor-fixtures.R),
// plus the provenance record and input checks each conversion carries.
import { describe, expect, it } from 'vitest';
import {
  combineGroups,
  ConversionError,
  logSEFromRatioCI,
  meanSDFromMedian,
  sdFromMeanCI,
  sdFromSE,
  sdOfChange,
  seFromCI,
  seFromEstimateAndP,
  type Conversion,
  type FiveNumbers,
  type GroupSummary,
} from '../../../shared/stats';
import { expectMatchesMetafor, loadFixture } from './metaforFixtures';

interface Case {
  name: string;
  fn: string;
  args: Record<string, unknown>;
  expected: unknown;
}
const cases = loadFixture<Case[]>('conversions.json');

function call(c: Case): Conversion<unknown> {
  const a = c.args as Record<string, number> & { scale?: 'log'; t?: boolean; a?: GroupSummary; b?: GroupSummary };
  switch (c.fn) {
    case 'seFromCI':
      return seFromCI(a.lower!, a.upper!, { ...(a.level ? { level: a.level } : {}), ...(a.df ? { df: a.df } : {}) });
    case 'sdFromSE':
      return sdFromSE(a.se!, a.n!);
    case 'sdFromMeanCI':
      return sdFromMeanCI(a.lower!, a.upper!, a.n!, { t: a.t === true });
    case 'logSEFromRatioCI':
      return logSEFromRatioCI(a.lower!, a.upper!);
    case 'seFromEstimateAndP':
      return seFromEstimateAndP(a.estimate!, a.p!, {
        ...(a.df ? { df: a.df } : {}),
        ...(a.scale ? { scale: a.scale } : {}),
      });
    case 'combineGroups':
      return combineGroups(a.a!, a.b!);
    case 'sdOfChange':
      return sdOfChange(a.sdBaseline!, a.sdFinal!, a.r!);
    case 'meanSDFromMedian':
      return meanSDFromMedian(c.args as unknown as FiveNumbers);
    default:
      throw new Error(`unknown conversion ${c.fn}`);
  }
}

describe('conversions match R', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = call(c);
    expectMatchesMetafor(result.value, c.expected);
    expect(result.source).toMatch(/Cochrane Handbook|Luo|Wan|Shi/);
    expect(result.method.length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(c.args))
      if (typeof value === 'number') expect(result.inputs[key]).toBe(value);
  });
});

describe('conversion records and checks', () => {
  it('names the scenario and the skewness test for the median conversions', () => {
    const s1 = meanSDFromMedian({ min: 2, median: 7, max: 19, n: 30 });
    expect(s1.value.scenario).toBe('S1');
    expect(s1.source).toContain('Wan et al. 2014');
    const skewed = meanSDFromMedian({ min: 0, q1: 1, median: 2, q3: 30, max: 200, n: 100 });
    expect(skewed.value.scenario).toBe('S3');
    expect(skewed.value.skewness.skewed).toBe(true);
    expect(meanSDFromMedian({ q1: 4, median: 6, q3: 8, n: 50 }).value.skewness.skewed).toBe(false);
  });

  it('rejects impossible inputs, naming the field', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(ConversionError);
        return (error as ConversionError).field;
      }
      throw new Error('expected a ConversionError');
    };
    expect(field(() => seFromCI(3, 1))).toBe('upper');
    expect(field(() => sdFromSE(-1, 10))).toBe('se');
    expect(field(() => logSEFromRatioCI(0, 2))).toBe('lower');
    expect(field(() => seFromEstimateAndP(1, 1.2))).toBe('p');
    expect(field(() => meanSDFromMedian({ median: 5, n: 20 }))).toBe('min');
    expect(field(() => meanSDFromMedian({ min: 6, median: 5, max: 9, n: 20 }))).toBe('median');
    expect(field(() => meanSDFromMedian({ min: 1, median: 5, max: 9, n: 4 }))).toBe('n');
    expect(field(() => sdOfChange(2, 3, 1.5))).toBe('r');
  });

  it('agrees with itself: a t interval is wider than a normal one, so its SE is smaller', () => {
    expect(sdFromMeanCI(1, 2, 10, { t: true }).value).toBeLessThan(sdFromMeanCI(1, 2, 10, { t: false }).value);
  });

  it('uses t on n - 1 df below 60 and the normal above unless told, as the Handbook advises', () => {
    expect(sdFromMeanCI(1, 2, 59).inputs.distribution).toBe('t');
    expect(sdFromMeanCI(1, 2, 59).value).toBe(sdFromMeanCI(1, 2, 59, { t: true }).value);
    expect(sdFromMeanCI(1, 2, 60).inputs.distribution).toBe('normal');
    expect(sdFromMeanCI(1, 2, 10, { t: false }).inputs.distribution).toBe('normal');
  });
});
