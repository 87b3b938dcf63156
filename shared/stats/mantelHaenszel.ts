// Mantel-Haenszel pooling of 2x2 tables for risk ratios, odds ratios and risk differences, as metafor's
// rma.mh() with its defaults (no continuity correction for the pooled estimate; Q, I² and H² from the
// inverse-variance effect sizes with 1/2 added to tables with a zero cell, double-zero tables left out).
// Layer: shared (pure TypeScript). Sources: Mantel & Haenszel 1959; Robins, Breslow & Greenland 1986
// (OR variance); Greenland & Robins 1985 (RR and RD variances); Cochrane Handbook 10.4.2.
import { pchisqUpper, waldZ } from './distributions';
import { escalc, resolveZeroCells, tableOf, type StudyData, type ZeroCellRule } from './effectSizes';

export interface TablePoolResult {
  k: number;
  estimate: number;
  se: number;
  stat: number;
  pval: number;
  ci_lb: number;
  ci_ub: number;
  Q: number;
  Qdf: number;
  Qp: number;
  I2: number;
  H2: number;
  /** Weights in percent, in input order. */
  weights: number[];
  /** Study-level effect sizes (undefined where not estimable), for the forest plot and Q. */
  yi: (number | undefined)[];
  vi: (number | undefined)[];
}

/** Q, I² and H² from study effects with inverse-variance weights around a given pooled estimate (as rma.mh). */
export function heterogeneityAround(yi: number[], vi: number[], estimate: number) {
  const kyi = yi.length;
  if (kyi <= 1) return { Q: 0, Qdf: Math.max(0, kyi - 1), Qp: 1, I2: 0, H2: 1 };
  let Q = 0;
  for (let i = 0; i < kyi; i++) Q += (yi[i]! - estimate) ** 2 / vi[i]!;
  Q = Math.max(0, Q);
  const Qdf = kyi - 1;
  return { Q, Qdf, Qp: pchisqUpper(Q, Qdf), I2: Math.max(0, (100 * (Q - Qdf)) / Q), H2: Q / Qdf };
}

/**
 * Mantel-Haenszel pooled log RR, log OR or RD. `zeroCells` is rma.mh's add/to/drop00 (defaults 1/2, "only0",
 * drop00 true): it shapes the study-level effects behind Q, never the pooled estimate (no correction there).
 */
export function poolMantelHaenszel(
  measure: 'RR' | 'OR' | 'RD',
  studies: StudyData[],
  level = 95,
  zeroCells: ZeroCellRule = {},
): TablePoolResult {
  const tables = studies.map(tableOf);
  let R = 0,
    S = 0,
    PR = 0,
    PSQR = 0,
    QS = 0,
    rrNum = 0,
    rdNum = 0,
    rdVarA = 0,
    rdVarB = 0,
    rdDen = 0;
  const w: number[] = [];
  for (const { ai, bi, ci, di } of tables) {
    const n1 = ai + bi,
      n2 = ci + di,
      N = n1 + n2;
    if (measure === 'OR') {
      const P = (ai + di) / N,
        Q = (bi + ci) / N,
        Ri = (ai * di) / N,
        Si = (bi * ci) / N;
      R += Ri;
      S += Si;
      PR += P * Ri;
      PSQR += P * Si + Q * Ri;
      QS += Q * Si;
      w.push(Si);
    } else if (measure === 'RR') {
      R += (ai * n2) / N;
      S += (ci * n1) / N;
      rrNum += (n1 / N) * (n2 / N) * (ai + ci) - (ai / N) * ci;
      w.push((ci / N) * n1);
    } else {
      rdNum += ai * (n2 / N) - ci * (n1 / N);
      rdDen += n1 * (n2 / N);
      rdVarA += ci * (n1 / N) ** 2 - ai * (n2 / N) ** 2 + ((n1 / N) * (n2 / N) * (n2 - n1)) / 2;
      rdVarB += (ai * (n2 - ci)) / N + (ci * (n1 - ai)) / N;
      w.push((n1 / N) * n2);
    }
  }
  let estimate: number, se: number;
  if (measure === 'OR') {
    estimate = Math.log(R / S);
    se = Math.sqrt(0.5 * (PR / R ** 2 + PSQR / (R * S) + QS / S ** 2));
  } else if (measure === 'RR') {
    estimate = Math.log(R / S);
    se = Math.sqrt(rrNum / (R * S));
  } else {
    estimate = rdNum / rdDen;
    se = Math.sqrt((estimate * rdVarA + rdVarB / 2) / rdDen ** 2);
  }
  const sw = w.reduce((a, b) => a + b, 0);
  const rule = resolveZeroCells(measure, studies, { drop00: true, ...zeroCells });
  const effects = studies.map((s) => escalc(measure, s, rule));
  const yi = effects.map((e) => (e?.ok ? e.yi : undefined));
  const vi = effects.map((e) => (e?.ok ? e.vi : undefined));
  return {
    k: studies.length,
    estimate,
    se,
    ...waldZ(estimate, se, level),
    ...heterogeneityAround(
      yi.filter((y) => y !== undefined),
      vi.filter((v) => v !== undefined),
      estimate,
    ),
    weights: w.map((x) => (100 * x) / sw),
    yi,
    vi,
  };
}
