// The statistics recogniser's entry: recognise(text) lists every statistic written in a text ("23.5 ±
// 4.3%", "9 of 10", "HR 0.51 (0.27–0.98)", "P=.03"...) with offsets into it. It tokenises once, tries every
// matcher at each token, keeps the longest match (ties go to the earlier matcher in MATCHERS) and
// continues after it, so statistics never overlap and the work is linear in the text. Layer: shared.
//
// Output contract: see types.ts. text.slice(start, end) === text of the statistic, always; warnings list
// every assumption (damaged PDF symbols, decimal commas, defaulted CI levels, a unit taken from a table
// row label); ambiguous readings come back as kind 'ambiguous' with candidates, never as an invented value.
import type { Found } from './matcher';
import { MATCHERS, mayStart } from './matchers';
import { Scan } from './scan';
import { tokenize, type Token } from './tokens';
import type { Statistic } from './types';
import { unitFromRowLabel } from './units';

const DECIMAL_COMMA_WARNING = 'read "," as a decimal point';

/** Kinds whose unit a table row label can give ("LVEF, %  23.5 ± 4.3"); counts and p-values have none. */
const ROW_UNIT_KINDS: ReadonlySet<string> = new Set([
  'mean_sd',
  'mean_se',
  'median_iqr',
  'median_range',
  'change',
  'estimate_ci',
]);

export function recognise(text: string): Statistic[] {
  const { list } = tokenize(text);
  const scan = new Scan(text, list);
  const out: Statistic[] = [];
  let i = 0;
  while (i < list.length) {
    if (!mayStart(list[i] as Token) || inName(list, i)) {
      i++;
      continue;
    }
    let best: Found | null = null;
    for (const matcher of MATCHERS) {
      const found = matcher(scan, i);
      if (found && found.end > found.start && (!best || found.end > best.end)) best = found;
    }
    if (!best) {
      i++;
      continue;
    }
    // A value that overflowed to Infinity (or worse) is not a statistic anyone wrote.
    const next = scan.indexFrom(i + 1, best.end);
    if (allFinite(best)) {
      out.push(toStatistic(text, list, i, best));
      remember(scan, i, next, best);
    }
    i = next;
  }
  shareUnits(text, out);
  return out;
}

/** "SF-36", "EQ-5D-3", "PDQ-39": a number joined by a hyphen to a word is part of a name. */
function inName(list: Token[], i: number): boolean {
  const t = list[i] as Token;
  if (t.type !== 'num' || t.space) return false;
  const dash = list[i - 1];
  const word = list[i - 2];
  return dash !== undefined && dash.norm === '-' && !dash.space && word !== undefined && word.type === 'word';
}

/** What later matchers may continue: an interval statistic in this sentence, a p-value just before. */
function remember(scan: Scan, at: number, next: number, found: Found): void {
  const r = found.reading;
  if (r && r.kind === 'ratio_ci')
    scan.lastInterval = {
      kind: r.kind,
      measure: r.values.measure,
      adjusted: r.values.adjusted,
      sentence: scan.sentence(at),
    };
  else if (r && r.kind === 'estimate_ci')
    scan.lastInterval = { kind: r.kind, measure: r.values.measure, adjusted: false, sentence: scan.sentence(at) };
  scan.lastP = r && r.kind === 'p_value' ? { next, op: r.values.op } : null;
}

const UNIT_SHARING_KINDS: ReadonlySet<string> = new Set([
  'mean_sd',
  'mean_se',
  'median_iqr',
  'median_range',
  'estimate_ci',
  'change',
]);
/** What may stand between values that share the unit written after the last: "a versus b ml", "a, b and c kg". */
const BETWEEN_SHARED = /^\s*(?:[,;]\s*)?(?:(?:versus|vs\.?|and|or)\s*)?$/i;

/** "4,618 ± 1,557 versus 1,694 ± 705 ml", "−1.4 (−2.0, −0.8), −2.1 (−2.9, −1.4) and −1.5 (−2.2, −0.8) kg":
 * a unit written once after a list of values of one kind belongs to each of them. */
function shareUnits(text: string, out: Statistic[]): void {
  for (let k = out.length - 2; k >= 0; k--) {
    const a = out[k] as Statistic;
    const b = out[k + 1] as Statistic;
    if (a.unit !== undefined || b.unit === undefined || a.kind !== b.kind || !UNIT_SHARING_KINDS.has(a.kind)) continue;
    if (b.start - a.end > 12 || !BETWEEN_SHARED.test(text.slice(a.end, b.start))) continue;
    a.unit = b.unit;
    a.warnings.push(`unit "${b.unit}" taken from the value after it`);
  }
}

function toStatistic(text: string, list: Token[], from: number, found: Found): Statistic {
  const warnings = [...found.warnings];
  for (let k = from; k < list.length && (list[k] as Token).start < found.end; k++) {
    if ((list[k] as Token).decimalComma && !warnings.includes(DECIMAL_COMMA_WARNING))
      warnings.push(DECIMAL_COMMA_WARNING);
  }
  const located = { start: found.start, end: found.end, text: text.slice(found.start, found.end) };
  if (found.reading) {
    const { kind, values } = found.reading;
    let unit = found.reading.unit;
    if (unit === undefined && ROW_UNIT_KINDS.has(kind)) {
      unit = unitFromRowLabel(text, found.start) ?? undefined;
      if (unit !== undefined) warnings.push(`unit "${unit}" taken from the table row label`);
    }
    return {
      kind,
      ...located,
      values,
      ...(unit !== undefined ? { unit } : {}),
      warnings: dedupe(warnings),
    } as Statistic;
  }
  return { kind: 'ambiguous', ...located, values: {}, warnings: dedupe(warnings), candidates: found.candidates ?? [] };
}

function allFinite(found: Found): boolean {
  if (found.reading) return finite(found.reading.values);
  return (found.candidates ?? []).every((c) => finite(c.values));
}

function finite(values: object): boolean {
  for (const key in values) {
    const v = (values as Record<string, unknown>)[key];
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v === 'object' && v !== null && !finite(v)) return false;
  }
  return true;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}
