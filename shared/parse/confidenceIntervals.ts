// Matchers for estimates with confidence intervals: ratio_ci ("HR 0.51 (0.27–0.98)", "hazard ratio, 0.51;
// 95% confidence interval, 0.27 to 0.98", "aOR 1.8 [95% CI 1.2, 2.7]", RevMan's "Risk Ratio (M-H, Random,
// 95% CI) 0.82 [0.71, 0.95]") and estimate_ci ("MD −2.1 (95% CI −3.5 to −0.7)", "69% (95% CI: 56% to 83%)").
// Layer: shared (pure).
import type { CiHeadRead, IntervalRead, Scan } from './scan';
import type { Token } from './tokens';
import type { Matcher } from './matcher';
import { Format } from './formats';
import { readUnit } from './units';

/** Abbreviations as written (case matters: "OR" is a ratio, "or" is not) → [measure, adjusted]. "ARR" is left
 * out: abstracts use it for absolute risk reduction more often than for adjusted risk ratio. */
const RATIO_ABBREVIATIONS: ReadonlyMap<string, [string, boolean]> = new Map([
  ['HR', ['HR', false]],
  ['OR', ['OR', false]],
  ['RR', ['RR', false]],
  ['IRR', ['IRR', false]],
  ['PR', ['PR', false]],
  ['SHR', ['SHR', false]],
  ['sHR', ['SHR', false]],
  ['SHRs', ['SHR', false]],
  ['csHR', ['HR', false]],
  ['HRs', ['HR', false]],
  ['ORs', ['OR', false]],
  ['RRs', ['RR', false]],
  ['IRRs', ['IRR', false]],
  ['aHR', ['HR', true]],
  ['aOR', ['OR', true]],
  ['aRR', ['RR', true]],
  ['aIRR', ['IRR', true]],
  ['aPR', ['PR', true]],
  ['aSHR', ['SHR', true]],
  ['AHR', ['HR', true]],
  ['AOR', ['OR', true]],
  ['RoM', ['RoM', false]],
  ['DOR', ['DOR', false]],
  ['POR', ['POR', false]],
  ['HRadj', ['HR', true]],
  ['ORadj', ['OR', true]],
  // "HRper SD 1.21": a ratio per unit of the exposure
  ['HRper', ['HR', false]],
  ['ORper', ['OR', false]],
  ['RRper', ['RR', false]],
]);

/** Written-out ratio names, as lower-case word sequences. */
const RATIO_NAMES: ReadonlyArray<[string[], string]> = [
  [['subdistribution', 'hazard', 'ratio'], 'SHR'],
  [['incidence', 'rate', 'ratio'], 'IRR'],
  [['diagnostic', 'odds', 'ratio'], 'DOR'],
  [['prevalence', 'odds', 'ratio'], 'POR'],
  [['ratio', 'of', 'means'], 'RoM'],
  [['standardized', 'mortality', 'ratio'], 'SMR'],
  [['standardised', 'mortality', 'ratio'], 'SMR'],
  [['mortality', 'ratio'], 'RR'],
  [['hazard', 'ratio'], 'HR'],
  [['hazards', 'ratio'], 'HR'],
  [['odds', 'ratio'], 'OR'],
  [['risk', 'ratio'], 'RR'],
  [['relative', 'risk'], 'RR'],
  [['rate', 'ratio'], 'IRR'],
  [['prevalence', 'ratio'], 'PR'],
  [['relative', 'hazard'], 'HR'],
];

/** RATIO_NAMES by their first word (singular), so a word that starts none is dismissed at once. */
const RATIO_NAMES_BY_FIRST = byFirstWord(RATIO_NAMES);

function byFirstWord<T>(list: ReadonlyArray<[string[], T]>): ReadonlyMap<string, Array<[string[], T]>> {
  const map = new Map<string, Array<[string[], T]>>();
  for (const entry of list) {
    const first = entry[0][0] as string;
    map.set(first, [...(map.get(first) ?? []), entry]);
  }
  return map;
}

