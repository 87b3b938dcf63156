// One meta-analysis from study data to the result `caliper pool` prints and the analysis view shows:
// effect sizes (escalc), pooling (inverse variance, Mantel-Haenszel or Peto), heterogeneity with its
// Q-profile interval, prediction interval and natural-scale results. Layer: shared (pure TypeScript).
import { confintTau2 } from './confint';
import {
  cochraneZeroCells,
  escalc,
  MEASURE_FIELDS,
  METAFOR_ZERO_CELLS,
  resolveZeroCells,
  type Measure,
  type StudyData,
  type ZeroCellRule,
} from './effectSizes';
import { StatsError } from './errors';
import { poolMantelHaenszel, type TablePoolResult } from './mantelHaenszel';
import { poolPeto } from './peto';
import { pool, type PoolMethod, type PoolTest } from './pool';
import { regtest, trimfill, type RegtestResult, type TrimfillResult } from './publicationBias';
import { cumulative, leaveOneOut, subgroupAnalysis, type RefitRow, type SubgroupResult } from './sensitivity';
import { naturalScale } from './transforms';
import { poolRevMan5 } from './revman5';

export const METHODS = ['FE', 'DL', 'REML', 'ML', 'PM', 'HE', 'SJ', 'EB', 'HS', 'MH', 'PETO'] as const;
export type Method = (typeof METHODS)[number];

export interface StudyInput extends StudyData {
  id: string;
  /** Subgroup label, for a subgroup analysis. */
  subgroup?: string;
}

/** Further analyses of an inverse-variance model, each asked for by name. */
export interface ExtraAnalyses {
  leave1out?: boolean;
  cumulative?: boolean;
  regtest?: boolean;
  trimfill?: boolean;
}

/**
 * Whose conventions the numbers follow: metafor's (the default: escalc, rma.uni, rma.mh, rma.peto) or
 * RevMan 5's (Deeks & Higgins 2010, "Statistical algorithms in Review Manager 5"; revman5.ts).
 */
export type Convention = 'metafor' | 'revman5';

export interface AnalysisInput extends ExtraAnalyses, ZeroCellRule {
  measure: Measure;
  convention?: Convention;
  /** RevMan 5 only: fixed or random effects for MH (DL is random, FE fixed for inverse variance). */
  model?: 'fixed' | 'random';
  method: Method;
  test?: PoolTest;
  /** Confidence level in percent. */
  level?: number;
  /** GEN only: "log" when yi and the CIs are ratios, for every study that does not say otherwise. */
  scale?: 'log' | 'identity';
  studies: StudyInput[];
}

export interface StudyResult {
  id: string;
  yi?: number;
  vi?: number;
  /** Weight in percent. */
  weight: number;
}

export interface AnalysisResult {
  k: number;
  estimate: number;
  se: number;
  ci_lb: number;
  ci_ub: number;
  pi_lb?: number;
  pi_ub?: number;
  stat: number;
  pval: number;
  /** Degrees of freedom of the t test (test "knha"). */
  df?: number;
  tau2?: number;
  tau?: number;
  I2: number;
  H2: number;
  Q: number;
  Qdf: number;
  Qp: number;
  /** Q-profile intervals, each [estimate, lower, upper] (random-effects models with k ≥ 2). */
  confint?: { tau2: number[]; tau: number[]; I2: number[]; H2: number[] };
  studies: StudyResult[];
  transformed?: { estimate: number; ci_lb: number; ci_ub: number; pi_lb?: number; pi_ub?: number };
  /** Studies left out because their effect is not estimable, with the reason. */
  excluded?: { id: string; reason: string }[];
  /** Present when asked for (inverse-variance models), or when studies carry a subgroup label. */
  leave1out?: RefitRow[];
  cumulative?: RefitRow[];
  subgroups?: SubgroupResult;
  regtest?: RegtestResult;
  trimfill?: TrimfillResult;
}

/**
 * The double-zero rule an analysis follows, by name: "cochrane" (the app's default: double-zero studies
 * left out of RR and OR, Cochrane Handbook 10.4.4.1) or "metafor" (rma.uni's default: kept, with 1/2 in
 * every cell). Spread the answer into an AnalysisInput; a reviewer's own add/to/drop00 may follow it.
 */
export type ZeroCellRuleName = 'cochrane' | 'metafor';

export function zeroCellRule(name: ZeroCellRuleName, measure: Measure): Required<ZeroCellRule> {
  return name === 'cochrane' ? cochraneZeroCells(measure) : { ...METAFOR_ZERO_CELLS };
}

/** An analysis that cannot be run as asked (no usable study, a method that does not fit the measure). */
export class AnalysisError extends StatsError {
  constructor(message: string, field: string, study?: string) {
    super('input', message, field, study);
    this.name = 'AnalysisError';
  }
}

