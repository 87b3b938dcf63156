// runAnalysis (effect sizes, pooling, heterogeneity, prediction and natural scale) against metafor 3.8
// for metafor's data sets, generated data and edge cases. Fixtures: tests/r/make-metafor-fixtures.R.
import { describe, expect, it } from 'vitest';
import { runAnalysis, type AnalysisInput, type AnalysisResult } from '../../../shared/stats';
import { expectMatchesMetafor, loadFixture } from './metaforFixtures';

interface Case {
  name: string;
  input: AnalysisInput;
  expected: Partial<AnalysisResult> & { excluded?: { id: string }[] };
}

const cases = loadFixture<Case[]>('pool.json');

describe('runAnalysis matches metafor', () => {
  it('has the fixture cases', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const actual = runAnalysis(c.input);
    expectMatchesMetafor(actual, c.expected);
    // Same set of reported fields: nothing metafor leaves out is reported, nothing it reports is missing.
    const keys = (o: object) =>
      Object.keys(o)
        .filter((key) => key !== 'excluded')
        .sort();
    expect(keys(actual)).toEqual(keys(c.expected));
    expect((actual.excluded ?? []).map((e) => e.id)).toEqual((c.expected.excluded ?? []).map((e) => e.id));
    for (const e of actual.excluded ?? []) expect(e.reason.length).toBeGreaterThan(0);
  });
});
