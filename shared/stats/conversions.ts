// Conversions of reported statistics into what pooling needs (Cochrane Handbook chapter 6), each returning
// the value and a record of the method, its source and its inputs, so that an extracted value keeps its
// provenance. Layer: shared (pure TypeScript).
import { qnorm, qt } from './distributions';

export interface Conversion<V> {
  value: V;
  /** Machine name of the conversion, e.g. "se-from-ci". */
  method: string;
  /** The formula and where it comes from, in one line. */
  source: string;
  inputs: Record<string, number | string>;
}

export class ConversionError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

function need(condition: boolean, field: string, message: string): void {
  if (!condition) throw new ConversionError(message, field);
}

/** Two-sided critical value at `level` percent: normal, or t with df degrees of freedom. */
function crit(level: number, df?: number): number {
  const p = 1 - (1 - level / 100) / 2;
  return df === undefined ? qnorm(p) : qt(p, df);
}

export interface IntervalOptions {
  /** Confidence level in percent (default 95). */
  level?: number;
  /** Degrees of freedom for a t-based interval (small samples); normal when absent. */
  df?: number;
}

/** SE from a confidence interval: (upper - lower) / (2 z), or 2 t with df for small samples (Cochrane Handbook 6.5.2.2). */
export function seFromCI(lower: number, upper: number, { level = 95, df }: IntervalOptions = {}): Conversion<number> {
  need(upper > lower, 'upper', 'upper limit must be above the lower limit');
  need(level > 0 && level < 100, 'level', 'level must be between 0 and 100');
  need(df === undefined || df > 0, 'df', 'df must be positive');
  return {
    value: (upper - lower) / (2 * crit(level, df)),
    method: 'se-from-ci',
    source: `SE = (upper - lower) / (2 × ${df === undefined ? 'z' : `t(df = ${df})`}) (Cochrane Handbook 6.5.2.2)`,
    inputs: { lower, upper, level, ...(df === undefined ? {} : { df }) },
  };
}

/** SD from the standard error of a mean: SE √n (Cochrane Handbook 6.5.2.2). */
export function sdFromSE(se: number, n: number): Conversion<number> {
  need(se > 0, 'se', 'SE must be positive');
  need(n > 0, 'n', 'n must be positive');
  return {
    value: se * Math.sqrt(n),
    method: 'sd-from-se',
    source: 'SD = SE × √n (Cochrane Handbook 6.5.2.2)',
    inputs: { se, n },
  };
}

/** Below this sample size a CI of a mean is taken to use t on n - 1 df (Cochrane Handbook 6.5.2.2). */
export const SMALL_SAMPLE = 60;

/**
 * SD from a confidence interval of a mean: √n (upper - lower) / (2 z), with t on n - 1 df for small
 * samples (n < 60, the Handbook's advice) unless `t` says otherwise (Cochrane Handbook 6.5.2.2).
 */
export function sdFromMeanCI(
  lower: number,
  upper: number,
  n: number,
  { level = 95, t = n < SMALL_SAMPLE }: { level?: number; t?: boolean } = {},
): Conversion<number> {
  need(n > (t ? 1 : 0), 'n', t ? 'n must be above 1 for a t-based interval' : 'n must be positive');
  const se = seFromCI(lower, upper, { level, ...(t ? { df: n - 1 } : {}) });
  return {
    value: se.value * Math.sqrt(n),
    method: 'sd-from-mean-ci',
    source: `SD = √n × (upper - lower) / (2 × ${t ? 't(n - 1)' : 'z'}) (Cochrane Handbook 6.5.2.2)`,
    inputs: { lower, upper, n, level, distribution: t ? 't' : 'normal' },
  };
}

/** SE of a log ratio (log RR, log OR, log HR) from the ratio's confidence interval (Cochrane Handbook 6.3.2). */
export function logSEFromRatioCI(
  lower: number,
  upper: number,
  { level = 95 }: { level?: number } = {},
): Conversion<number> {
  need(lower > 0, 'lower', 'ratio limits must be positive');
  const se = seFromCI(Math.log(lower), Math.log(upper), { level });
  return {
    value: se.value,
    method: 'log-se-from-ratio-ci',
    source: 'SE(ln ratio) = (ln upper - ln lower) / (2 × z) (Cochrane Handbook 6.3.2)',
    inputs: { lower, upper, level },
  };
}

