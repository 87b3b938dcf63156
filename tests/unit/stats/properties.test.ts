// Properties of the pooling core that must hold for any data (fast-check), beyond the metafor fixtures:
// weights, orderings, invariances and boundaries that a wrong formula or a sign slip would break.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confintTau2, estimateTau2, pool, runAnalysis, TAU2_METHODS, type PoolMethod } from '../../../shared/stats';

const study = fc.record({
  yi: fc.double({ min: -3, max: 3, noNaN: true }),
  vi: fc.double({ min: 0.001, max: 2, noNaN: true }),
});
const studies = fc.array(study, { minLength: 2, maxLength: 30 });
const methods: PoolMethod[] = ['FE', ...TAU2_METHODS];

describe('pooling properties', () => {
  it('weights are positive, sum to 100 %, and the estimate lies within the range of the studies', () => {
    fc.assert(
      fc.property(studies, fc.constantFrom(...methods), (s, method) => {
        const r = pool(
          s.map((x) => x.yi),
          s.map((x) => x.vi),
          { method },
        );
        expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
        for (const w of r.weights) expect(w).toBeGreaterThan(0);
        expect(r.estimate).toBeGreaterThanOrEqual(Math.min(...s.map((x) => x.yi)) - 1e-12);
        expect(r.estimate).toBeLessThanOrEqual(Math.max(...s.map((x) => x.yi)) + 1e-12);
        expect(r.ci_lb).toBeLessThan(r.ci_ub);
        expect(r.tau2).toBeGreaterThanOrEqual(0);
        expect(r.I2).toBeGreaterThanOrEqual(0);
        expect(r.I2).toBeLessThan(100);
        if (r.pi_lb !== undefined) expect(r.pi_lb).toBeLessThanOrEqual(r.ci_lb + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the studies', () => {
    fc.assert(
      fc.property(studies, fc.constantFrom(...methods), (s, method) => {
        const a = pool(
          s.map((x) => x.yi),
          s.map((x) => x.vi),
          { method },
        );
        const rev = [...s].reverse();
        const b = pool(
          rev.map((x) => x.yi),
          rev.map((x) => x.vi),
          { method },
        );
        expect(b.estimate).toBeCloseTo(a.estimate, 8);
        expect(b.tau2).toBeCloseTo(a.tau2, 8);
      }),
      { numRuns: 150 },
    );
  });

  it('shifts with the data: adding c to every yi adds c to the estimate and leaves tau² alone', () => {
    fc.assert(
      fc.property(
        studies,
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.constantFrom(...TAU2_METHODS),
        (s, c, method) => {
          const vi = s.map((x) => x.vi);
          const a = pool(
            s.map((x) => x.yi),
            vi,
            { method },
          );
          const b = pool(
            s.map((x) => x.yi + c),
            vi,
            { method },
          );
          expect(b.estimate - c).toBeCloseTo(a.estimate, 7);
          expect(b.tau2).toBeCloseTo(a.tau2, 7);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('identical studies give tau² = 0 for every estimator and Q = 0', () => {
    fc.assert(
      fc.property(study, fc.integer({ min: 2, max: 10 }), fc.constantFrom(...TAU2_METHODS), (x, k, method) => {
        const yi = Array<number>(k).fill(x.yi),
          vi = Array<number>(k).fill(x.vi);
        expect(estimateTau2(yi, vi, method).tau2).toBeCloseTo(0, 12);
        expect(pool(yi, vi, { method }).Q).toBeCloseTo(0, 12);
      }),
    );
  });

  it('the Q-profile interval contains the PM estimate (PM solves the same Q equation at k - 1)', () => {
    fc.assert(
      fc.property(fc.array(study, { minLength: 3, maxLength: 25 }), (s) => {
        const yi = s.map((x) => x.yi),
          vi = s.map((x) => x.vi);
        const r = pool(yi, vi, { method: 'PM' });
        const ci = confintTau2(yi, vi, r.tau2, r.vt);
        expect(ci.tau2[1]).toBeLessThanOrEqual(r.tau2 + 1e-9);
        expect(ci.tau2[2]).toBeGreaterThanOrEqual(r.tau2 - 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('knha widens or narrows the interval by the residual scale but keeps the estimate', () => {
    fc.assert(
      fc.property(studies, (s) => {
        const yi = s.map((x) => x.yi),
          vi = s.map((x) => x.vi);
        const z = pool(yi, vi, { method: 'REML' });
        const t = pool(yi, vi, { method: 'REML', test: 'knha' });
        expect(t.estimate).toBe(z.estimate);
        expect(t.df).toBe(s.length - 1);
      }),
    );
  });
});

describe('analysis input conventions', () => {
  it('applies an analysis-level "scale": "log" to GEN studies that do not set one', () => {
    const studies = [
      { id: 'A', yi: 0.51, ci_lb: 0.27, ci_ub: 0.98 },
      { id: 'B', yi: 0.72, ci_lb: 0.55, ci_ub: 0.94 },
      { id: 'C', yi: 0.88, ci_lb: 0.7, ci_ub: 1.1 },
    ];
    const top = runAnalysis({ measure: 'GEN', method: 'DL', scale: 'log', studies });
    const each = runAnalysis({
      measure: 'GEN',
      method: 'DL',
      studies: studies.map((s) => ({ ...s, scale: 'log' as const })),
    });
    expect(top.estimate).toBe(each.estimate);
    expect(top.transformed?.estimate).toBeCloseTo(Math.exp(top.estimate), 14);
    expect(
      runAnalysis({ measure: 'GEN', method: 'DL', studies: studies.map(({ id, yi }) => ({ id, yi, vi: 0.1 })) })
        .transformed,
    ).toBeUndefined();
  });

  it("with drop00 (Cochrane's exclusion), lists every double-zero study and refuses an analysis with none left", () => {
    const r = runAnalysis({
      measure: 'OR',
      method: 'DL',
      drop00: true,
      studies: [
        { id: 'none', ai: 0, n1i: 10, ci: 0, n2i: 10 },
        { id: 'all', ai: 10, n1i: 10, ci: 12, n2i: 12 },
        { id: 'ok', ai: 3, n1i: 10, ci: 5, n2i: 10 },
      ],
    });
    expect(r.excluded?.map((e) => e.id)).toEqual(['none', 'all']);
    expect(r.k).toBe(1);
    expect(() =>
      runAnalysis({
        measure: 'RR',
        method: 'REML',
        drop00: true,
        studies: [{ id: 'none', ai: 0, n1i: 10, ci: 0, n2i: 10 }],
      }),
    ).toThrow(/no usable study/);
    // metafor's default (drop00 false, as rma.uni): the double-zero table enters with 1/2 in every cell.
    const kept = runAnalysis({
      measure: 'RR',
      method: 'REML',
      studies: [{ id: 'none', ai: 0, n1i: 10, ci: 0, n2i: 10 }],
    });
    expect(kept.studies[0]).toMatchObject({ id: 'none', yi: 0 });
    expect(kept.excluded).toBeUndefined();
  });
});
