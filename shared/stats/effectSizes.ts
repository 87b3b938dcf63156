// Study-level effect sizes and their sampling variances, as metafor's escalc() computes them (metafor 3.8,
// default vtype "LS"), with metafor's argument names. Layer: shared (pure TypeScript).
// Formulas: Viechtbauer 2010 (J Stat Softw 36:3) and the escalc() help page; Cochrane Handbook 6.4 and 6.5.
import gammaln from '@stdlib/math-base-special-gammaln';
import { qnorm } from './distributions';

export const MEASURES = [
  'RR',
  'OR',
  'RD',
  'MD',
  'SMD',
  'ROM',
  'PR',
  'PLO',
  'PAS',
  'PFT',
  'MN',
  'MC',
  'SMCR',
  'ZCOR',
  'GEN',
] as const;
export type Measure = (typeof MEASURES)[number];

/** One study's data, under metafor's argument names; which fields are needed depends on the measure. */
export interface StudyData {
  ai?: number;
  n1i?: number;
  ci?: number;
  n2i?: number;
  m1i?: number;
  sd1i?: number;
  m2i?: number;
  sd2i?: number;
  xi?: number;
  ni?: number;
  mi?: number;
  sdi?: number;
  ri?: number;
  yi?: number;
  vi?: number;
  sei?: number;
  ci_lb?: number;
  ci_ub?: number;
  /** GEN only: "log" when yi and the CI are ratios (hazard ratio, ...) to be pooled on the log scale. */
  scale?: 'log' | 'identity';
  /** GEN only: the confidence level (percent) of ci_lb and ci_ub; 95 unless given. */
  ci_level?: number;
}

export type EffectSize = { ok: true; yi: number; vi: number } | { ok: false; reason: string };

/** The fields each measure reads (metafor's names), for validation and documentation. */
export const MEASURE_FIELDS: Record<Measure, readonly string[]> = {
  RR: ['ai', 'n1i', 'ci', 'n2i'],
  OR: ['ai', 'n1i', 'ci', 'n2i'],
  RD: ['ai', 'n1i', 'ci', 'n2i'],
  MD: ['m1i', 'sd1i', 'n1i', 'm2i', 'sd2i', 'n2i'],
  SMD: ['m1i', 'sd1i', 'n1i', 'm2i', 'sd2i', 'n2i'],
  ROM: ['m1i', 'sd1i', 'n1i', 'm2i', 'sd2i', 'n2i'],
  PR: ['xi', 'ni'],
  PLO: ['xi', 'ni'],
  PAS: ['xi', 'ni'],
  PFT: ['xi', 'ni'],
  MN: ['mi', 'sdi', 'ni'],
  MC: ['m1i', 'm2i', 'sd1i', 'sd2i', 'ni', 'ri'],
  SMCR: ['m1i', 'm2i', 'sd1i', 'ni', 'ri'],
  ZCOR: ['ri', 'ni'],
  GEN: ['yi'],
};

const ok = (yi: number, vi: number): EffectSize =>
  Number.isFinite(yi) && Number.isFinite(vi) && vi > 0
    ? { ok: true, yi, vi }
    : { ok: false, reason: 'effect size or variance not finite' };
const fail = (reason: string): EffectSize => ({ ok: false, reason });

/** A 2x2 table: events and non-events per arm. */
export interface Table2x2 {
  ai: number;
  bi: number;
  ci: number;
  di: number;
}

export function tableOf(s: StudyData): Table2x2 {
  const ai = s.ai ?? NaN,
    ci = s.ci ?? NaN;
  return { ai, bi: (s.n1i ?? NaN) - ai, ci, di: (s.n2i ?? NaN) - ci };
}

/** Both arms without events, or both arms all events: metafor's drop00 condition. */
export function isDoubleZero(t: Table2x2): boolean {
  return (t.ai === 0 && t.ci === 0) || (t.bi === 0 && t.di === 0);
}

/** Where escalc adds `add` to the cells (metafor's `to`): every study, studies with a zero cell, every study if any has one, none. */
export const ZERO_CELL_TO = ['all', 'only0', 'if0all', 'none'] as const;
export type ZeroCellTo = (typeof ZERO_CELL_TO)[number];

/**
 * metafor's escalc() arguments for counts: `add` (1/2) goes to the cells chosen by `to` ("only0"), and with
 * `drop00` studies with no events (or only events) in both groups are left out before that.
 */
export interface ZeroCellRule {
  add?: number;
  to?: ZeroCellTo;
  drop00?: boolean;
}

/** A rule with "if0all" resolved for one study: whether some study of the analysis has a zero cell. */
export interface StudyZeroCells {
  add: number;
  to: 'all' | 'only0' | 'none';
  drop00: boolean;
}

/** metafor's defaults for escalc() and rma.uni(): add 1/2 to tables with a zero cell, keep double-zero tables. */
export const METAFOR_ZERO_CELLS: Required<ZeroCellRule> = { add: 0.5, to: 'only0', drop00: false };