/**
 * SE from an estimate and its two-sided p-value: |estimate| / z(p/2), or t(p/2, df) for small samples; a
 * ratio (scale "log") is taken on the log scale (Cochrane Handbook 6.3.2; Altman & Bland 2011, BMJ 343:d2090).
 */
export function seFromEstimateAndP(
  estimate: number,
  p: number,
  { df, scale = 'identity' }: { df?: number; scale?: 'identity' | 'log' } = {},
): Conversion<number> {
  need(p > 0 && p < 1, 'p', 'p must be between 0 and 1');
  need(scale !== 'log' || estimate > 0, 'estimate', 'a ratio must be positive');
  need(df === undefined || df > 0, 'df', 'df must be positive');
  const y = scale === 'log' ? Math.log(estimate) : estimate;
  need(y !== 0, 'estimate', 'an estimate of no effect has no SE from its p-value');
  const z = df === undefined ? -qnorm(p / 2) : -qt(p / 2, df);
  return {
    value: Math.abs(y) / z,
    method: 'se-from-p',
    source: `SE = |${scale === 'log' ? 'ln estimate' : 'estimate'}| / ${df === undefined ? 'z' : 't'}(p/2) (Cochrane Handbook 6.3.2)`,
    inputs: { estimate, p, scale, ...(df === undefined ? {} : { df }) },
  };
}

export interface FiveNumbers {
  min?: number;
  q1?: number;
  median: number;
  q3?: number;
  max?: number;
  n: number;
}

export interface MeanSD {
  mean: number;
  sd: number;
  /** Which summary was used: S1 (min, median, max), S2 (q1, median, q3) or S3 (all five). */
  scenario: 'S1' | 'S2' | 'S3';
  /** Shi et al. 2023 test for skewness: statistic, critical value, and whether normality is doubtful. */
  skewness: { statistic: number; critical: number; skewed: boolean };
}

/**
 * Mean and SD from the median with the range and/or the IQR, as metafor's conv.fivenum() default
 * ("luo/wan/shi", normal data): means by Luo et al. 2018 (Stat Methods Med Res 27:1785), SDs by Wan et al.
 * 2014 (BMC Med Res Methodol 14:135) for S1 and S2 and Shi et al. 2020 (Res Synth Methods 11:641) for S3.
 */
