// RevMan 5's conventions, for reviewers who compare Caliper with the numbers in their RevMan files: the
// formulas of Deeks & Higgins (2010), "Statistical algorithms in Review Manager 5" (Cochrane Statistical
// Methods Group). Differences from metafor's defaults: with Mantel-Haenszel and random effects, τ² is the
// DerSimonian-Laird estimate from the heterogeneity statistic around the Mantel-Haenszel estimate, and the
// random-effects estimate pools the studies' own effects with weights 1/(SE² + τ²); the Mantel-Haenszel
// risk difference has the Greenland-Robins variance; SMD is Hedges' adjusted g with the approximate
// correction 1 - 3/(4N - 9) and variance N/(n1 n2) + g²/(2(N - 3.94)); 1/2 is added to every cell of a table
// with a zero cell (for the Mantel-Haenszel estimate too), and double-zero tables are left out of ratio
// measures. Results are on the log scale for ratios, as in the rest of the core. Layer: shared.
import { criticalValue, pchisqUpper, twoSidedNormalP } from './distributions';
import {
  cochraneZeroCells,
  correctTable,
  escalc,
  isDoubleZero,
  resolveZeroCells,
  tableOf,
  type Measure,
  type StudyData,
  type StudyZeroCells,
  type ZeroCellRule,
} from './effectSizes';
import { StatsError } from './errors';
import type { AnalysisInput, AnalysisResult, StudyInput } from './analysis';
import type { SubgroupResult } from './sensitivity';

const REVMAN_MEASURES: readonly Measure[] = ['RR', 'OR', 'RD', 'MD', 'SMD', 'GEN'];

/** RevMan 5's fixed- or random-effects choice for an analysis: from `model`, else from the method (DL is random). */
export function revmanModel(input: Pick<AnalysisInput, 'method' | 'model'>): 'fixed' | 'random' {
  return input.model ?? (input.method === 'DL' ? 'random' : 'fixed');
}

/** One study's effect under RevMan 5's formulas, or the reason it is not estimable. */
export function revmanEffect(
  measure: Measure,
  s: StudyData,
  zeroCells: ZeroCellRule,
): { ok: true; yi: number; vi: number } | { ok: false; reason: string } {
  if (measure === 'SMD') {
    // Hedges' adjusted g (Deeks & Higgins 2010, "Standardised mean difference").
    const { m1i, sd1i, n1i, m2i, sd2i, n2i } = s as Required<StudyData>;
    const N = n1i + n2i;
    if (!(N > 3.94)) return { ok: false, reason: 'too few participants for the standardised mean difference' };
    const sp = Math.sqrt(((n1i - 1) * sd1i * sd1i + (n2i - 1) * sd2i * sd2i) / (N - 2));
    const g = ((m1i - m2i) / sp) * (1 - 3 / (4 * N - 9));
    const vi = N / (n1i * n2i) + (g * g) / (2 * (N - 3.94));
    return Number.isFinite(g) && Number.isFinite(vi) && vi > 0
      ? { ok: true, yi: g, vi }
      : { ok: false, reason: 'effect size or variance not finite' };
  }
  return escalc(measure, s, zeroCells);
}

interface Total {
  k: number;
  estimate: number;
  se: number;
  tau2: number;
  Q: number;
  Qdf: number;
  I2: number;
  /** Weights in percent of this total, in input order (0 for studies left out). */
  weights: number[];
  yi: (number | undefined)[];
  vi: (number | undefined)[];
  excluded: { id: string; reason: string }[];
}

