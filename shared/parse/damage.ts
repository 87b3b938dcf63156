// Repairing the typical damage of PDF symbol fonts, where text extraction maps a Symbol-font glyph to
// the ASCII character with the same code: "±" comes out as the digit "6" ("71610 years" is 71 ± 10,
// "23.564.3%" is 23.5 ± 4.3%), "≥" as "$", "≤" as "#" and "<" as "," ("P,0.001"). Every repair is
// reported as a warning; when a damaged number splits in more than one plausible way the caller returns
// the candidates instead of a value. Layer: shared (pure).
//
// When a "6" is read as "±":
// - certain: the run has two decimal points ("23.564.3"), which no number has; every split at a "6" into
//   two well-formed numbers is a candidate.
// - suspected: an integer of four or more digits (or a decimal whose integer part has four or more) in a
//   text with no intact "±" or "+/-", followed by a unit or inside a "from … to …" change. A split is a
//   candidate only when the SD is positive and not larger than the mean, since a plain integer could
//   also just be a number.

import { parseNumeral } from './numbers';
import type { Comparator } from './types';

export interface PlusMinusSplit {
  mean: number;
  sd: number;
}

export const SIX_WARNING = 'read "6" as a "±" damaged by PDF text extraction';

/** Longer runs are not a mean and SD run together; the limit also keeps the work per token constant. */
const MAX_DAMAGED_LENGTH = 16;

const WELL_FORMED = /^(?:0|[1-9]\d*)(?:\.\d+)?$|^0?\.\d+$/;

/** Every reading of a damaged run as "mean ± sd", splitting at each "6" that is not first or last. */
export function splitAtSix(raw: string, certain: boolean): PlusMinusSplit[] {
  const sign = raw.startsWith('-') || raw.startsWith('\u2212') || raw.startsWith('\u2013') ? -1 : 1;
  const digits = sign === -1 ? raw.slice(1) : raw;
  const out: PlusMinusSplit[] = [];
  if (digits.length > MAX_DAMAGED_LENGTH) return out;
  for (let k = 1; k < digits.length - 1; k++) {
    if (digits[k] !== '6') continue;
    const left = digits.slice(0, k);
    const right = digits.slice(k + 1);
    if (!WELL_FORMED.test(left) || !WELL_FORMED.test(right)) continue;
    const mean = parseNumeral(left, false);
    const sd = parseNumeral(right, false);
    if (!mean || !sd || sd.value <= 0) continue;
    if (!certain && sd.value > mean.value) continue;
    out.push({ mean: sign * mean.value, sd: sd.value });
  }
  // Most plausible first: an SD no larger than the mean, then the longer mean.
  return out.sort(
    (a, b) =>
      Number(b.sd <= Math.abs(b.mean)) - Number(a.sd <= Math.abs(a.mean)) || Math.abs(b.mean) - Math.abs(a.mean),
  );
}

/** True when a plain number token could be a damaged "mean ± SD" (see "suspected" above). */
export function suspectSix(raw: string): boolean {
  const digits = raw.replace(/^[-\u2212\u2013]/, '');
  if (digits.length > MAX_DAMAGED_LENGTH || !/^\d+(?:\.\d+)?$/.test(digits)) return false;
  const intPart = digits.split('.')[0] as string;
  return intPart.length >= 4 && intPart.slice(1).includes('6');
}

/** True when the text shows no intact plus-minus sign, so a "6" may stand for one. */
export function mayHaveLostPlusMinus(text: string): boolean {
  return !/±|\+\/-|\+-|\+\/\u2212|∓/.test(text);
}

/** Comparison operators that symbol fonts turn into other characters. */
export const DAMAGED_OPERATORS: ReadonlyMap<string, Comparator> = new Map([
  ['$', '≥'],
  ['#', '≤'],
  [',', '<'],
]);

export function operatorWarning(raw: string, op: Comparator): string {
  return `read "${raw}" as "${op}" damaged by PDF text extraction`;
}