function tablePooling(input: AnalysisInput, level: number): AnalysisResult {
  const { measure, method } = input;
  if (method === 'MH' && measure !== 'RR' && measure !== 'OR' && measure !== 'RD') {
    throw new AnalysisError(`Mantel-Haenszel needs measure RR, OR or RD, not ${measure}`, 'method');
  }
  if (method === 'PETO' && measure !== 'OR')
    throw new AnalysisError(`Peto's method needs measure OR, not ${measure}`, 'method');
  if (input.studies.length === 0) throw new AnalysisError('no usable study', 'studies');
  const zeroCells = { add: input.add, to: input.to, drop00: input.drop00 ?? true };
  const r: TablePoolResult =
    method === 'MH'
      ? poolMantelHaenszel(measure as 'RR' | 'OR' | 'RD', input.studies, level, zeroCells)
      : poolPeto(input.studies, level, zeroCells);
  if (!Number.isFinite(r.estimate) || !Number.isFinite(r.se)) {
    throw new AnalysisError(
      'no usable study: the pooled estimate is not estimable (no events, or only events, in every study)',
      'studies',
    );
  }
  const result: AnalysisResult = {
    k: r.k,
    estimate: r.estimate,
    se: r.se,
    ci_lb: r.ci_lb,
    ci_ub: r.ci_ub,
    stat: r.stat,
    pval: r.pval,
    I2: r.I2,
    H2: r.H2,
    Q: r.Q,
    Qdf: r.Qdf,
    Qp: r.Qp,
    studies: input.studies.map((s, i) => ({
      id: s.id,
      ...(r.yi[i] === undefined ? {} : { yi: r.yi[i], vi: r.vi[i] }),
      weight: r.weights[i]!,
    })),
  };
  if (measure !== 'RD') {
    result.transformed = { estimate: Math.exp(r.estimate), ci_lb: Math.exp(r.ci_lb), ci_ub: Math.exp(r.ci_ub) };
  }
  return result;
}

/**
 * Runs one analysis as `caliper pool` describes it. Throws StatsError (AnalysisError for input that cannot
 * be pooled, ConvergenceError, SingularError) naming the field and study, never anything else on purpose;
 * every number it returns is finite (or Infinity where metafor's is) and within its range.
 */
export function runAnalysis(input: AnalysisInput): AnalysisResult {
  if (input.convention === 'revman5') return checkResult(poolRevMan5(input));
  return checkResult(runMetafor(input));
}

function runMetafor(input: AnalysisInput): AnalysisResult {
  const level = input.level ?? 95;
  if (input.method === 'MH' || input.method === 'PETO') {
    if (input.test === 'knha')
      throw new AnalysisError(`test "knha" applies to inverse-variance models, not ${input.method}`, 'test');
    const asked = (['leave1out', 'cumulative', 'regtest', 'trimfill'] as const).find((a) => input[a]);
    if (asked)
      throw new AnalysisError(
        `${asked} needs an inverse-variance method (FE, DL, REML, ...), not ${input.method}`,
        asked,
      );
    if (input.studies.some((s) => s.subgroup !== undefined)) {
      throw new AnalysisError(`subgroup analysis needs an inverse-variance method, not ${input.method}`, 'subgroup');
    }
    return tablePooling(input, level);
  }
  const used: StudyInput[] = [];
  const yi: number[] = [],
    vi: number[] = [];
  const excluded: { id: string; reason: string }[] = [];
  const zeroCells = resolveZeroCells(input.measure, input.studies, input);
  for (const s of input.studies) {
    const study = input.measure === 'GEN' && s.scale === undefined && input.scale ? { ...s, scale: input.scale } : s;
    const es = escalc(input.measure, study, zeroCells);
    if (es.ok) checkWeighable(input.measure, study, es.yi, es.vi);
    if (es.ok) {
      used.push(study);
      yi.push(es.yi);
      vi.push(es.vi);
    } else excluded.push({ id: s.id, reason: es.reason });
  }
  if (used.length === 0) {
    const why = excluded.map((e) => `${e.id}: ${e.reason}`).join('; ');
    throw new AnalysisError(`no usable study${why ? ` (${why})` : ''}`, 'studies', excluded[0]?.id);
  }
  const method: PoolMethod = input.method;
  const r = pool(yi, vi, { method, test: input.test ?? 'z', level });
  const result: AnalysisResult = {
    k: r.k,
    estimate: r.estimate,
    se: r.se,
    ci_lb: r.ci_lb,
    ci_ub: r.ci_ub,
    ...(r.pi_lb === undefined ? {} : { pi_lb: r.pi_lb, pi_ub: r.pi_ub }),
    stat: r.stat,
    pval: r.pval,
    ...(r.df === undefined ? {} : { df: r.df }),
    ...(method === 'FE' ? {} : { tau2: r.tau2, tau: Math.sqrt(r.tau2) }),
    I2: r.I2,
    H2: r.H2,
    Q: r.Q,
    Qdf: r.Qdf,
    Qp: r.Qp,
    studies: used.map((s, i) => ({ id: s.id, yi: yi[i]!, vi: vi[i]!, weight: r.weights[i]! })),
  };
  if (method !== 'FE' && r.k > 1) result.confint = confintTau2(yi, vi, r.tau2, r.vt, level);
  const logScale = input.measure === 'GEN' && used.every((s) => s.scale === 'log');
  if (input.measure === 'GEN' && !logScale && used.some((s) => s.scale === 'log')) {
    throw new AnalysisError(
      'GEN studies mix the log scale (ratios) with the identity scale',
      'scale',
      used.find((s) => s.scale !== 'log')?.id,
    );
  }
  const back = naturalScale(input.measure, { ni: used.map((s) => s.ni ?? NaN), logScale });
  if (back) {
    result.transformed = { estimate: back(r.estimate), ci_lb: back(r.ci_lb), ci_ub: back(r.ci_ub) };
    if (r.pi_lb !== undefined && r.pi_ub !== undefined) {
      result.transformed.pi_lb = back(r.pi_lb);
      result.transformed.pi_ub = back(r.pi_ub);
    }
  }
  if (excluded.length) result.excluded = excluded;
  const options = { method, test: input.test ?? 'z', level };
  const ids = used.map((s) => s.id);
  if (input.leave1out && r.k > 1) result.leave1out = leaveOneOut(ids, yi, vi, options);
  if (input.cumulative) result.cumulative = cumulative(ids, yi, vi, options);
  if (used.some((s) => s.subgroup !== undefined)) {
    const missing = used.find((s) => s.subgroup === undefined);
    if (missing) throw new AnalysisError('every study needs a subgroup label when any has one', 'subgroup', missing.id);
    result.subgroups = subgroupAnalysis(
      used.map((s) => s.subgroup!),
      yi,
      vi,
      options,
    );
  }
  if (input.regtest || input.trimfill) {
    if (r.k < 3)
      throw new AnalysisError(
        "Egger's test and trim-and-fill need at least 3 studies",
        input.regtest ? 'regtest' : 'trimfill',
      );
    if (input.regtest) result.regtest = blame('regtest', () => regtest(yi, vi, options));
    if (input.trimfill) result.trimfill = blame('trimfill', () => trimfill(yi, vi, { method }));
  }
  return result;
}

