// Reading one number as papers write it: "1,088" (thousands), "0.54", ".03", "0·74" (Lancet middle dot),
// "23,5" (decimal comma, only
// where it cannot be a thousands separator and the text uses no decimal points), "2.1e-5", and number
// words for counts ("Ten patients"). Layer: shared (pure).

export interface ScannedNumber {
  /** End offset (exclusive) of the number in the text. */
  end: number;
  value: number;
  isInt: boolean;
  /** Set when a decimal comma was read as a decimal point (an assumption worth a warning). */
  decimalComma: boolean;
  /** The run had two or more decimal points and no comma ("23.564.3"): likely a damaged "±", see damage.ts. */
  malformed: boolean;
}

const ZERO = 48;
const MAX_RUN = 48;
const NINE = 57;

export function isDigitCode(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

const PLAIN_INT = /^\d+$/;
const PLAIN_DEC = /^\d*\.\d+$/;
const THOUSANDS_INT = /^[1-9]\d{0,2}(?:,\d{3})+$/;
const THOUSANDS_DEC = /^[1-9]\d{0,2}(?:,\d{3})+\.\d+$/;
const COMMA_DEC = /^\d+,\d+$/;
const LEADING_ZERO_COMMA = /^0,\d+$/;
const SHORT_COMMA = /^\d{1,3},\d{1,2}$/;
const LOOKS_THOUSANDS = /^[1-9]\d{0,2},\d{3}$/;

/** Parses a complete numeral string; null when it is not one well-formed number. */
export function parseNumeral(
  raw: string,
  decimalComma: boolean,
): { value: number; isInt: boolean; comma: boolean } | null {
  if (PLAIN_INT.test(raw)) return { value: Number(raw), isInt: true, comma: false };
  if (PLAIN_DEC.test(raw)) return { value: Number(raw), isInt: false, comma: false };
  if (THOUSANDS_INT.test(raw)) return { value: Number(raw.replace(/,/g, '')), isInt: true, comma: false };
  if (THOUSANDS_DEC.test(raw)) return { value: Number(raw.replace(/,/g, '')), isInt: false, comma: false };
  if (decimalComma && COMMA_DEC.test(raw) && !LOOKS_THOUSANDS.test(raw)) {
    return { value: Number(raw.replace(',', '.')), isInt: false, comma: true };
  }
  return null;
}

/**
 * Scans the number starting at `pos` (a digit, or "." followed by a digit). Never fails: a run that is
 * not one number ("1,2,3", "0.27,0.98") yields its longest well-formed prefix.
 */
export function scanNumber(text: string, pos: number, decimalComma: boolean, groups = true): ScannedNumber {
  // No number is longer than MAX_RUN characters; the cap keeps "1,1,1,…" from being rescanned at length.
  const n = Math.min(text.length, pos + MAX_RUN);
  let j = pos;
  let dots = 0;
  let thin = false;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (isDigitCode(c)) {
      j++;
    } else if ((c === 46 || c === 44 || c === 0xb7) && j + 1 < n && isDigitCode(text.charCodeAt(j + 1))) {
      if (c !== 44) dots++;
      j++;
    } else if (groups && isGroupSpace(c) && isThinGroup(text, j + 1)) {
      thin = true;
      j++;
    } else {
      break;
    }
  }
  // The Lancet writes decimals with a middle dot ("0·74"); it reads as a point.
  const run = text.slice(pos, j).replace(/\u00b7/g, '.');
  if (thin) {
    // "1 088" and "12 450,5" with thin or no-break spaces between groups of three digits
    const grouped = THIN_GROUPED.exec(run);
    const rest = grouped ? parseNumeral(run.replace(/[\u2009\u202f\u00a0\u2007\u2008]/g, ''), decimalComma) : null;
    if (rest) return withExponent(text, j, rest.value, rest.isInt, rest.comma, false);
    // Not digit groups ("12.5 250 ms", ".5 100"): the space ends the number. Reading again without
    // groups always ends after at least one digit, so the tokeniser always moves on.
    return scanNumber(text, pos, decimalComma, false);
  }
  // A decimal comma in a text that otherwise writes points: "P = 0,022" (no thousands group starts with
  // 0) and "64,3%" (one or two digits before a percent sign cannot be a thousands group).
  if (
    !decimalComma &&
    run.includes(',') &&
    (LEADING_ZERO_COMMA.test(run) || (SHORT_COMMA.test(run) && text.charCodeAt(j) === 37))
  ) {
    const comma = parseNumeral(run, true);
    if (comma) return withExponent(text, j, comma.value, comma.isInt, comma.comma, false);
  }
  const whole = parseNumeral(run, decimalComma);
  if (whole) return withExponent(text, j, whole.value, whole.isInt, whole.comma, false);
  if (dots >= 2 && !run.includes(',')) {
    // Kept whole so damage.ts can try reading it as "mean ± SD"; the value is the first well-formed part.
    const prefix = longestPrefix(run, decimalComma);
    return { end: j, value: prefix.value, isInt: prefix.isInt, decimalComma: false, malformed: true };
  }
  const prefix = longestPrefix(run, decimalComma);
  return {
    end: pos + prefix.length,
    value: prefix.value,
    isInt: prefix.isInt,
    decimalComma: prefix.comma,
    malformed: false,
  };
}

