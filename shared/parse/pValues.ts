// Matcher for p-values: "P = 0.04", "p <0.01", "P=.03", "P for interaction = 0.04", "P < 1 × 10⁻⁴" and the
// damaged "P,0.001" (a "<" lost by PDF extraction). Layer: shared (pure).
import { DAMAGED_OPERATORS, operatorWarning } from './damage';
import { COMPARATORS } from './scan';
import type { Token } from './tokens';
import type { Comparator } from './types';
import type { Matcher } from './matcher';

export const P_WORDS = new Set(['p', 'pinteraction', 'ptrend', 'pheterogeneity', 'pint', 'phet', 'pvalue']);
const P_QUALIFIERS = new Set([
  'value',
  'values',
  'trend',
  'interaction',
  'heterogeneity',
  'het',
  'int',
  'difference',
  'diff',
  'overall',
]);

/** "P = 0.04", "p <0.01", "P=.03", "P for interaction = 0.04", "P < 1 × 10⁻⁴", damaged "P,0.001". */
export const pValue: Matcher = (s, i) => {
  const t = s.at(i);
  if (!t || t.type !== 'word' || !P_WORDS.has(t.norm)) return null;
  const raw = s.raw(i);
  if (raw !== 'P' && raw !== 'p' && t.norm === 'p') return null;
  let k = i + 1;
  if (s.sym(k, '-') && s.at(k + 1)?.type === 'word' && P_QUALIFIERS.has((s.at(k + 1) as Token).norm)) k += 2;
  else if (s.at(k)?.type === 'word' && P_QUALIFIERS.has((s.at(k) as Token).norm)) k++;
  else if (s.word(k, 'for')) {
    k++;
    for (let w = 0; w < 2 && s.at(k)?.type === 'word' && !s.word(k, 'was', 'of', 'is'); w++) k++;
  }
  if (s.word(k, 'from', 'by', 'using') && k > i + 1) {
    // "p-value from Fisher’s exact test < 0.001": up to five words name the test
    let j = k + 1;
    for (let w = 0; w < 6 && (s.at(j)?.type === 'word' || s.sym(j, '’', "'", '-')); w++) j++;
    if (s.at(j)?.type === 'sym' && COMPARATORS.has((s.at(j) as Token).norm)) k = j;
  }
  let op: Comparator | undefined;
  const warnings: string[] = [];
  if (s.word(k, 'was', 'is', 'of', 'value')) {
    k++;
    if (s.word(k, 'of')) k++;
    op = '=';
  }
  const sym = s.at(k);
  if (sym && sym.type === 'sym') {
    const plain = COMPARATORS.get(sym.norm);
    const damaged = DAMAGED_OPERATORS.get(sym.norm);
    if (plain) {
      op = plain;
      k++;
    } else if (sym.norm === ':') {
      op ??= '=';
      k++;
    } else if (damaged && s.num(k + 1) && !(s.at(k + 1) as Token).space) {
      op = damaged;
      warnings.push(operatorWarning(sym.norm, damaged));
      k++;
    }
  }
  if (op === undefined) return null;
  const v = s.bare(k);
  if (!v || v.value < 0) return null;
  let p = v.value;
  let end = v.end;
  // scientific notation: "1 × 10⁻⁴", "1.2x10-5", "3 × 10^−4"
  const j = v.next;
  const times = (s.sym(j, '×', '*', '·') || s.word(j, 'x')) && s.num(j + 1) && s.at(j + 1)?.value === 10;
  if (times || s.word(j, 'x10')) {
    const ten = times ? j + 1 : j; // "1.2x10^-8" reads "x10" as one word
    let exponent: number | null = null;
    let expEnd = 0;
    const e = s.at(ten + 1);
    if (e && e.type === 'sup' && !e.space) {
      exponent = e.value;
      expEnd = e.end;
    } else if (s.sym(ten + 1, '^', '-') && s.num(ten + 2)) {
      const n = s.at(ten + 2) as Token;
      exponent = s.sym(ten + 1, '-') ? -Math.abs(n.value) : n.value;
      expEnd = n.end;
    } else if (e && e.type === 'num' && e.value < 0 && !e.space) {
      exponent = e.value;
      expEnd = e.end;
    }
    if (exponent !== null && Number.isFinite(exponent)) {
      p = Number(`${p}e${exponent}`);
      end = expEnd;
    }
  }
  if (!(p <= 1)) return null;
  return { start: t.start, end, reading: { kind: 'p_value', values: { p, op } }, warnings };
};

/** The second of "p = 0.60 and 0.33" (or "P = 0.02, P = 0.005" written "P = 0.02, 0.005)"): same comparator. */
export const pValueList: Matcher = (s, i) => {
  const last = s.lastP;
  if (!last || last.next !== i - 1 || !(s.word(i - 1, 'and') || s.sym(i - 1, ','))) return null;
  const v = s.bare(i);
  if (!v || v.value < 0 || v.value > 1 || v.isInt) return null;
  if (!(s.sym(v.next, ')', ';', ']', '.') || s.word(v.next, 'respectively') || s.at(v.next) === undefined)) return null;
  return {
    start: v.start,
    end: v.end,
    reading: { kind: 'p_value', values: { p: v.value, op: last.op } },
    warnings: [],
  };
};