/** Cochrane's exclusion: double-zero studies carry no information on a ratio and are left out; 1/2 added to tables with a zero cell. */
export function cochraneZeroCells(measure: Measure): Required<ZeroCellRule> {
  return { add: 0.5, to: 'only0', drop00: measure === 'RR' || measure === 'OR' };
}

const defaultAdd = (measure: Measure) => (measure === 'PAS' || measure === 'PFT' ? 0 : 0.5);

/** Resolves `to` = "if0all" for a set of studies (any zero cell among the studies not dropped). */
export function resolveZeroCells(measure: Measure, studies: StudyData[], rule: ZeroCellRule = {}): StudyZeroCells {
  const add = rule.add ?? defaultAdd(measure);
  const drop00 = rule.drop00 ?? false;
  const to = rule.to ?? 'only0';
  if (to !== 'if0all') return { add, to, drop00 };
  const any = studies.some((s) => {
    if (measure === 'RR' || measure === 'OR' || measure === 'RD') {
      const t = tableOf(s);
      return !(drop00 && isDoubleZero(t)) && (t.ai === 0 || t.bi === 0 || t.ci === 0 || t.di === 0);
    }
    return s.xi === 0 || s.xi === s.ni;
  });
  return { add, to: any ? 'all' : 'none', drop00 };
}

/** Adds `add` to every cell of a table, when `to` says so ("all", or "only0" and a cell is 0). */
export function correctTable(t: Table2x2, add = 0.5, to: 'all' | 'only0' | 'none' = 'only0'): Table2x2 {
  const zero = t.ai === 0 || t.bi === 0 || t.ci === 0 || t.di === 0;
  if (to === 'all' || (to === 'only0' && zero)) {
    return { ai: t.ai + add, bi: t.bi + add, ci: t.ci + add, di: t.di + add };
  }
  return t;
}

