// The statistics the recogniser returns: one record per statistic found in a text, with character
// offsets into that text (text.slice(start, end) === statistic.text, always). Layer: shared (pure).
//
// Ambiguity: when the text can be read more than one way (a PDF symbol-font "±" that came out as the
// digit "6" and splits in two places; a median with an unlabelled interval), the recogniser does not
// pick one. It returns kind 'ambiguous' with empty values, a warning saying why, and `candidates`: every
// reading it considers possible, most plausible first. A caller shows them and lets the reviewer choose.
// Repairs the recogniser is sure of (one possible reading) come back as the repaired kind with a warning.

export type Comparator = '<' | '≤' | '=' | '>' | '≥';

/** One side of a change: a mean with its SD (or its SE, when the text says SE/SEM), or a plain value. */
export type ChangeSide = { mean: number; sd: number } | { mean: number; se: number } | { value: number };

export interface ValuesByKind {
  mean_sd: { mean: number; sd: number };
  mean_se: { mean: number; se: number };
  /** level is the confidence level in percent; null when the text states none (no "CI" either). */
  estimate_ci: { estimate: number; lower: number; upper: number; level: number | null; measure?: string };
  ratio_ci: {
    /** HR, OR, RR, IRR, PR, SHR... (the unadjusted abbreviation, also for written-out names) */
    measure: string;
    adjusted: boolean;
    estimate: number;
    lower: number;
    upper: number;
    level: number | null;
  };
  median_iqr: { median: number; q1: number; q3: number };
  median_range: { median: number; min: number; max: number };
  /** "n = 6" → {n}; "9 of 10" → {events, total}; "22 patients (30%)" → {events, percent}. */
  count: { events?: number; total?: number; percent?: number; n?: number };
  percent: { percent: number; op?: Comparator };
  p_value: { p: number; op: Comparator };
  change: { before: ChangeSide; after: ChangeSide };
  ambiguous: Record<string, never>;
}

export type StatisticKind = keyof ValuesByKind;
export type ReadingKind = Exclude<StatisticKind, 'ambiguous'>;

/** One possible reading of a piece of text (a candidate of an ambiguous statistic). */
export type Reading = {
  [K in ReadingKind]: { kind: K; values: ValuesByKind[K]; unit?: string };
}[ReadingKind];

interface Located {
  start: number;
  end: number;
  text: string;
  /** Every assumption made while reading (repairs, decimal commas, defaulted levels). */
  warnings: string[];
}

export type Statistic =
  | {
      [K in ReadingKind]: Located & { kind: K; values: ValuesByKind[K]; unit?: string };
    }[ReadingKind]
  | (Located & { kind: 'ambiguous'; values: ValuesByKind['ambiguous']; unit?: string; candidates: Reading[] });
