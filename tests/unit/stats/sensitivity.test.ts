// Leave-one-out, cumulative, subgroup analyses, Egger's regression test and trim-and-fill against
// metafor's leave1out(), cumul(), separate fits per subgroup, regtest() and trimfill() (default settings).
import { describe, expect, it } from 'vitest';
import {
  cumulative,
  leaveOneOut,
  regtest,
  subgroupAnalysis,
  trimfill,
  type PoolMethod,
  type PoolTest,
} from '../../../shared/stats';
import { expectMatchesMetafor, loadFixture } from './metaforFixtures';

interface SensitivityCase {
  name: string;
  ids: string[];
  yi: number[];
  vi: number[];
  method: PoolMethod;
  test: PoolTest;
  level: number;
  expected: {
    leave1out: unknown[];
    cumulative: unknown[];
    regtest: unknown;
    trimfill: { k0: number } & Record<string, unknown>;
  };
}
interface SubgroupCase {
  name: string;
  groups: string[];
  yi: number[];
  vi: number[];
  method: PoolMethod;
  test: PoolTest;
  expected: unknown;
}

const sensitivity = loadFixture<SensitivityCase[]>('sensitivity.json');
const subgroups = loadFixture<SubgroupCase[]>('subgroups.json');
const table = <T extends { name: string }>(cases: T[]) => cases.map((c) => [c.name, c] as const);

describe('leave-one-out and cumulative meta-analysis match metafor', () => {
  it.each(table(sensitivity))('%s', (_name, c) => {
    const options = { method: c.method, test: c.test, level: c.level };
    expectMatchesMetafor(leaveOneOut(c.ids, c.yi, c.vi, options), c.expected.leave1out);
    expectMatchesMetafor(cumulative(c.ids, c.yi, c.vi, options), c.expected.cumulative);
  });
});

describe("Egger's regression test matches metafor's regtest()", () => {
  it.each(table(sensitivity))('%s', (_name, c) => {
    expectMatchesMetafor(regtest(c.yi, c.vi, { method: c.method, test: c.test, level: c.level }), c.expected.regtest);
  });
});

describe("trim-and-fill matches metafor's trimfill()", () => {
  it.each(table(sensitivity))('%s', (_name, c) => {
    const result = trimfill(c.yi, c.vi, { method: c.method });
    expectMatchesMetafor(result, c.expected.trimfill);
    expect(result.filled).toHaveLength(c.expected.trimfill.k0);
  });

  it('finds missing studies in some fixtures and none in others (the fixtures exercise both paths)', () => {
    const k0s = sensitivity.map((c) => c.expected.trimfill.k0);
    expect(k0s).toContain(0);
    expect(k0s.some((k0) => k0 > 1)).toBe(true);
  });
});

describe('subgroup analysis matches separate metafor fits and the test for differences', () => {
  it.each(table(subgroups))('%s', (_name, c) => {
    expectMatchesMetafor(subgroupAnalysis(c.groups, c.yi, c.vi, { method: c.method, test: c.test }), c.expected);
  });
});