/** Thin, narrow no-break, no-break, figure and punctuation spaces group digits ("17\u2008288"). */
function isGroupSpace(c: number): boolean {
  return c === 0x2009 || c === 0x202f || c === 0xa0 || c === 0x2007 || c === 0x2008;
}

const THIN_GROUPED = /^[1-9]\d{0,2}(?:[\u2009\u202f\u00a0\u2007\u2008]\d{3})+(?:[.,]\d+)?$/;

/** A thin or no-break space is a thousands separator only before exactly three digits. */
function isThinGroup(text: string, at: number): boolean {
  for (let k = 0; k < 3; k++) if (!isDigitCode(text.charCodeAt(at + k))) return false;
  return !isDigitCode(text.charCodeAt(at + 3));
}

function longestPrefix(
  run: string,
  decimalComma: boolean,
): { length: number; value: number; isInt: boolean; comma: boolean } {
  // Separator positions split the run; try prefixes from the longest down. Runs are short.
  const cuts: number[] = [];
  for (let k = 0; k < run.length; k++) if (run[k] === '.' || run[k] === ',') cuts.push(k);
  for (let c = cuts.length - 1; c >= 0; c--) {
    const head = run.slice(0, cuts[c]);
    const parsed = head.length > 0 ? parseNumeral(head, decimalComma) : null;
    if (parsed) return { length: head.length, ...parsed };
  }
  // A leading "." run such as ".5.3" falls back to its first digits.
  const digits = /^\.?\d+/.exec(run)?.[0] ?? run;
  return { length: digits.length, value: Number(digits), isInt: !digits.includes('.'), comma: false };
}

const EXPONENT = /[eE][-+\u2212]?\d{1,3}(?![\p{L}\d])/uy;

function withExponent(
  text: string,
  end: number,
  value: number,
  isInt: boolean,
  comma: boolean,
  malformed: boolean,
): ScannedNumber {
  EXPONENT.lastIndex = end;
  const m = EXPONENT.exec(text);
  if (m) {
    const exp = Number(m[0].slice(1).replace('\u2212', '-'));
    const scaled = Number(`${value}e${exp}`);
    // "1e309" overflows: the exponent is left unread rather than returning Infinity.
    if (Number.isFinite(scaled))
      return { end: end + m[0].length, value: scaled, isInt: false, decimalComma: comma, malformed };
  }
  return { end, value, isInt, decimalComma: comma, malformed };
}

/** Number words that open counts ("Ten patients", "eight studies"). */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['thirteen', 13],
  ['fourteen', 14],
  ['fifteen', 15],
  ['sixteen', 16],
  ['seventeen', 17],
  ['eighteen', 18],
  ['nineteen', 19],
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['sixty', 60],
  ['seventy', 70],
  ['eighty', 80],
  ['ninety', 90],
  ['hundred', 100],
]);

/** True when the text writes decimals with a comma: it has "23,5"-style numbers and no "23.5"-style ones. */
export function usesDecimalComma(text: string): boolean {
  return !/\d\.\d/.test(text) && /\d,(?:\d{1,2}|\d{4,})(?!\d)/.test(text);
}