/** Mantel-Haenszel estimate and SE (log scale for RR and OR) with its raw weights, on corrected tables. */
function mantelHaenszel(measure: 'RR' | 'OR' | 'RD', studies: StudyData[], zeroCells: StudyZeroCells) {
  let num = 0,
    den = 0,
    // Robins-Breslow-Greenland (OR), Greenland-Robins (RR, RD) variance terms.
    v1 = 0,
    v2 = 0,
    v3 = 0;
  const w: number[] = [];
  for (const s of studies) {
    const { ai: a, bi: b, ci: c, di: d } = correctTable(tableOf(s), zeroCells.add, zeroCells.to);
    const n1 = a + b,
      n2 = c + d,
      N = n1 + n2;
    if (measure === 'OR') {
      const R = (a * d) / N,
        S = (b * c) / N,
        P = (a + d) / N,
        Q = (b + c) / N;
      num += R;
      den += S;
      v1 += P * R;
      v2 += P * S + Q * R;
      v3 += Q * S;
      w.push(S);
    } else if (measure === 'RR') {
      num += (a * n2) / N;
      den += (c * n1) / N;
      v1 += (n1 * n2 * (a + c) - a * c * N) / (N * N);
      w.push((c * n1) / N);
    } else {
      num += (a * n2 - c * n1) / N;
      den += (n1 * n2) / N;
      v1 += (a * b * n2 ** 3 + c * d * n1 ** 3) / (n1 * n2 * N * N);
      w.push((n1 * n2) / N);
    }
  }
  let estimate: number, se: number;
  if (measure === 'OR') {
    estimate = Math.log(num / den);
    se = Math.sqrt(v1 / (2 * num * num) + v2 / (2 * num * den) + v3 / (2 * den * den));
  } else if (measure === 'RR') {
    estimate = Math.log(num / den);
    se = Math.sqrt(v1 / (num * den));
  } else {
    estimate = num / den;
    se = Math.sqrt(v1 / (den * den));
  }
  return { estimate, se, w };
}

/** Peto's one-step odds ratio: O - E and V per table, uncorrected. */
function peto(studies: StudyData[]) {
  const terms = studies.map((s) => {
    const { ai, bi, ci, di } = tableOf(s);
    const n1 = ai + bi,
      n2 = ci + di,
      N = n1 + n2;
    return { OE: ai - ((ai + ci) * n1) / N, V: ((ai + ci) * (bi + di) * n1 * n2) / (N * N * (N - 1)) };
  });
  const sumV = terms.reduce((a, t) => a + t.V, 0);
  const sumOE = terms.reduce((a, t) => a + t.OE, 0);
  const Q = terms.reduce((a, t) => a + (t.V > 0 ? (t.OE * t.OE) / t.V : 0), 0) - (sumOE * sumOE) / sumV;
  return { estimate: sumOE / sumV, se: 1 / Math.sqrt(sumV), Q: Math.max(0, Q), w: terms.map((t) => t.V), terms };
}

/** One RevMan 5 total (an outcome, or one subgroup) over `studies`. */
function total(input: AnalysisInput, studies: StudyInput[]): Total {
  const { measure, method } = input;
  const random = revmanModel(input) === 'random';
  // RevMan: 1/2 in every cell of a table with a zero cell, double-zero tables out of RR and OR; a
  // reviewer's add/to/drop00 still apply ("if0all" resolved over this total's studies).
  const zeroCells = resolveZeroCells(measure, studies, { ...cochraneZeroCells(measure), ...definedOnly(input) });
  const yi: (number | undefined)[] = [];
  const vi: (number | undefined)[] = [];
  const excluded: { id: string; reason: string }[] = [];
  const used: StudyInput[] = [];
  for (const s of studies) {
    const study = measure === 'GEN' && s.scale === undefined && input.scale ? { ...s, scale: input.scale } : s;
    const e = method === 'PETO' ? petoEffect(study, zeroCells) : revmanEffect(measure, study, zeroCells);
    if (e.ok) {
      yi.push(e.yi);
      vi.push(e.vi);
      used.push(study);
    } else {
      yi.push(undefined);
      vi.push(undefined);
      excluded.push({ id: s.id, reason: e.reason });
    }
  }
  const idx = yi.flatMap((y, i) => (y === undefined ? [] : [i]));
  if (idx.length === 0) {
    const why = excluded.map((e) => `${e.id}: ${e.reason}`).join('; ');
    throw new StatsError('input', `no usable study${why ? ` (${why})` : ''}`, 'studies', excluded[0]?.id);
  }
  const y = idx.map((i) => yi[i]!),
    v = idx.map((i) => vi[i]!),
    wIV = v.map((x) => 1 / x);
  const swIV = wIV.reduce((a, b) => a + b, 0);
  const Qdf = idx.length - 1;

  // The fixed-effect estimate and the raw weights of the chosen method.
  let fixed: number, fixedSE: number, raw: number[];
  let Q: number;
  if (method === 'MH') {
    const mh = mantelHaenszel(measure as 'RR' | 'OR' | 'RD', used, zeroCells);
    fixed = mh.estimate;
    fixedSE = mh.se;
    raw = mh.w;
    Q = y.reduce((a, yy, j) => a + wIV[j]! * (yy - fixed) ** 2, 0);
  } else if (method === 'PETO') {
    const p = peto(used);
    fixed = p.estimate;
    fixedSE = p.se;
    raw = p.w;
    Q = p.Q;
  } else {
    fixed = y.reduce((a, yy, j) => a + wIV[j]! * yy, 0) / swIV;
    fixedSE = Math.sqrt(1 / swIV);
    raw = wIV;
    Q = y.reduce((a, yy, j) => a + wIV[j]! * (yy - fixed) ** 2, 0);
  }
  // One study: no heterogeneity to speak of (Q is rounding residue), as RevMan reports.
  Q = Qdf > 0 ? Math.max(0, Q) : 0;
  const I2 = Qdf > 0 && Q > Qdf ? Math.min(100, (100 * (Q - Qdf)) / Q) : 0;

  let estimate = fixed,
    se = fixedSE,
    tau2 = 0,
    weights = raw;
  if (random) {
    // DerSimonian-Laird from Q (around the Mantel-Haenszel estimate for MH), inverse-variance weights.
    const denominator = wIV.reduce((a, w) => a + (w * (swIV - w)) / swIV, 0);
    tau2 = Qdf > 0 && denominator > 0 ? Math.max(0, (Q - Qdf) / denominator) : 0;
    weights = v.map((x) => 1 / (x + tau2));
    const sw = weights.reduce((a, b) => a + b, 0);
    estimate = y.reduce((a, yy, j) => a + weights[j]! * yy, 0) / sw;
    se = Math.sqrt(1 / sw);
  }
  const sumW = weights.reduce((a, b) => a + b, 0);
  const byStudy = new Array<number>(studies.length).fill(0);
  idx.forEach((i, j) => {
    byStudy[i] = (100 * weights[j]!) / sumW;
  });
  return { k: idx.length, estimate, se, tau2, Q, Qdf, I2, weights: byStudy, yi, vi, excluded };
}