const ADJUSTING = new Set(['adjusted', 'multivariable', 'multivariate', 'fully', 'partially']);
const QUALIFIERS = new Set([
  'adjusted',
  'multivariable',
  'multivariate',
  'fully',
  'partially',
  'pooled',
  'summary',
  'overall',
  'crude',
  'unadjusted',
]);

function readMeasureName(s: Scan, i: number): { measure: string; adjusted: boolean; next: number } | null {
  const t = s.at(i);
  if (!t || t.type !== 'word') return null;
  const abbreviation = RATIO_ABBREVIATIONS.get(s.raw(i));
  if (abbreviation) return { measure: abbreviation[0], adjusted: abbreviation[1], next: i + 1 };
  for (const [words, measure] of RATIO_NAMES_BY_FIRST.get(t.norm.endsWith('s') ? t.norm.slice(0, -1) : t.norm) ??
    RATIO_NAMES_BY_FIRST.get(t.norm) ??
    []) {
    let ok = true;
    for (let w = 0; w < words.length; w++) {
      const tok = s.at(i + w);
      const want = words[w] as string;
      if (!tok || tok.type !== 'word' || (tok.norm !== want && tok.norm !== `${want}s`)) {
        ok = false;
        break;
      }
    }
    if (ok) return { measure, adjusted: false, next: i + words.length };
  }
  return null;
}

/** "HR 0.51 (0.27–0.98)", "hazard ratio, 0.51; 95% confidence interval, 0.27 to 0.98", "aOR = 1.8 [95% CI 1.2, 2.7]". */
export const ratioCi: Matcher = (s, i) => {
  const first = s.at(i);
  if (!first || first.type !== 'word') return null;
  let k = i;
  let adjusted = false;
  let qualifiers = 0;
  while (qualifiers < 3) {
    const t = s.at(k);
    if (!t || t.type !== 'word' || !QUALIFIERS.has(t.norm)) break;
    if (ADJUSTING.has(t.norm)) adjusted = true;
    if (t.norm === 'unadjusted' || t.norm === 'crude') adjusted = false;
    k++;
    if (s.sym(k, '-')) k++;
    qualifiers++;
  }
  const name = readMeasureName(s, k);
  if (!name) return null;
  adjusted ||= name.adjusted;
  k = name.next;
  // "hazard ratio (HR)" or "adjusted HR (aHR)"
  if (
    s.sym(k, '(', '[') &&
    s.at(k + 1)?.type === 'word' &&
    RATIO_ABBREVIATIONS.has(s.raw(k + 1)) &&
    s.sym(k + 2, ')', ']')
  ) {
    adjusted ||= (RATIO_ABBREVIATIONS.get(s.raw(k + 1)) as [string, boolean])[1];
    k += 3;
  }
  // "HR for death, 0.68", "hazard ratio for EDSS deterioration in the CPM in comparison with the MP group
  // was 0.61 [95% CI …]", "HRper SD log 0.89": words name the outcome or the comparison
  let named = 0;
  if (s.word(k, 'for', 'of', 'in', 'per') || s.word(k, 'sd', 'log')) {
    while (named < MAX_NAMING_WORDS) {
      const t = s.at(k);
      if (!t) break;
      if (t.type === 'word') {
        if (s.word(k, 'was', 'is', 'were', 'of') && s.num(k + 1)) break;
        if (readMeasureName(s, k) && named > 0) return null; // another ratio is named: it starts there
      } else if (!(t.norm === '-' || t.norm === '’' || t.norm === "'" || t.norm === '/')) break;
      k++;
      named++;
    }
  }
  const header = methodHeader(s, k);
  if (header) k = header.next;
  if (s.sym(k, ',', ':', '=', ';')) k++;
  else if (s.word(k, 'of', 'was', 'is', 'were')) k++;
  if (s.sym(k, '=')) k++;
  const estimate = s.value(k);
  if (!estimate || estimate.unit !== undefined) return null;
  const ci = withHeaderLevel(readCiPart(s, estimate.next, named <= 5), header);
  if (!ci || ci.unit !== undefined) return null;
  // Named far away, the interval must say it is a confidence interval
  if (named > 5 && ci.level === null) return null;
  // "HR 72 (65–80) bpm" is a heart rate and "RR 18 (16–22) breaths/min" a respiratory rate: a ratio has no
  // unit after its interval, and without a CI heading an estimate above 50 is not read as a ratio.
  if (readUnit(s.text, ci.end) !== null || (ci.level === null && estimate.value > 50)) return null;
  const warnings = [...ci.warnings];
  if (estimate.value <= 0) warnings.push('a ratio should be positive');
  if (estimate.value < ci.lower || estimate.value > ci.upper) warnings.push('the estimate lies outside its interval');
  return {
    start: first.start,
    end: ci.end,
    reading: {
      kind: 'ratio_ci',
      values: {
        measure: name.measure,
        adjusted,
        estimate: estimate.value,
        lower: ci.lower,
        upper: ci.upper,
        level: ci.level,
      },
    },
    warnings,
  };
};

