// Matcher for medians with an interval: median_iqr ("median 33 months (IQR 20–45)", "median (IQR) 5 (3–8)")
// and median_range ("median 12 days (range 2–41)"); an unlabelled interval after "median" is ambiguous.
// Layer: shared (pure).
import { Format } from './formats';
import type { IntervalRead, Scan } from './scan';
import type { Token } from './tokens';
import type { Reading } from './types';
import { numberWord } from './counts';
import { readUnit } from './units';
import type { Matcher } from './matcher';

type IntervalLabel = 'iqr' | 'range';

function readIntervalLabel(s: Scan, i: number): { label: IntervalLabel; next: number } | null {
  const t = s.at(i);
  if (!t) return null;
  if (t.type === 'word') {
    if (t.norm === 'iqr' || t.norm === 'iqrs' || t.norm === 'quartiles') return { label: 'iqr', next: i + 1 };
    if (t.norm === 'interquartile' || t.norm === 'inter') {
      let k = i + 1;
      if (s.sym(k, '-')) k++;
      if (s.word(k, 'quartile')) k++;
      if (!s.word(k, 'range', 'ranges')) return null;
      // "[interquartile range, IQR]"
      if (s.sym(k + 1, ',') && s.word(k + 2, 'iqr')) return { label: 'iqr', next: k + 3 };
      return { label: 'iqr', next: k + 1 };
    }
    if (t.norm === 'q1' && s.sym(i + 1, '-', ',') && s.word(i + 2, 'q3')) return { label: 'iqr', next: i + 3 };
    if (t.norm === 'range') return { label: 'range', next: i + 1 };
    if ((t.norm === 'min' || t.norm === 'minimum') && s.sym(i + 1, '-', '/', ',') && s.word(i + 2, 'max', 'maximum'))
      return { label: 'range', next: i + 3 };
    return null;
  }
  // "25th–75th percentile"
  if (
    t.type === 'num' &&
    t.value === 25 &&
    s.word(i + 1, 'th') &&
    s.sym(i + 2, '-') &&
    s.num(i + 3) &&
    s.at(i + 3)?.value === 75 &&
    s.word(i + 4, 'th')
  ) {
    let k = i + 5;
    if (s.word(k, 'percentile', 'percentiles', 'centile', 'centiles')) k++;
    return { label: 'iqr', next: k };
  }
  return null;
}

function medianReading(label: IntervalLabel, median: number, iv: IntervalRead, unit: string | undefined): Reading {
  const u = unit !== undefined ? { unit } : {};
  return label === 'iqr'
    ? { kind: 'median_iqr', values: { median, q1: iv.lower, q3: iv.upper }, ...u }
    : { kind: 'median_range', values: { median, min: iv.lower, max: iv.upper }, ...u };
}

/** "median 33 months (IQR 20–45)", "median (IQR) 5 (3–8)", "33 (interquartile range, 20 to 45)", "median 4 (1–12)" (ambiguous). */
export const median: Matcher = (s, i) => {
  const first = s.at(i);
  if (!first) return null;
  let k = i;
  const saysMedian = first.type === 'word' && first.norm === 'median';
  let declared: IntervalLabel | null = null;
  if (first.type === 'word') {
    if (!saysMedian) return null;
    k++;
    // "median age", "median follow-up was", "median (IQR) age of"
    let skipped = 0;
    while (skipped < 10 && !s.num(k) && !numberWord(s, k)) {
      const t = s.at(k);
      if (!t) return null;
      if (t.type === 'word' || s.sym(k, ',', ':', '=', '-')) {
        k++;
        skipped++;
      } else if (
        s.sym(k, '(', '[') &&
        readIntervalLabel(s, k + 1) &&
        s.sym((readIntervalLabel(s, k + 1) as { next: number }).next, ')', ']')
      ) {
        // "median (IQR) age": the header names the interval
        const header = readIntervalLabel(s, k + 1) as { label: IntervalLabel; next: number };
        declared = header.label;
        k = header.next + 1;
        skipped++;
      } else {
        return null;
      }
    }
  } else if (first.type !== 'num') {
    return null;
  }
  let value = s.value(k);
  if (!value && saysMedian) {
    // "a median of two connections to the tool (range 1–12)"
    const word = numberWord(s, k);
    if (word) {
      const w = s.at(k) as Token;
      value = {
        value: word.value,
        isInt: true,
        start: w.start,
        end: (s.at(word.next - 1) as Token).end,
        next: word.next,
        warnings: [],
      };
    }
  }
  if (!value) return null;
  let j = value.next;
  if (saysMedian && s.at(j)?.type === 'word') {
    // a few words may name what was counted before the labelled interval
    let w = j;
    while (w < j + 5 && s.at(w)?.type === 'word') w++;
    if (s.sym(w, '(', '[') && readIntervalLabel(s, w + 1)) j = w;
  }
  const bracket = s.sym(j, '(', '[');
  const close = s.sym(j, '(') ? ')' : ']';
  if (!bracket && !s.sym(j, ',', ';')) return null;
  j++;
  const labelled = readIntervalLabel(s, j);
  if (labelled) {
    j = labelled.next;
    if (s.sym(j, ':', ',', '=')) j++;
    else if (s.word(j, 'of')) j++;
  } else if (!bracket) {
    return null;
  }
  const iv = s.interval(j, true);
  if (!iv) return null;
  let end = iv.end;
  let unit = value.unit ?? iv.unit;
  if (bracket && s.sym(iv.next, close)) {
    end = (s.at(iv.next) as Token).end;
    if (unit === undefined) {
      // "median (IQR) stay 5 (3–8) days"
      const after = readUnit(s.text, end);
      if (after && after.unit !== '%') {
        unit = after.unit;
        end = after.end;
      }
    }
  }
  const warnings: string[] = [];
  if (value.value < iv.lower || value.value > iv.upper) warnings.push('the median lies outside its interval');
  let label: IntervalLabel | null = labelled ? labelled.label : declared;
  if (!label) {
    if (s.declares(k, Format.MedianIqr)) label = 'iqr';
    else if (s.declares(k, Format.MedianRange)) label = 'range';
  }
  if (!label && !saysMedian) return null;
  if (!label) {
    return {
      start: first.start,
      end,
      reading: null,
      candidates: [medianReading('iqr', value.value, iv, unit), medianReading('range', value.value, iv, unit)],
      warnings: [...warnings, 'the interval after the median is not labelled IQR or range'],
    };
  }
  if (!saysMedian && labelled?.label === 'range') return null; // "33 (range 12–60)" may be a mean
  return { start: first.start, end, reading: medianReading(label, value.value, iv, unit), warnings };
};
