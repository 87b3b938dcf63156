// An analysis as the review stores it: which outcome table it pools (outcome, timepoint, comparison),
// from which layer of values, with which effect measure, pooling method and options; and the defaults
// a new analysis gets from its outcome's data type. Layer: shared (pure TypeScript).
import type { OutcomeDataType } from '../model/extraction';
import type { Measure } from '../stats/effectSizes';
import type { Tau2Method } from '../stats/tau2';

/**
 * Which cells of the outcome table make a study's row:
 * - `arms`: two groups, the arms named `intervention` and `comparator` in every study (case-insensitive);
 * - `group`: one group, the arm named `arm` (null: the study's first arm);
 * - `change`: one group before and after: `timepointId` of the analysis against `baselineTimepointId`,
 *   with a stated correlation between the two measurements;
 * - `estimate`: the study's own effect estimate (outcomes of data type effect_estimate).
 */
export type Comparison =
  | { kind: 'arms'; intervention: string; comparator: string }
  | { kind: 'group'; arm: string | null }
  | { kind: 'change'; arm: string | null; baselineTimepointId: string; correlation: number }
  | { kind: 'estimate' };

/** The data a study row is built from: the consensus, or one reviewer's own extraction. */
export type Layer = { kind: 'consensus' } | { kind: 'reviewer'; reviewerId: string };

/** Inverse variance (common or random effects), Mantel-Haenszel or Peto (both common-effect). */
export type PoolingMethod = 'IV' | 'MH' | 'PETO';
export type Model = 'random' | 'common';
export type SortOrder = 'study' | 'year' | 'weight' | 'effect';

/**
 * Double-zero rule, under metafor's argument names: drop00 leaves out studies with no events (or only
 * events) in both groups; add is added to the cells of tables with a zero (to "only0"). Cochrane's rule
 * (drop00 true) is the default.
 */
export interface DoubleZeroRule {
  drop00: boolean;
  add: number;
  to: 'only0' | 'all' | 'if0all' | 'none';
}

export interface AnalysisSettings {
  model: Model;
  /** τ² estimator of the random-effects model. */
  tau2: Tau2Method;
  hartungKnapp: boolean;
  predictionInterval: boolean;
  /** Confidence level in percent. */
  level: number;
  /** Whose numbers: metafor's (default) or those RevMan 5 stores. */
  convention: 'metafor' | 'revman5';
  doubleZero: DoubleZeroRule;
  /** A study-level choice field whose value makes the subgroups; null for none. */
  subgroupFieldId: string | null;
  sort: SortOrder;
  /** Axis limits on the natural scale; null for automatic. */
  axis: { lower: number | null; upper: number | null };
  /** The labels under the axis, left and right of the line of no effect. */
  favours: { left: string; right: string };
  /** Funnel plot: shade the 90/95/99% significance contours. */
  funnelContours: boolean;
  /** Studies left out in the sensitivity table's "excluding" column. */
  sensitivityExclude: string[];
}

export interface Analysis {
  id: string;
  name: string;
  outcomeId: string;
  timepointId: string;
  comparison: Comparison;
  layer: Layer;
  measure: Measure;
  method: PoolingMethod;
  settings: AnalysisSettings;
  createdAt: string;
  updatedAt: string;
}

/** Measures that compare two groups on a ratio scale (pooled and drawn on the log scale). */
export const RATIO_MEASURES: readonly Measure[] = ['RR', 'OR', 'ROM'];

/** Effect-estimate measures that are ratios, pooled on the log scale. */
export const RATIO_ESTIMATES = ['HR', 'OR', 'RR', 'IRR', 'RATE RATIO', 'ROM', 'RATIO', 'SHR', 'PETO OR'];

export function isRatioEstimate(measure: string | null): boolean {
  return measure !== null && RATIO_ESTIMATES.includes(measure.trim().toUpperCase());
}

