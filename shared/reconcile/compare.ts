// Comparing two reviewers' extractions of one cell: numbers are compared after normalisation
// ("12.0" = 12, "1,024" = 1024) and within the review's tolerance (absolute or relative; exact by
// default), text after trimming and folding case and white space, multiple choices as sets.
// Layer: shared (pure TypeScript).
import type { CellValue } from '../model/extraction';

export type Tolerance =
  { kind: 'exact' } | { kind: 'absolute'; amount: number } | { kind: 'relative'; percent: number };

export const EXACT: Tolerance = { kind: 'exact' };

/** "0.01" is absolute, "0.5%" relative, "0" or "exact" exact; null for anything else. */
export function parseTolerance(text: string): Tolerance | null {
  const t = text.trim();
  if (t === 'exact') return EXACT;
  const match = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(t);
  if (!match) return null;
  const amount = Number(match[1]);
  if (!Number.isFinite(amount)) return null;
  if (amount === 0) return EXACT;
  if (match[2] === '%') return amount > 100 ? null : { kind: 'relative', percent: amount };
  return { kind: 'absolute', amount };
}

const THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** A number written as a number or as text ("12.0", "1,024", " 3 "); null when it is not one. */
export function normaliseNumber(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length > 60) return null;
  const plain = THOUSANDS.test(text) ? text.replace(/,/g, '') : text;
  if (!PLAIN.test(plain)) return null;
  const n = Number(plain);
  return Number.isFinite(n) ? n : null;
}

const foldText = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');

/** One side of a cell: a value or "not reported"; an empty cell is null. */
export interface CellSide {
  state: 'value' | 'not_reported';
  value: CellValue;
}

export type CellState = 'agree' | 'differ' | 'only_one' | 'both_not_reported';

export interface Comparison {
  state: CellState;
  /** The same value after normalisation (or both not reported). */
  exact: boolean;
  /** The same within the tolerance (true whenever exact). */
  withinTolerance: boolean;
}

function numbersAgree(a: number, b: number, tolerance: Tolerance): boolean {
  if (a === b) return true;
  // A little room for binary floating point (0.1 + 0.2), far below any tolerance a review sets.
  const slack = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const diff = Math.abs(a - b);
  if (tolerance.kind === 'absolute') return diff <= tolerance.amount + slack;
  if (tolerance.kind === 'relative')
    return diff <= (tolerance.percent / 100) * Math.max(Math.abs(a), Math.abs(b)) + slack;
  return false;
}

/** Whether two values are the same after normalisation, and within the tolerance. */
export function compareValues(a: CellValue, b: CellValue, tolerance: Tolerance): { exact: boolean; within: boolean } {
  const na = normaliseNumber(a);
  const nb = normaliseNumber(b);
  if (na !== null && nb !== null) {
    const exact = na === nb;
    return { exact, within: exact || numbersAgree(na, nb, tolerance) };
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const set = (v: CellValue) =>
      [...new Set((Array.isArray(v) ? v : v === null ? [] : [String(v)]).map(foldText))].sort().join('\u0000');
    const exact = set(a) === set(b);
    return { exact, within: exact };
  }
  const exact = a !== null && b !== null && foldText(String(a)) === foldText(String(b));
  return { exact, within: exact };
}

/** Compares one cell of two reviewers; null when neither filled it. */
export function compareCells(a: CellSide | null, b: CellSide | null, tolerance: Tolerance = EXACT): Comparison | null {
  if (!a && !b) return null;
  if (!a || !b) return { state: 'only_one', exact: false, withinTolerance: false };
  if (a.state === 'not_reported' && b.state === 'not_reported')
    return { state: 'both_not_reported', exact: true, withinTolerance: true };
  if (a.state !== b.state) return { state: 'differ', exact: false, withinTolerance: false };
  const { exact, within } = compareValues(a.value, b.value, tolerance);
  return { state: within ? 'agree' : 'differ', exact, withinTolerance: within };
}