function definedOnly(rule: ZeroCellRule): ZeroCellRule {
  const out: ZeroCellRule = {};
  if (rule.add !== undefined) out.add = rule.add;
  if (rule.to !== undefined) out.to = rule.to;
  if (rule.drop00 !== undefined) out.drop00 = rule.drop00;
  return out;
}

/** The study-level Peto log odds ratio (O - E)/V with variance 1/V, 1/2 added to tables with a zero cell. */
function petoEffect(s: StudyData, zeroCells: StudyZeroCells) {
  const raw = tableOf(s);
  if (zeroCells.drop00 && isDoubleZero(raw)) return { ok: false as const, reason: 'no events in either group' };
  const { ai, bi, ci, di } = raw;
  const n1 = ai + bi,
    n2 = ci + di,
    N = n1 + n2;
  const V = ((ai + ci) * (bi + di) * n1 * n2) / (N * N * (N - 1));
  if (!(V > 0)) return { ok: false as const, reason: 'no events, or only events, in both groups' };
  return { ok: true as const, yi: (ai - ((ai + ci) * n1) / N) / V, vi: 1 / V };
}

/** Pools an analysis under RevMan 5's conventions, with subgroup totals and the test for subgroup differences. */
export function poolRevMan5(input: AnalysisInput): AnalysisResult {
  const { measure, method } = input;
  if (!REVMAN_MEASURES.includes(measure))
    throw new StatsError('input', `RevMan 5 pools RR, OR, RD, MD, SMD and GEN, not ${measure}`, 'measure');
  if (method === 'MH' && measure !== 'RR' && measure !== 'OR' && measure !== 'RD')
    throw new StatsError('input', `Mantel-Haenszel needs measure RR, OR or RD, not ${measure}`, 'method');
  if (method === 'PETO' && measure !== 'OR')
    throw new StatsError('input', `Peto's method needs measure OR, not ${measure}`, 'method');
  if (method !== 'MH' && method !== 'PETO' && method !== 'FE' && method !== 'DL')
    throw new StatsError(
      'input',
      `RevMan 5 offers fixed effect (FE, MH, PETO) and DerSimonian-Laird random effects (DL, or MH with model "random"), not ${method}`,
      'method',
    );
  if (method === 'PETO' && input.model === 'random')
    throw new StatsError('input', "RevMan 5 has no random-effects Peto's method", 'model');
  if (input.test === 'knha') throw new StatsError('input', 'RevMan 5 has no Hartung-Knapp test', 'test');
  const asked = (['leave1out', 'cumulative', 'regtest', 'trimfill'] as const).find((a) => input[a]);
  if (asked) throw new StatsError('input', `${asked} is not part of RevMan 5's analyses`, asked);
  const level = input.level ?? 95;
  const crit = criticalValue(level);
  const t = total(input, input.studies);
  const result: AnalysisResult = {
    k: t.k,
    estimate: t.estimate,
    se: t.se,
    ci_lb: t.estimate - crit * t.se,
    ci_ub: t.estimate + crit * t.se,
    stat: t.estimate / t.se,
    pval: twoSidedNormalP(t.estimate / t.se),
    ...(revmanModel(input) === 'random' ? { tau2: t.tau2, tau: Math.sqrt(t.tau2) } : {}),
    I2: t.I2,
    H2: t.Qdf > 0 ? t.Q / t.Qdf : 1,
    Q: t.Q,
    Qdf: t.Qdf,
    Qp: t.Qdf > 0 ? pchisqUpper(t.Q, t.Qdf) : 1,
    studies: input.studies.map((s, i) => ({
      id: s.id,
      ...(t.yi[i] === undefined ? {} : { yi: t.yi[i], vi: t.vi[i] }),
      weight: t.weights[i]!,
    })),
  };
  const ratio =
    measure === 'RR' ||
    measure === 'OR' ||
    (measure === 'GEN' && input.studies.every((s) => (s.scale ?? input.scale) === 'log'));
  if (ratio)
    result.transformed = {
      estimate: Math.exp(result.estimate),
      ci_lb: Math.exp(result.ci_lb),
      ci_ub: Math.exp(result.ci_ub),
    };
  if (t.excluded.length) result.excluded = t.excluded;
  if (input.studies.some((s) => s.subgroup !== undefined)) result.subgroups = subgroups(input, crit);
  return result;
}