/** How many words may stand between a ratio's name and its value. */
const MAX_NAMING_WORDS = 16;

/**
 * A forest-plot column heading between a measure and its value, as RevMan writes it: "Risk Ratio
 * (M-H, Random, 95% CI) 0.82 [0.71, 0.95]". It gives the level of the headless interval that follows.
 */
function methodHeader(s: Scan, k: number): { level: number; next: number } | null {
  if (!s.sym(k, '(', '[')) return null;
  const close = s.sym(k, '(') ? ')' : ']';
  for (let j = k + 1; j < k + 10; j++) {
    const t = s.at(j);
    if (!t || s.sym(j, close)) return null;
    const head = s.ciHead(j);
    if (head && head.level !== null && s.sym(head.next, close) && head.warnings.length === 0)
      return { level: head.level, next: head.next + 1 };
    if (t.type === 'sym' && (t.norm === '(' || t.norm === '[')) return null;
  }
  return null;
}

function withHeaderLevel(ci: CiPart | null, header: { level: number } | null): CiPart | null {
  if (!ci || !header || ci.level !== null) return ci;
  return { ...ci, level: header.level };
}

interface CiPart {
  lower: number;
  upper: number;
  level: number | null;
  unit?: string;
  end: number;
  warnings: string[];
}

/**
 * The interval after an estimate: "(0.27–0.98)", "(95% CI 0.27–0.98)", "[95% CI, 0.27, 0.98]", "; 95% CI,
 * 0.27 to 0.98", " 95% CI 0.27–0.98". Without a CI heading only a bracketed interval counts, and only when
 * headless is allowed (after a named measure).
 */
function readCiPart(s: Scan, k: number, headless: boolean): CiPart | null {
  let j = k;
  if (s.sym(j, '(', '[')) {
    const close = s.sym(j, '(') ? ')' : ']';
    const head = s.ciHead(j + 1);
    if (!head && !headless) return null;
    const interval = s.interval(head ? head.next : j + 1, true);
    if (!interval) return null;
    // Without a heading the bracket holds nothing but the interval: "(0.00, 95% CI …" is not "0.00 to 95"
    if (!head && !s.sym(interval.next, close, ';', ',')) return null;
    return ciPart(s, interval, head, close);
  }
  if (s.sym(j, ',', ';')) {
    j++;
    // "HR 0·43, 0·19–0·97", "mean difference 0·006, −0·009 to 0·02", "OR 5.815, [3.52, 9.61]"
    if (headless && s.sym(j, '(', '[') && !s.ciHead(j + 1)) return readCiPart(s, j, true);
    if (headless && s.num(j) && !s.ciHead(j)) {
      const interval = s.interval(j, false);
      return interval ? ciPart(s, interval, null, null) : null;
    }
  }
  const head = s.ciHead(j);
  if (!head) return null;
  // "95% CI −3.1, −0.5" after a heading, where the comma can only separate the limits
  const interval = s.interval(head.next, true);
  if (!interval) return null;
  return ciPart(s, interval, head, null);
}