/** Runs an extra analysis; its StatsError names that analysis as the field (the method's tau², Egger's model...). */
function blame<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof StatsError) throw new StatsError(error.code, `${field}: ${error.message}`, field, error.study);
    throw error;
  }
}

/** The input field behind a study's sampling variance, to name in an error. */
function varianceField(measure: Measure, s: StudyData): string {
  if (measure === 'GEN') return s.vi !== undefined ? 'vi' : s.sei !== undefined ? 'sei' : 'ci_lb';
  if (measure === 'MD' || measure === 'SMD' || measure === 'ROM') return 'sd1i';
  if (measure === 'MN') return 'sdi';
  return measure === 'RR' || measure === 'OR' || measure === 'RD' ? 'n1i' : 'ni';
}

/**
 * A study whose weight 1/vi (or w·yi²) overflows would turn every sum into Infinity or NaN: refused, naming
 * the study and the field, instead of printing a null estimate.
 */
function checkWeighable(measure: Measure, s: StudyInput, yi: number, vi: number): void {
  const w = 1 / vi;
  if (!Number.isFinite(w)) {
    throw new AnalysisError(
      `sampling variance ${vi} is too close to 0 to weight (1/vi overflows): check the study's values`,
      varianceField(measure, s),
      s.id,
    );
  }
  if (!Number.isFinite(w * yi * yi)) {
    throw new AnalysisError(
      `effect size ${yi} with variance ${vi} is too extreme to pool (w·yi² overflows)`,
      measure === 'GEN' ? 'yi' : MEASURE_FIELDS[measure][0]!,
      s.id,
    );
  }
}

const RANGES: Record<string, [number, number]> = {
  I2: [0, 100],
  pval: [0, 1],
  Qp: [0, 1],
  Qb_p: [0, 1],
  weight: [0, 100],
};
const NON_NEGATIVE = new Set(['tau2', 'tau', 'se', 'Q', 'Qb', 'vi', 'se_k0', 'k0']);

/**
 * Walks a result: a NaN or infinity where a number should be is an error naming its field (JSON would print
 * null); values a rounding step pushed just outside their range (I² of 100.00000000000001) are put back.
 */
function checkResult(result: AnalysisResult): AnalysisResult {
  const walk = (value: unknown, key: string, path: string): unknown => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        // As metafor: natural-scale limits may overflow (exp of a huge log ratio), and a test statistic is
        // infinite when its SE is 0 (Hartung-Knapp on identical studies).
        if ((path.startsWith('transformed') || key === 'stat') && !Number.isNaN(value)) return value;
        throw new StatsError('not_finite', `${path} is ${value}: the studies are too extreme to pool`, path);
      }
      const range = RANGES[key];
      if (range) return Math.min(range[1], Math.max(range[0], value));
      if (NON_NEGATIVE.has(key)) return Math.max(0, value);
      return value;
    }
    if (Array.isArray(value)) {
      // confint rows are [estimate, lower, upper] of the quantity named by the key.
      return value.map((v, i) => walk(v, typeof v === 'number' ? key : String(i), `${path}[${i}]`));
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, path ? `${path}.${k}` : k);
      return out;
    }
    return value;
  };
  return walk(result, '', '') as AnalysisResult;
}
