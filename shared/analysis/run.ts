// Runs an analysis: its study rows (derived from the values now) through the pooling core
// (shared/stats/analysis.ts, the one call behind `caliper pool`), with the rows' effects on the natural
// scale for the forest plot, subgroups, leave-one-out, cumulative by year, the sensitivity table and
// the small-study tests. The core always sees the rows in one canonical order (study label, then id),
// so the display order never changes a number. Layer: shared (pure TypeScript).
import { runAnalysis, type AnalysisInput, type AnalysisResult, type StudyInput } from '../stats/analysis';
import { qnorm } from '../stats/distributions';
import { StatsError } from '../stats/errors';
import type { Measure } from '../stats/effectSizes';
import type { RefitRow } from '../stats/sensitivity';
import { iarcsin, ilogit, ipft } from '../stats/transforms';
import type { OutcomeDefinition } from '../model/extraction';
import { coreMethod, describeMethod, RATIO_MEASURES, type Analysis } from './model';
import { studyRow, type AnalysisStudy, type StudyRow } from './rows';

export type Interval = { estimate: number; ci_lb: number; ci_ub: number; pi_lb?: number; pi_ub?: number };

export interface RowResult extends StudyRow {
  /** Effect and variance on the analysis scale (log for ratios), when the row entered. */
  yi: number | null;
  vi: number | null;
  /** Weight in percent; null for a row that did not enter. */
  weight: number | null;
  /** The study's effect and CI on the natural scale. */
  effect: Interval | null;
}

export interface SummaryRow {
  label: string;
  k: number;
  /** Natural scale. */
  effect: Interval;
  tau2?: number;
  I2: number;
  Q: number;
  pval: number;
}

export interface AnalysisRun {
  analysisId: string;
  name: string;
  outcome: { id: string; name: string; dataType: OutcomeDefinition['dataType']; unit: string | null };
  timepoint: string;
  measure: Measure;
  /** "Risk ratio, M-H, common, 95% CI" */
  method: string;
  /** The core's method name (REML, DL, FE, MH, PETO, ...). */
  coreMethod: string;
  /** Drawn on a log axis (ratios). */
  logScale: boolean;
  /** The line of no effect on the natural scale (1 for ratios, 0 for differences), null for one group. */
  nullValue: number | null;
  /** In display order (settings.sort). */
  rows: RowResult[];
  /** The pooled result as `caliper pool` prints it; null when nothing could be pooled. */
  result: AnalysisResult | null;
  /** Why nothing could be pooled. */
  error: string | null;
  /** The pooled effect on the natural scale. */
  summary: Interval | null;
  subgroups: (SummaryRow & { subgroup: string; rows: string[] })[] | null;
  subgroupTest: { Q: number; df: number; pval: number } | null;
  leave1out: (RefitRow & { effect: Interval })[] | null;
  cumulative: (RefitRow & { effect: Interval; year: number | null })[] | null;
  sensitivity: SummaryRow[];
  regtest: AnalysisResult['regtest'] | null;
  trimfill: { k0: number; side: 'left' | 'right'; effect: Interval } | null;
  notes: string[];
}

export interface RunOptions {
  /**
   * Leave-one-out and cumulative refits (k models each), Egger's test and trim-and-fill: asked for by
   * the views that show them, so re-pooling after a change stays fast.
   */
  refits?: boolean;
}

/** The natural-scale transform of one study's effect (PFT back-transforms with the study's own n). */
function studyBack(measure: Measure, logScale: boolean, ni: number | undefined): (x: number) => number {
  if (RATIO_MEASURES.includes(measure) || (measure === 'GEN' && logScale)) return Math.exp;
  if (measure === 'PLO') return ilogit;
  if (measure === 'PAS') return iarcsin;
  if (measure === 'PFT') return (x) => ipft(x, ni ?? NaN);
  if (measure === 'ZCOR') return Math.tanh;
  return (x) => x;
}