function ciPart(s: Scan, interval: IntervalRead, head: CiHeadRead | null, close: string | null): CiPart {
  let end = interval.end;
  if (close && s.sym(interval.next, close)) end = (s.at(interval.next) as Token).end;
  return {
    lower: interval.lower,
    upper: interval.upper,
    level: head ? head.level : null,
    ...(interval.unit !== undefined ? { unit: interval.unit } : {}),
    end,
    warnings: head ? [...head.warnings] : [],
  };
}

const ESTIMATE_LABELS: ReadonlyArray<[string[], string]> = [
  [['standardized', 'mean', 'difference'], 'SMD'],
  [['standardised', 'mean', 'difference'], 'SMD'],
  [['weighted', 'mean', 'difference'], 'WMD'],
  [['absolute', 'risk', 'difference'], 'RD'],
  [['absolute', 'risk', 'reduction'], 'ARR'],
  [['mean', 'difference'], 'MD'],
  [['risk', 'difference'], 'RD'],
  [['difference'], 'difference'],
  [['md'], 'MD'],
  [['smd'], 'SMD'],
  [['wmd'], 'WMD'],
  [['rd'], 'RD'],
  [['arr'], 'ARR'],
  [['β'], 'β'],
  [['beta'], 'β'],
  [['coefficient'], 'β'],
  [['hedges'], 'g'],
  [['g'], 'g'],
  [['d'], 'd'],
];

const ESTIMATE_LABELS_BY_FIRST = byFirstWord(ESTIMATE_LABELS);

function readEstimateLabel(s: Scan, i: number): { measure: string; next: number } | null {
  // RevMan's "Std. Mean Difference"
  if (s.word(i, 'std')) {
    const j = s.sym(i + 1, '.') ? i + 2 : i + 1;
    return s.word(j, 'mean') && s.word(j + 1, 'difference') ? { measure: 'SMD', next: j + 2 } : null;
  }
  const t = s.at(i);
  if (!t || t.type !== 'word') return null;
  for (const [words, measure] of ESTIMATE_LABELS_BY_FIRST.get(t.norm) ?? []) {
    let ok = true;
    for (let w = 0; w < words.length; w++) {
      if (!s.word(i + w, words[w] as string)) {
        ok = false;
        break;
      }
    }
    if (ok) {
      let next = i + words.length;
      if (measure === 'g' && s.sym(next, "'", '’')) next++;
      if (measure === 'g' && s.word(next, 'g')) next++;
      return { measure, next };
    }
  }
  return null;
}