/**
 * Subgroup totals, each pooled on its own (its own τ² under random effects), and RevMan 5's test for
 * subgroup differences: Q between the subgroup estimates with inverse squared-SE weights, with its I².
 */
function subgroups(input: AnalysisInput, crit: number): SubgroupResult {
  const missing = input.studies.find((s) => s.subgroup === undefined);
  if (missing)
    throw new StatsError('input', 'every study needs a subgroup label when any has one', 'subgroup', missing.id);
  const names = [...new Set(input.studies.map((s) => s.subgroup!))];
  const excluded: { subgroup: string; reason: string }[] = [];
  const groups = names.flatMap((g) => {
    let t: Total;
    try {
      t = total(
        input,
        input.studies.filter((s) => s.subgroup === g),
      );
    } catch (error) {
      // A subgroup with nothing to pool (all double-zero) is "not estimable" in RevMan: listed, not fatal.
      if (!(error instanceof StatsError)) throw error;
      excluded.push({ subgroup: g, reason: error.message });
      return [];
    }
    return [
      {
        subgroup: g,
        k: t.k,
        estimate: t.estimate,
        se: t.se,
        stat: t.estimate / t.se,
        pval: twoSidedNormalP(t.estimate / t.se),
        ci_lb: t.estimate - crit * t.se,
        ci_ub: t.estimate + crit * t.se,
        Q: t.Q,
        Qp: t.Qdf > 0 ? pchisqUpper(t.Q, t.Qdf) : 1,
        I2: t.I2,
        H2: t.Qdf > 0 ? t.Q / t.Qdf : 1,
        ...(revmanModel(input) === 'random' ? { tau2: t.tau2 } : {}),
      },
    ];
  });
  const w = groups.map((g) => 1 / (g.se * g.se));
  const sw = w.reduce((a, b) => a + b, 0);
  const mean = groups.reduce((a, g, i) => a + w[i]! * g.estimate, 0) / sw;
  const Qb = Math.max(
    0,
    groups.reduce((a, g, i) => a + w[i]! * (g.estimate - mean) ** 2, 0),
  );
  const df = groups.length - 1;
  return {
    groups,
    Qb,
    Qb_df: df,
    Qb_p: df > 0 ? pchisqUpper(Qb, df) : 1,
    Qb_I2: df > 0 && Qb > df ? (100 * (Qb - df)) / Qb : 0,
    ...(excluded.length ? { excluded } : {}),
  };
}