/** The pooled effect on the natural scale: the core's back-transformed values where it gives them. */
function pooledInterval(
  r: { estimate: number; ci_lb: number; ci_ub: number; pi_lb?: number; pi_ub?: number },
  back: (x: number) => number,
): Interval {
  const out: Interval = { estimate: back(r.estimate), ci_lb: back(r.ci_lb), ci_ub: back(r.ci_ub) };
  if (r.pi_lb !== undefined && r.pi_ub !== undefined) {
    out.pi_lb = back(r.pi_lb);
    out.pi_ub = back(r.pi_ub);
  }
  return out;
}

/** One collator for every comparison (localeCompare with a locale builds a new one per call). */
const collator = new Intl.Collator('en');

/** The canonical order of rows: study label, then id. */
export function compareLabels(a: StudyRow, b: StudyRow): number {
  return collator.compare(a.label, b.label) || (a.studyId < b.studyId ? -1 : a.studyId > b.studyId ? 1 : 0);
}

/** The pooling core's input for an analysis and its entering rows, in canonical order. */
export function coreInput(analysis: Analysis, rows: StudyRow[]): AnalysisInput {
  const s = analysis.settings;
  const method = coreMethod(analysis.method, s);
  const input: AnalysisInput = {
    measure: analysis.measure,
    method,
    level: s.level,
    studies: rows.map((r) => ({ id: r.studyId, ...r.data })),
  };
  if (s.hartungKnapp && analysis.method === 'IV') input.test = 'knha';
  if (s.convention === 'revman5') {
    input.convention = 'revman5';
    // RevMan 5's Mantel-Haenszel random effects: DerSimonian-Laird around the Mantel-Haenszel estimate.
    if (analysis.method === 'MH' && s.model === 'random') input.model = 'random';
  }
  // The double-zero rule is about two-group tables; one-group proportions keep the core's (metafor's)
  // own handling. Cochrane's rule: a risk difference is estimable from a double-zero study, so it
  // stays (Handbook 10.4.4.1).
  if (analysis.measure === 'RR' || analysis.measure === 'OR' || analysis.measure === 'RD') {
    input.drop00 = s.doubleZero.drop00 && analysis.measure !== 'RD';
    input.add = s.doubleZero.add;
    input.to = s.doubleZero.to;
  }
  if (analysis.measure === 'GEN') input.scale = rows.some((r) => r.data.scale === 'log') ? 'log' : 'identity';
  return input;
}

function safeRun(input: AnalysisInput): { result: AnalysisResult | null; error: string | null } {
  try {
    return { result: runAnalysis(input), error: null };
  } catch (error) {
    if (error instanceof StatsError || error instanceof RangeError) return { result: null, error: error.message };
    throw error;
  }
}

/** Builds every study's row and runs the analysis on the rows that can enter. */
export function runStudyAnalysis(
  analysis: Analysis,
  outcome: OutcomeDefinition,
  studies: AnalysisStudy[],
  options: RunOptions = {},
): AnalysisRun {
  return runStudyRows(
    analysis,
    outcome,
    studies.map((study) => studyRow(analysis, outcome, study)),
    options,
  );
}

/**
 * Runs the analysis on study rows built before (by `studyRow`; the backend keeps them between runs
 * and rebuilds only the studies that changed), in any order.
 */