export function meanSDFromMedian(f: FiveNumbers): Conversion<MeanSD> {
  const { min, q1, median, q3, max, n } = f;
  need(n >= 5, 'n', 'n must be at least 5 (as metafor)');
  const hasRange = min !== undefined && max !== undefined;
  const hasIqr = q1 !== undefined && q3 !== undefined;
  need(hasRange || hasIqr, 'min', 'needs min and max, or q1 and q3, with the median');
  const ordered = [min, q1, median, q3, max].filter((x): x is number => x !== undefined);
  need(
    ordered.every((x, i) => i === 0 || ordered[i - 1]! <= x),
    'median',
    'needs min ≤ q1 ≤ median ≤ q3 ≤ max',
  );
  const xi = 2 * qnorm((n - 0.375) / (n + 0.25));
  const eta = 2 * qnorm((0.75 * n - 0.125) / (n + 0.25));
  let value: MeanSD;
  if (hasRange && hasIqr) {
    const w1 = 2.2 / (2.2 + n ** 0.75),
      w2 = 0.7 - 0.72 / n ** 0.55;
    const w = 1 / (1 + 0.07 * n ** 0.6);
    const statistic = Math.max(
      ((2.65 * Math.log(0.6 * n)) / Math.sqrt(n)) * Math.abs((min + max - 2 * median) / (max - min)),
      Math.abs((q1 + q3 - 2 * median) / (q3 - q1)),
    );
    const critical = 3 / Math.sqrt(n) - 40 / n ** 3;
    value = {
      mean: (w1 * (min + max)) / 2 + (w2 * (q1 + q3)) / 2 + (1 - w1 - w2) * median,
      sd: (w * (max - min)) / xi + ((1 - w) * (q3 - q1)) / eta,
      scenario: 'S3',
      skewness: { statistic, critical, skewed: statistic >= critical },
    };
  } else if (hasRange) {
    const w = 4 / (4 + n ** 0.75);
    const statistic = Math.abs((min + max - 2 * median) / (max - min));
    const critical = 1 / Math.log(n + 9) + 2.5 / (n + 1);
    value = {
      mean: (w * (min + max)) / 2 + (1 - w) * median,
      sd: (max - min) / xi,
      scenario: 'S1',
      skewness: { statistic, critical, skewed: statistic >= critical },
    };
  } else {
    const w = 0.7 + 0.39 / n;
    const statistic = Math.abs((q1! + q3! - 2 * median) / (q3! - q1!));
    const critical = 2.65 / Math.sqrt(n) - 6 / n ** 2;
    value = {
      mean: (w * (q1! + q3!)) / 2 + (1 - w) * median,
      sd: (q3! - q1!) / eta,
      scenario: 'S2',
      skewness: { statistic, critical, skewed: statistic >= critical },
    };
  }
  const inputs: Record<string, number> = { median, n };
  for (const [key, v] of Object.entries({ min, q1, q3, max })) if (v !== undefined) inputs[key] = v;
  return {
    value,
    method: 'mean-sd-from-median',
    source: `${value.scenario}: mean by Luo et al. 2018, SD by ${value.scenario === 'S3' ? 'Shi et al. 2020' : 'Wan et al. 2014'} (metafor conv.fivenum default)`,
    inputs,
  };
}

export interface GroupSummary {
  n: number;
  mean: number;
  sd: number;
}

/** Combines two groups into one: N, mean and SD (Cochrane Handbook Table 6.5.a). */
export function combineGroups(a: GroupSummary, b: GroupSummary): Conversion<GroupSummary> {
  need(a.n > 0 && b.n > 0 && a.n + b.n > 1, 'n', 'group sizes must be positive');
  need(a.sd >= 0 && b.sd >= 0, 'sd', 'SDs must not be negative');
  const n = a.n + b.n;
  const mean = (a.n * a.mean + b.n * b.mean) / n;
  const variance =
    ((a.n - 1) * a.sd ** 2 + (b.n - 1) * b.sd ** 2 + ((a.n * b.n) / n) * (a.mean - b.mean) ** 2) / (n - 1);
  return {
    value: { n, mean, sd: Math.sqrt(variance) },
    method: 'combine-groups',
    source:
      'N = N1 + N2; M = (N1M1 + N2M2)/N; SD² = [(N1-1)SD1² + (N2-1)SD2² + N1N2/N (M1-M2)²]/(N-1) (Cochrane Handbook Table 6.5.a)',
    inputs: { n1: a.n, mean1: a.mean, sd1: a.sd, n2: b.n, mean2: b.mean, sd2: b.sd },
  };
}

/** SD of the change from baseline: √(SDb² + SDf² - 2 r SDb SDf) (Cochrane Handbook 6.5.2.8). */
export function sdOfChange(sdBaseline: number, sdFinal: number, r: number): Conversion<number> {
  need(sdBaseline > 0, 'sdBaseline', 'SD must be positive');
  need(sdFinal > 0, 'sdFinal', 'SD must be positive');
  need(r >= -1 && r <= 1, 'r', 'correlation must be between -1 and 1');
  return {
    value: Math.sqrt(sdBaseline ** 2 + sdFinal ** 2 - 2 * r * sdBaseline * sdFinal),
    method: 'sd-of-change',
    source: 'SD(change) = √(SDb² + SDf² - 2 r SDb SDf) (Cochrane Handbook 6.5.2.8)',
    inputs: { sdBaseline, sdFinal, r },
  };
}
