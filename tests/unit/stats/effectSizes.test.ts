// Study-level effect sizes beyond the pooled fixtures: Hedges' exact correction against R's lgamma, and
// the escalc() conventions for non-estimable studies that pooling relies on (the continuity correction
// itself is checked against metafor in analysis.test.ts, cases "zero and all-event cells").
import { describe, expect, it } from 'vitest';
import { cochraneZeroCells, escalc, hedgesCorrection, runAnalysis, zeroCellRule } from '../../../shared/stats';
import { close, loadFixture } from './metaforFixtures';

describe("Hedges' correction", () => {
  it.each(loadFixture<{ m: number; c: number }[]>('hedges.json').map((x) => [x.m, x.c] as const))(
    'c(%d) matches R',
    (m, c) => {
      expect(close(hedgesCorrection(m), c), `${hedgesCorrection(m)} vs ${c}`).toBe(true);
      expect(Math.abs(hedgesCorrection(m) - c) / c).toBeLessThan(1e-10);
    },
  );
});

describe('escalc conventions', () => {
  it('with drop00, leaves out tables without events (or with only events) in both groups, with a reason', () => {
    expect(escalc('RR', { ai: 0, n1i: 10, ci: 0, n2i: 12 }, { drop00: true })).toEqual({
      ok: false,
      reason: 'no events in either group',
    });
    expect(escalc('OR', { ai: 10, n1i: 10, ci: 12, n2i: 12 }, cochraneZeroCells('OR'))).toMatchObject({ ok: false });
    // Cochrane's exclusion is for ratios: a risk difference stays estimable (1/2 added to every cell, as escalc).
    expect(escalc('RD', { ai: 0, n1i: 10, ci: 0, n2i: 12 }, cochraneZeroCells('RD'))).toMatchObject({
      ok: true,
      yi: 0.5 / 11 - 0.5 / 13,
    });
    // metafor's default keeps them (drop00 false), with 1/2 added to every cell.
    const kept = escalc('RR', { ai: 0, n1i: 10, ci: 0, n2i: 12 });
    expect(kept.ok && close(kept.yi, Math.log(13 / 11))).toBe(true);
  });

  it('refuses ratios of means with a non-positive mean and correlations of ±1', () => {
    expect(escalc('ROM', { m1i: -1, sd1i: 1, n1i: 10, m2i: 2, sd2i: 1, n2i: 10 })).toMatchObject({ ok: false });
    expect(escalc('ZCOR', { ri: 1, ni: 50 })).toMatchObject({ ok: false });
    expect(escalc('ZCOR', { ri: 0.3, ni: 3 })).toMatchObject({ ok: false });
  });
});

describe('named double-zero rules for the app', () => {
  const studies = [
    { id: 'double zero', ai: 0, n1i: 20, ci: 0, n2i: 22 },
    { id: 'A', ai: 3, n1i: 20, ci: 7, n2i: 21 },
    { id: 'B', ai: 5, n1i: 30, ci: 9, n2i: 31 },
  ];
  it("Cochrane's exclusion leaves double-zero studies out of ratios, with the reason; metafor's keeps them", () => {
    const cochrane = runAnalysis({ measure: 'RR', method: 'REML', ...zeroCellRule('cochrane', 'RR'), studies });
    expect(cochrane.excluded).toEqual([{ id: 'double zero', reason: 'no events in either group' }]);
    const metafor = runAnalysis({ measure: 'RR', method: 'REML', ...zeroCellRule('metafor', 'RR'), studies });
    expect(metafor.excluded).toBeUndefined();
    expect(metafor.k).toBe(3);
    // Risk differences keep them under both rules.
    expect(runAnalysis({ measure: 'RD', method: 'REML', ...zeroCellRule('cochrane', 'RD'), studies }).k).toBe(3);
  });
});
