// Peto's one-step odds ratio for 2x2 tables, as metafor's rma.peto() with its defaults. Layer: shared.
// Source: Yusuf, Peto et al. 1985 (Prog Cardiovasc Dis 27:335); Cochrane Handbook 10.4.4.2.
import { pchisqUpper, waldZ } from './distributions';
import {
  correctTable,
  isDoubleZero,
  resolveZeroCells,
  tableOf,
  type StudyData,
  type Table2x2,
  type ZeroCellRule,
} from './effectSizes';
import type { TablePoolResult } from './mantelHaenszel';

/** Observed minus expected events in the first group and its hypergeometric variance. */
function petoTerms({ ai, bi, ci, di }: Table2x2) {
  const n1 = ai + bi,
    n2 = ci + di,
    N = n1 + n2,
    events = ai + ci,
    nonEvents = bi + di;
  const E = (events * n1) / N;
  const V = (events * nonEvents * (n1 / N) * (n2 / N)) / (N - 1);
  return { OminusE: ai - E, V };
}

/** Peto's pooled log odds ratio: Σ(O - E) / ΣV with SE 1/√ΣV; `zeroCells` shapes the study-level log ORs only (rma.peto). */
export function poolPeto(studies: StudyData[], level = 95, zeroCells: ZeroCellRule = {}): TablePoolResult {
  const rule = resolveZeroCells('OR', studies, { drop00: true, ...zeroCells });
  const terms = studies.map((s) => petoTerms(tableOf(s)));
  const sumV = terms.reduce((a, t) => a + t.V, 0);
  const sumOE = terms.reduce((a, t) => a + t.OminusE, 0);
  const estimate = sumOE / sumV;
  const se = 1 / Math.sqrt(sumV);
  // Heterogeneity: Σ(O - E)²/V - (Σ(O - E))²/ΣV over tables with V > 0; df from the estimable tables.
  const informative = terms.filter((t) => t.V > 0);
  const Qraw = informative.reduce((a, t) => a + t.OminusE ** 2 / t.V, 0) - sumOE ** 2 / sumV;
  const Q = Math.max(0, Qraw);
  // The study-level Peto log OR as metafor's escalc("PETO") shows it: 1/2 added to tables with a zero cell.
  // (A double-zero table kept with drop00 false has V = 0 after no correction: not estimable either.)
  const yi: (number | undefined)[] = [];
  const vi: (number | undefined)[] = [];
  for (const s of studies) {
    const t = tableOf(s);
    const { OminusE, V } = petoTerms(correctTable(t, rule.add, rule.to));
    if ((rule.drop00 && isDoubleZero(t)) || !(V > 0) || !Number.isFinite(OminusE / V)) {
      yi.push(undefined);
      vi.push(undefined);
      continue;
    }
    yi.push(OminusE / V);
    vi.push(1 / V);
  }
  const kyi = yi.filter((y) => y !== undefined).length;
  const Qdf = Math.max(0, kyi - 1);
  const het =
    informative.length > 1
      ? { Q, Qdf, Qp: pchisqUpper(Q, Qdf), I2: Math.max(0, (100 * (Q - Qdf)) / Q), H2: Q / Qdf }
      : { Q, Qdf, Qp: 1, I2: 0, H2: 1 };
  return {
    k: studies.length,
    estimate,
    se,
    ...waldZ(estimate, se, level),
    ...het,
    weights: terms.map((t) => (100 * t.V) / sumV),
    yi,
    vi,
  };
}