/** "MD −2.1 (−3.5 to −0.7)", "93% of patients (95% CI: 86% to 100%)", "0.5 (95% CI 0.2–0.8)". */
export const estimateCi: Matcher = (s, i) => {
  const first = s.at(i);
  if (!first) return null;
  let k = i;
  let measure: string | undefined;
  let header: { level: number; next: number } | null = null;
  if (first.type === 'word') {
    const label = readEstimateLabel(s, i);
    if (!label) return null;
    measure = label.measure;
    k = label.next;
    header = methodHeader(s, k);
    if (header) k = header.next;
    if (s.sym(k, ',', ':', '=')) k++;
    else if (s.word(k, 'of', 'was', 'is', 'were')) k++;
    if (s.sym(k, '=')) k++;
  } else if (first.type !== 'num') {
    return null;
  }
  const estimate = s.value(k);
  if (!estimate) return null;
  if (estimate.unit === '%' && s.ciHead(k)) return null; // "95% CI …" is a level, not an estimate
  let ci = withHeaderLevel(readCiPart(s, estimate.next, measure !== undefined), header);
  if (!ci && s.sym(estimate.next, '(', '[') && !s.declares(k, Format.MedianIqr | Format.MedianRange)) {
    // An unlabelled bracketed interval around the estimate is its CI when "(95% CI)" was declared, when
    // the estimate is a percentage ("59.4% (53.7% to 63.8%)", "35·4% [28·1–42·7]"), when an interval
    // statistic came before it in the sentence ("25 months (21–31)"), or when the estimate is negative.
    // A negative estimate with an interval around it is a difference with its CI ("−4.8 mm Hg (–8.2 to
    // −1.5)"): a range of measured values is hardly ever below zero.
    const declared = s.declaredLevel(k);
    const continued = s.lastInterval !== null && s.lastInterval.sentence === s.sentence(k);
    if (declared !== null || estimate.unit === '%' || continued || estimate.value < 0) {
      const open = readCiPart(s, estimate.next, true);
      if (open && open.lower <= estimate.value && estimate.value <= open.upper && open.lower < open.upper)
        ci = open.level === null && declared !== null ? { ...open, level: declared } : open;
    }
  }
  if (!ci) {
    // Up to six words between a value and its bracketed interval: "93% of the reported patients (95% CI ...)".
    let j = estimate.next;
    let words = 0;
    while (words < 6 && s.at(j)?.type === 'word' && !s.word(j, 'to', 'and', 'vs', 'versus')) {
      j++;
      words++;
    }
    if (words > 0) ci = readCiPart(s, j, false);
  }
  if (!ci) return null;
  let unit = estimate.unit ?? ci.unit;
  let end = ci.end;
  const closing = s.text.charCodeAt(end - 1);
  if (unit === undefined && (closing === 41 || closing === 93)) {
    // "−6.2 (−8.9, −3.5) mm Hg": the unit after the bracketed interval
    const after = readUnit(s.text, end);
    if (after && after.unit !== '%') {
      unit = after.unit;
      end = after.end;
    }
  }
  const warnings = [...ci.warnings];
  if (estimate.value < ci.lower || estimate.value > ci.upper) warnings.push('the estimate lies outside its interval');
  return {
    start: first.start,
    end,
    reading: {
      kind: 'estimate_ci',
      values: {
        estimate: estimate.value,
        lower: ci.lower,
        upper: ci.upper,
        level: ci.level,
        ...(measure ? { measure } : {}),
      },
      ...(unit !== undefined ? { unit } : {}),
    },
    warnings,
  };
};

/** Words a ratio or estimate can start with (lower case). */
export const CI_START_WORDS: readonly string[] = [
  ...QUALIFIERS,
  ...[...RATIO_ABBREVIATIONS.keys()].map((k) => k.toLowerCase()),
  ...RATIO_NAMES.map(([words]) => words[0] as string),
  ...ESTIMATE_LABELS.map(([words]) => words[0] as string),
  'std',
];

/**
 * "(1·29, 0·78–2·14)" and "(−0.00, −0.01 to 0.00)" after a ratio or estimate with its interval in the same
 * sentence: the same measure, written without its name. The level is not stated, so it is null.
 */
export const continuedInterval: Matcher = (s, i) => {
  const last = s.lastInterval;
  const t = s.at(i);
  if (!last || !t || t.type !== 'num' || last.sentence !== s.sentence(i) || !s.sym(i - 1, '(', '[')) return null;
  const close = s.sym(i - 1, '(') ? ')' : ']';
  const estimate = s.value(i);
  if (!estimate || !s.sym(estimate.next, ',', ';') || !s.num(estimate.next + 1)) return null;
  const interval = s.interval(estimate.next + 1, false);
  if (!interval || !s.sym(interval.next, close, ';', ',')) return null;
  if (last.kind === 'ratio_ci') {
    if (estimate.unit !== undefined || interval.unit !== undefined || estimate.value <= 0) return null;
    return {
      start: t.start,
      end: interval.end,
      reading: {
        kind: 'ratio_ci',
        values: {
          measure: last.measure ?? 'HR',
          adjusted: last.adjusted,
          estimate: estimate.value,
          lower: interval.lower,
          upper: interval.upper,
          level: null,
        },
      },
      warnings: [`read as the ${last.measure ?? 'ratio'} named before it in the sentence`],
    };
  }
  const unit = estimate.unit ?? interval.unit;
  return {
    start: t.start,
    end: interval.end,
    reading: {
      kind: 'estimate_ci',
      values: {
        estimate: estimate.value,
        lower: interval.lower,
        upper: interval.upper,
        level: null,
        ...(last.measure ? { measure: last.measure } : {}),
      },
      ...(unit !== undefined ? { unit } : {}),
    },
    warnings: [],
  };
};