export function runStudyRows(
  analysis: Analysis,
  outcome: OutcomeDefinition,
  studyRows: readonly StudyRow[],
  options: RunOptions = {},
): AnalysisRun {
  const s = analysis.settings;
  const allRows = [...studyRows].sort(compareLabels);
  const entering = allRows.filter((r) => r.excluded === null);
  const input = coreInput(analysis, entering);
  const isIV = analysis.method === 'IV';
  // RevMan 5 has subgroups for every method (each subgroup pooled as the whole is).
  const subgroupsPossible = isIV || s.convention === 'revman5';
  const notes: string[] = [];
  const logScale = RATIO_MEASURES.includes(analysis.measure) || (analysis.measure === 'GEN' && input.scale === 'log');

  const { result, error } = entering.length
    ? safeRun(input)
    : { result: null, error: 'no study can enter the analysis' };
  // Subgroups need an inverse-variance model; the main result above stays without them.
  let subgroupResult: AnalysisResult | null = null;
  if (result && s.subgroupFieldId && subgroupsPossible) {
    const sub = safeRun({
      ...input,
      studies: entering.map((r) => ({ id: r.studyId, ...r.data, subgroup: r.subgroup ?? 'Not reported' })),
    });
    subgroupResult = sub.result;
    if (sub.error) notes.push(`Subgroups not analysed: ${sub.error}`);
  } else if (s.subgroupFieldId && !subgroupsPossible) notes.push('Subgroups need an inverse-variance method.');

  const coreExcluded = new Map((result?.excluded ?? []).map((e) => [e.id, e.reason]));
  const stats = new Map((result?.studies ?? []).map((x) => [x.id, x]));
  const z = qnorm(1 - (1 - s.level / 100) / 2);
  const rows: RowResult[] = allRows.map((row) => {
    const st = stats.get(row.studyId);
    const excluded = row.excluded ?? coreExcluded.get(row.studyId) ?? null;
    const yi = excluded === null && st?.yi !== undefined ? st.yi : null;
    const vi = excluded === null && st?.vi !== undefined ? st.vi! : null;
    const back = studyBack(analysis.measure, logScale, row.data.ni);
    const effect =
      yi !== null && vi !== null
        ? { estimate: back(yi), ci_lb: back(yi - z * Math.sqrt(vi)), ci_ub: back(yi + z * Math.sqrt(vi)) }
        : null;
    return { ...row, excluded, yi, vi, weight: excluded === null && st ? st.weight : null, effect };
  });

  const pooledBack = (r: { estimate: number; ci_lb: number; ci_ub: number; pi_lb?: number; pi_ub?: number }) => {
    if (analysis.measure === 'PFT') {
      // The core back-transforms PFT with the harmonic mean of the studies' n (metafor's transf.ipft.hm).
      const ns = rows.filter((x) => x.weight !== null).map((x) => x.data.ni!);
      const hm = ns.length / ns.reduce((a, n) => a + 1 / n, 0);
      return pooledInterval(r, (x) => ipft(x, hm));
    }
    return pooledInterval(r, studyBack(analysis.measure, logScale, undefined));
  };
  const summary = result ? pooledBack(result) : null;
  if (summary && !s.predictionInterval) {
    delete summary.pi_lb;
    delete summary.pi_ub;
  }

  const summaryRow = (label: string, r: AnalysisResult): SummaryRow => ({
    label,
    k: r.k,
    effect: pooledBack(r),
    ...(r.tau2 === undefined ? {} : { tau2: r.tau2 }),
    I2: r.I2,
    Q: r.Q,
    pval: r.pval,
  });

  const subgroups =
    subgroupResult?.subgroups?.groups.map((g) => ({
      label: g.subgroup,
      subgroup: g.subgroup,
      k: g.k,
      effect: pooledBack(g),
      ...(g.tau2 === undefined ? {} : { tau2: g.tau2 }),
      I2: g.I2,
      Q: g.Q,
      pval: g.pval,
      rows: entering.filter((r) => (r.subgroup ?? 'Not reported') === g.subgroup).map((r) => r.studyId),
    })) ?? null;
  const sg = subgroupResult?.subgroups;
  const subgroupTest = sg ? { Q: sg.Qb, df: sg.Qb_df, pval: sg.Qb_p } : null;

  // Sensitivity: common against random effects, and without the chosen studies.
  const sensitivity: SummaryRow[] = [];
  if (result) {
    sensitivity.push(summaryRow('As analysed', result));
    // The model as analysed is not fitted twice.
    const same = (method: string, test: string) => input.method === method && (input.test ?? 'z') === test;
    const common = same('FE', 'z') ? { result } : safeRun({ ...input, method: 'FE', test: 'z', model: undefined });
    if (common.result) sensitivity.push(summaryRow('Common effect (inverse variance)', common.result));
    const random =
      same(s.tau2, input.test ?? 'z') && input.model === undefined
        ? { result }
        : safeRun({ ...input, method: s.tau2, model: undefined });
    if (random.result) sensitivity.push(summaryRow(`Random effects (${s.tau2})`, random.result));
    const chosen = new Set(s.sensitivityExclude);
    if (chosen.size) {
      const kept = input.studies.filter((x) => !chosen.has(x.id));
      const without = kept.length ? safeRun({ ...input, studies: kept }) : { result: null, error: 'no study left' };
      if (without.result)
        sensitivity.push(summaryRow(`Excluding ${input.studies.length - kept.length} chosen`, without.result));
      else notes.push(`Sensitivity without the chosen studies not run: ${without.error}`);
    }
  }

  let leave1out: AnalysisRun['leave1out'] = null;
  let cumulative: AnalysisRun['cumulative'] = null;
  if (result && isIV && options.refits) {
    const refit = safeRun({ ...input, leave1out: true });
    leave1out = refit.result?.leave1out?.map((x) => ({ ...x, effect: pooledBack(x) })) ?? null;
    const byYear = [...entering].sort((a, b) => (a.year ?? Infinity) - (b.year ?? Infinity) || compareLabels(a, b));
    const cum = safeRun({ ...coreInput(analysis, byYear), cumulative: true });
    const years = new Map(byYear.map((r) => [r.studyId, r.year]));
    cumulative =
      cum.result?.cumulative?.map((x) => ({ ...x, effect: pooledBack(x), year: years.get(x.id) ?? null })) ?? null;
  }

  let regtest: AnalysisRun['regtest'] = null;
  let trimfill: AnalysisRun['trimfill'] = null;
  if (result && isIV && options.refits) {
    if (result.k < 3) notes.push(`Egger's test and trim-and-fill need at least 3 studies (k = ${result.k}).`);
    else {
      const bias = safeRun({ ...input, regtest: true, trimfill: true });
      regtest = bias.result?.regtest ?? null;
      const tf = bias.result?.trimfill;
      if (tf) trimfill = { k0: tf.k0, side: tf.side, effect: pooledBack(tf.fit) };
      if (result.k < 10)
        notes.push(
          `With fewer than 10 studies (k = ${result.k}) Egger's test and trim-and-fill have too little power to tell small-study effects from chance (Cochrane Handbook 13.3.5.4).`,
        );
    }
  }

  const order = displayOrder(rows, s.sort);
  const tp = outcome.timepoints.find((t) => t.id === analysis.timepointId);
  return {
    analysisId: analysis.id,
    name: analysis.name,
    outcome: { id: outcome.id, name: outcome.name, dataType: outcome.dataType, unit: outcome.unit },
    timepoint: tp?.label ?? '(removed timepoint)',
    measure: analysis.measure,
    method: describeMethod(analysis.measure, analysis.method, s),
    coreMethod: input.method,
    logScale,
    nullValue:
      analysis.comparison.kind === 'arms' ||
      analysis.comparison.kind === 'change' ||
      analysis.comparison.kind === 'estimate'
        ? logScale
          ? 1
          : 0
        : null,
    rows: order,
    result,
    error,
    summary,
    subgroups,
    subgroupTest,
    leave1out,
    cumulative,
    sensitivity,
    regtest,
    trimfill,
    notes,
  };
}

/** Rows in the order asked for; rows that did not enter come last, by study. Never changes a number. */
export function displayOrder(rows: RowResult[], sort: Analysis['settings']['sort']): RowResult[] {
  const key = (r: RowResult): number => {
    if (sort === 'year') return r.year ?? Infinity;
    if (sort === 'weight') return -(r.weight ?? -Infinity);
    if (sort === 'effect') return r.yi ?? Infinity;
    return 0;
  };
  return [...rows].sort((a, b) => {
    const ea = a.excluded === null ? 0 : 1,
      eb = b.excluded === null ? 0 : 1;
    return ea - eb || key(a) - key(b) || compareLabels(a, b);
  });
}

export type { StudyInput };