/** Log risk ratio, log odds ratio or risk difference of a 2x2 table (Cochrane Handbook 6.4.1). */
function binary(measure: 'RR' | 'OR' | 'RD', s: StudyData, rule: StudyZeroCells): EffectSize {
  const raw = tableOf(s);
  // With drop00 a study with no events (or only events) in both arms is left out (metafor's escalc).
  if (rule.drop00 && isDoubleZero(raw)) {
    return fail(raw.ai === 0 ? 'no events in either group' : 'all participants had events in both groups');
  }
  const { ai, bi, ci, di } = correctTable(raw, rule.add, rule.to);
  const n1 = ai + bi,
    n2 = ci + di;
  const p1 = ai / n1,
    p2 = ci / n2;
  if (measure === 'RR') return ok(Math.log(p1) - Math.log(p2), 1 / ai - 1 / n1 + 1 / ci - 1 / n2);
  if (measure === 'OR') return ok(Math.log(p1 / (1 - p1)) - Math.log(p2 / (1 - p2)), 1 / ai + 1 / bi + 1 / ci + 1 / di);
  return ok(p1 - p2, (p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
}

/** Hedges' exact small-sample correction c(m) = Γ(m/2) / (√(m/2) Γ((m-1)/2)) (Hedges 1981). */
export function hedgesCorrection(m: number): number {
  return Math.exp(gammaln(m / 2) - Math.log(Math.sqrt(m / 2)) - gammaln((m - 1) / 2));
}

/** Proportions: raw (PR), logit (PLO), arcsine (PAS), Freeman-Tukey double arcsine (PFT). */
function proportion(measure: 'PR' | 'PLO' | 'PAS' | 'PFT', s: StudyData, rule: StudyZeroCells): EffectSize {
  // escalc adds `add` to events and non-events (every study, or those where either is zero); its default
  // `add` is 1/2 for PR and PLO and 0 for PAS and PFT.
  const zero = s.xi === 0 || s.xi === s.ni;
  const add = rule.to === 'all' || (rule.to === 'only0' && zero) ? rule.add : 0;
  const x0 = (s.xi ?? NaN) + add,
    n0 = (s.ni ?? NaN) + 2 * add;
  if (measure === 'PAS') return ok(Math.asin(Math.sqrt(x0 / n0)), 1 / (4 * n0));
  // Freeman & Tukey 1950; variance 1/(4n + 2) (Miller 1978).
  if (measure === 'PFT') {
    return ok(
      0.5 * (Math.asin(Math.sqrt(x0 / (n0 + 1))) + Math.asin(Math.sqrt((x0 + 1) / (n0 + 1)))),
      1 / (4 * n0 + 2),
    );
  }
  const x = x0,
    n = n0;
  const p = x / n;
  if (measure === 'PR') return ok(p, (p * (1 - p)) / n);
  return ok(Math.log(p / (1 - p)), 1 / x + 1 / (n - x));
}

/**
 * Effect size and sampling variance of one study for a measure, as metafor's escalc(); `zeroCells` is
 * metafor's add/to/drop00 for counts (its defaults unless given; "if0all" needs resolveZeroCells()).
 */
export function escalc(measure: Measure, s: StudyData, zeroCells: ZeroCellRule = {}): EffectSize {
  const rule =
    zeroCells.to === 'if0all' ? resolveZeroCells(measure, [s], zeroCells) : resolveZeroCells(measure, [], zeroCells);
  switch (measure) {
    case 'RR':
    case 'OR':
    case 'RD':
      return binary(measure, s, rule);
    case 'MD': {
      const { m1i, sd1i, n1i, m2i, sd2i, n2i } = s as Required<StudyData>;
      return ok(m1i - m2i, (sd1i * sd1i) / n1i + (sd2i * sd2i) / n2i);
    }
    case 'SMD': {
      // Hedges' g with the exact bias correction; large-sample variance (metafor vtype "LS").
      const { m1i, sd1i, n1i, m2i, sd2i, n2i } = s as Required<StudyData>;
      const m = n1i + n2i - 2;
      if (m < 2) return fail('fewer than 2 degrees of freedom for the pooled SD');
      const sp = Math.sqrt(((n1i - 1) * sd1i * sd1i + (n2i - 1) * sd2i * sd2i) / m);
      const g = (hedgesCorrection(m) * (m1i - m2i)) / sp;
      return ok(g, 1 / n1i + 1 / n2i + (g * g) / (2 * (n1i + n2i)));
    }
    case 'ROM': {
      const { m1i, sd1i, n1i, m2i, sd2i, n2i } = s as Required<StudyData>;
      if (!(m1i > 0 && m2i > 0)) return fail('ratio of means needs positive means in both groups');
      return ok(Math.log(m1i / m2i), (sd1i * sd1i) / (n1i * m1i * m1i) + (sd2i * sd2i) / (n2i * m2i * m2i));
    }
    case 'PR':
    case 'PLO':
    case 'PAS':
    case 'PFT':
      return proportion(measure, s, rule);
    case 'MN': {
      const { mi, sdi, ni } = s as Required<StudyData>;
      return ok(mi, (sdi * sdi) / ni);
    }
    case 'MC': {
      // Raw mean change; SD of the change from the two SDs and their correlation (Cochrane Handbook 6.5.2.8).
      const { m1i, m2i, sd1i, sd2i, ni, ri } = s as Required<StudyData>;
      const sdd2 = sd1i * sd1i + sd2i * sd2i - 2 * ri * sd1i * sd2i;
      return ok(m1i - m2i, sdd2 / ni);
    }
    case 'SMCR': {
      // Standardised mean change with raw score standardisation (Becker 1988): the change over the SD at
      // baseline (sd1i), Hedges' correction with n - 1 degrees of freedom; large-sample variance with the
      // pre/post correlation (metafor vtype "LS").
      const { m1i, m2i, sd1i, ni, ri } = s as Required<StudyData>;
      if (!(ni - 1 > 1)) return fail('a standardised mean change needs at least 3 participants');
      const yi = (hedgesCorrection(ni - 1) * (m1i - m2i)) / sd1i;
      return ok(yi, (2 * (1 - ri)) / ni + (yi * yi) / (2 * ni));
    }
    case 'ZCOR': {
      // Fisher's r-to-z transformation (Fisher 1921), variance 1/(n - 3).
      const { ri, ni } = s as Required<StudyData>;
      if (!(ni > 3)) return fail('Fisher z needs more than 3 participants');
      if (Math.abs(ri) >= 1) return fail('correlation of exactly ±1');
      return ok(Math.atanh(ri), 1 / (ni - 3));
    }
    case 'GEN':
      return generic(s);
  }
}

/** Generic inverse variance: yi with vi, or sei, or a confidence interval (Cochrane Handbook 6.3.1). */
function generic(s: StudyData): EffectSize {
  const log = s.scale === 'log';
  const f = (x: number) => (log ? Math.log(x) : x);
  if (log && ((s.yi !== undefined && !(s.yi > 0)) || (s.ci_lb !== undefined && !(s.ci_lb > 0)))) {
    return fail('ratio and its confidence limits must be positive on the log scale');
  }
  let yi = s.yi === undefined ? undefined : f(s.yi);
  if (s.vi !== undefined && yi !== undefined) return ok(yi, s.vi);
  if (s.sei !== undefined && yi !== undefined) return ok(yi, s.sei * s.sei);
  if (s.ci_lb !== undefined && s.ci_ub !== undefined) {
    const lb = f(s.ci_lb),
      ub = f(s.ci_ub);
    const z = qnorm(1 - (1 - (s.ci_level ?? 95) / 100) / 2);
    const se = (ub - lb) / (2 * z);
    yi ??= (lb + ub) / 2;
    return ok(yi, se * se);
  }
  return fail('needs yi with vi, sei, or ci_lb and ci_ub');
}
