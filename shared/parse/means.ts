// Matchers for means with their spread and for changes: mean_sd / mean_se ("23.5 ± 4.3%", "64.2 (SD 11.3)
// years", damaged "71610 years") and change ("from 226 ± 78 to 212 ± 83 ml", damaged "from 159678 to
// 145678 ml"). Layer: shared (pure).
import type { PlusMinusSplit } from './damage';
import type { MeanSdRead, Scan, ValueRead } from './scan';
import type { ChangeSide, Reading } from './types';
import type { Matcher } from './matcher';

function meanSdReading(m: MeanSdRead, split?: PlusMinusSplit): Reading {
  const mean = split ? split.mean : m.mean;
  const sd = split ? split.sd : m.sd;
  const u = m.unit !== undefined ? { unit: m.unit } : {};
  return m.label === 'se'
    ? { kind: 'mean_se', values: { mean, se: sd }, ...u }
    : { kind: 'mean_sd', values: { mean, sd }, ...u };
}

/** "23.5 ± 4.3%", "64.2 (SD 11.3) years", damaged "71610 years". */
export const meanSd: Matcher = (s, i) => {
  const m = s.meanSd(i);
  if (!m) return null;
  if (m.candidates) {
    return {
      start: m.start,
      end: m.end,
      reading: null,
      candidates: m.candidates.map((c) => meanSdReading(m, c)),
      warnings: [...m.warnings, 'the damaged number splits into "mean ± SD" in more than one way'],
    };
  }
  return { start: m.start, end: m.end, reading: meanSdReading(m), warnings: m.warnings };
};

const CHANGE_VERBS = new Set([
  'increased',
  'decreased',
  'reduced',
  'improved',
  'rose',
  'fell',
  'dropped',
  'declined',
  'changed',
  'went',
  'shifted',
  'grew',
  'worsened',
  'lowered',
  'raised',
  'increase',
  'decrease',
  'reduction',
  'change',
]);

type Side = { kind: 'meansd'; read: MeanSdRead } | { kind: 'value'; read: ValueRead };

function readSide(s: Scan, i: number): Side | null {
  const m = s.meanSd(i, true);
  if (m) return { kind: 'meansd', read: m };
  const v = s.value(i);
  return v ? { kind: 'value', read: v } : null;
}

function sideOptions(side: Side): ChangeSide[] {
  if (side.kind === 'value') return [{ value: side.read.value }];
  const m = side.read;
  const splits = m.candidates ?? [{ mean: m.mean, sd: m.sd }];
  return splits.map((c) => (m.label === 'se' ? { mean: c.mean, se: c.sd } : { mean: c.mean, sd: c.sd }));
}

function centre(c: ChangeSide): number {
  return 'mean' in c ? c.mean : c.value;
}

/** "from 226 ± 78 to 212 ± 83 ml", "(23.5 ± 4.3% to 32.0 ± 9.1%", "from 25 to 30 ml/min", damaged "from 159678 to 145678 ml". */
export const change: Matcher = (s, i) => {
  const first = s.at(i);
  if (!first) return null;
  const saysFrom = first.type === 'word' && first.norm === 'from';
  if (!saysFrom && first.type !== 'num') return null;
  let at = saysFrom ? i + 1 : i;
  if (saysFrom) {
    // "from a mean (SD) of 28.2 (13.08)", "from a mean of 0.70 (0.2)", "from baseline 12 ± 3"
    for (let w = 0; w < 6 && !s.num(at); w++) {
      if (s.word(at, 'a', 'an', 'the', 'mean', 'means', 'average', 'of', 'baseline', 'median')) at++;
      else if (
        s.sym(at, '(', '[') &&
        s.labelWord(at + 1) &&
        s.sym((s.labelWord(at + 1) as { next: number }).next, ')', ']')
      )
        at = (s.labelWord(at + 1) as { next: number }).next + 1;
      else return null;
    }
  }
  const a = readSide(s, at);
  if (!a) return null;
  let to = a.read.next;
  // "from 226 ± 78 ml at baseline to 212 ± 83 ml": a few words may name the first time point
  for (let w = 0; saysFrom && w < 3 && !s.word(to, 'to') && s.at(to)?.type === 'word'; w++) to++;
  if (!s.word(to, 'to')) return null;
  const b = readSide(s, to + 1);
  if (!b) return null;
  if (!saysFrom && (a.kind !== 'meansd' || b.kind !== 'meansd')) return null;
  const damagedA = a.kind === 'meansd' && a.read.damaged !== undefined;
  const damagedB = b.kind === 'meansd' && b.read.damaged !== undefined;
  // A suspected repair needs both sides damaged alike and a unit at the end, like "from 2564 to 3069 ml/min".
  if (damagedA !== damagedB) return null;
  const unit = b.read.unit ?? a.read.unit;
  const end = b.read.end;
  const suspected =
    (a.kind === 'meansd' && a.read.damaged === 'suspected') || (b.kind === 'meansd' && b.read.damaged === 'suspected');
  if (suspected && unit === undefined) return null;
  if (a.kind === 'value' && b.kind === 'value') {
    // "from 1 to 6 months" and "(NRS) from 0 to 10" are periods and scales; a change in whole numbers
    // needs a verb that says so ("increased from 2 to 5 days")
    if (
      a.read.isInt &&
      b.read.isInt &&
      a.read.unit !== '%' &&
      b.read.unit !== '%' &&
      !CHANGE_VERBS.has(s.at(i - 1)?.norm ?? '')
    )
      return null;
    if (
      a.read.isInt &&
      b.read.isInt &&
      a.read.value >= 1900 &&
      a.read.value <= 2100 &&
      b.read.value >= 1900 &&
      b.read.value <= 2100 &&
      unit === undefined
    ) {
      return null; // "from 2000 to 2012" is a period, not a change
    }
  }
  const warnings = [...a.read.warnings, ...b.read.warnings.filter((w) => !a.read.warnings.includes(w))];
  let pairs: Array<[ChangeSide, ChangeSide]> = [];
  for (const x of sideOptions(a)) for (const y of sideOptions(b)) pairs.push([x, y]);
  if (pairs.length > 1) {
    // A change keeps the order of magnitude: keep the pairs whose means are within a factor of two.
    const close = pairs.filter(([x, y]) => {
      const p = Math.abs(centre(x));
      const q = Math.abs(centre(y));
      return p > 0 && q > 0 && Math.max(p, q) / Math.min(p, q) <= 2;
    });
    if (close.length >= 1) {
      if (close.length < pairs.length) warnings.push('chose the split whose mean matches the other side of the change');
      pairs = close;
    }
  }
  const u = unit !== undefined ? { unit } : {};
  if (pairs.length === 1) {
    const [before, after] = pairs[0] as [ChangeSide, ChangeSide];
    return { start: first.start, end, reading: { kind: 'change', values: { before, after }, ...u }, warnings };
  }
  return {
    start: first.start,
    end,
    reading: null,
    candidates: pairs.slice(0, 6).map(([before, after]) => ({ kind: 'change', values: { before, after }, ...u })),
    warnings: [...warnings, 'the damaged numbers split into "mean ± SD" in more than one way'],
  };
};