/** The measures (and pooling methods) an outcome of each data type can be analysed with, first = default. */
export function measuresFor(dataType: OutcomeDataType, comparison: Comparison['kind']): Measure[] {
  switch (dataType) {
    case 'dichotomous':
    case 'proportion':
      return comparison === 'arms' ? ['RR', 'OR', 'RD'] : ['PR', 'PLO', 'PFT', 'PAS'];
    case 'continuous':
    case 'mean':
      if (comparison === 'arms') return ['MD', 'SMD', 'ROM'];
      if (comparison === 'change') return ['MC', 'SMCR'];
      return ['MN'];
    case 'change':
      return comparison === 'arms' ? ['MD', 'SMD'] : ['MN'];
    case 'effect_estimate':
      return ['GEN'];
  }
}

export function methodsFor(measure: Measure): PoolingMethod[] {
  if (measure === 'OR') return ['IV', 'MH', 'PETO'];
  if (measure === 'RR' || measure === 'RD') return ['IV', 'MH'];
  return ['IV'];
}

export function defaultComparison(dataType: OutcomeDataType, armNames: string[]): Comparison {
  if (dataType === 'effect_estimate') return { kind: 'estimate' };
  if ((dataType === 'dichotomous' || dataType === 'continuous' || dataType === 'change') && armNames.length >= 2) {
    return { kind: 'arms', intervention: armNames[0]!, comparator: armNames[1]! };
  }
  return { kind: 'group', arm: armNames[0] ?? null };
}

export function defaultSettings(): AnalysisSettings {
  return {
    model: 'random',
    tau2: 'REML',
    hartungKnapp: false,
    predictionInterval: true,
    level: 95,
    convention: 'metafor',
    doubleZero: { drop00: true, add: 0.5, to: 'only0' },
    subgroupFieldId: null,
    sort: 'study',
    axis: { lower: null, upper: null },
    favours: { left: 'Favours intervention', right: 'Favours comparator' },
    funnelContours: false,
    sensitivityExclude: [],
  };
}

/** What a new analysis of an outcome starts with: the data type's first measure, REML random effects. */
export function defaultsFor(
  dataType: OutcomeDataType,
  armNames: string[],
): { comparison: Comparison; measure: Measure; method: PoolingMethod; settings: AnalysisSettings } {
  const comparison = defaultComparison(dataType, armNames);
  const settings = defaultSettings();
  if (comparison.kind !== 'arms') settings.favours = { left: '', right: '' };
  return { comparison, measure: measuresFor(dataType, comparison.kind)[0]!, method: 'IV', settings };
}

/** The pooling core's method for an analysis's settings (shared/stats/analysis.ts METHODS). */
export function coreMethod(method: PoolingMethod, settings: Pick<AnalysisSettings, 'model' | 'tau2'>) {
  if (method === 'MH') return 'MH' as const;
  if (method === 'PETO') return 'PETO' as const;
  return settings.model === 'common' ? ('FE' as const) : settings.tau2;
}

export const MEASURE_LABELS: Record<Measure, string> = {
  RR: 'Risk ratio',
  OR: 'Odds ratio',
  RD: 'Risk difference',
  MD: 'Mean difference',
  SMD: 'Std. mean difference',
  ROM: 'Ratio of means',
  PR: 'Proportion',
  PLO: 'Proportion (logit)',
  PAS: 'Proportion (arcsine)',
  PFT: 'Proportion (Freeman-Tukey)',
  MN: 'Mean',
  MC: 'Mean change',
  SMCR: 'Std. mean change (raw score)',
  ZCOR: 'Correlation (Fisher z)',
  GEN: 'Effect estimate',
};

/** "Risk ratio, M-H, random, 95% CI" in RevMan's words. */
export function describeMethod(measure: Measure, method: PoolingMethod, settings: AnalysisSettings): string {
  const label = method === 'PETO' ? 'Peto odds ratio' : MEASURE_LABELS[measure];
  const how = method === 'MH' ? 'M-H' : method === 'PETO' ? 'Peto' : 'IV';
  const model =
    method === 'IV' && settings.model === 'random'
      ? `random (${settings.tau2})`
      : method === 'MH' && settings.model === 'random' && settings.convention === 'revman5'
        ? 'random (DL)'
        : 'common';
  return `${label}, ${how}, ${model}, ${settings.level}% CI`;
}
