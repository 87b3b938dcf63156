// Splits text into numbers, words and symbols with their offsets, so the matchers never run regular
// expressions over the whole text (one linear pass; no backtracking). Layer: shared (pure).
//
// Symbols are normalised: "+/-" and "+-" become "±", "<=" becomes "≤", every dash becomes "-". A dash or
// Unicode minus directly before a digit is a sign when it cannot be a range dash (nothing, a bracket, a
// word with a space, or an operator before it), so "(−3.5 to −0.7)" holds two negative numbers while
// "0.27–0.98" is a range.
import { isDigitCode, scanNumber, usesDecimalComma } from './numbers';

export type TokenType = 'num' | 'word' | 'sym' | 'sup';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** word: lower case; sym: normalised symbol; num: the source text. */
  norm: string;
  /** num: the value (for a malformed run, its first well-formed part); sup: the exponent value. */
  value: number;
  isInt: boolean;
  /** Whitespace precedes the token. */
  space: boolean;
  /** num: a decimal comma was read. */
  decimalComma: boolean;
  /** num: a run with two decimal points, probably a damaged "±" (see damage.ts). */
  malformed: boolean;
  /** num: the currency sign written before it ("£95", "-£1410", "€12"); '' for none. */
  currency: string;
}

export interface Tokens {
  text: string;
  list: Token[];
}

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
};

const DASHES = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\u2015']);

const LETTER = /[\p{L}µ]/u;

function isWordStart(code: number, c: string): boolean {
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return true;
  return code > 127 && LETTER.test(c);
}

function isSpace(code: number): boolean {
  return (
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 13 ||
    code === 0xa0 ||
    code === 0x2009 ||
    code === 0x202f ||
    code === 0x200a ||
    code === 0x2002 ||
    code === 0x2003 ||
    code === 12 ||
    code === 11 ||
    code === 0x85 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x205f ||
    code === 0x3000
  );
}

const WORD_BODY = /[\p{L}\p{M}µ0-9]*/uy;

export function tokenize(text: string): Tokens {
  const list: Token[] = [];
  const decimalComma = usesDecimalComma(text);
  const n = text.length;
  let i = 0;
  let space = true;
  const push = (type: TokenType, start: number, end: number, norm: string, value = NaN, isInt = false) => {
    list.push({ type, start, end, norm, value, isInt, space, decimalComma: false, malformed: false, currency: '' });
    space = false;
  };
  while (i < n) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      space = true;
      i++;
      continue;
    }
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) {
      // Fast path for ASCII words, the bulk of any abstract.
      let j = i + 1;
      let upper = code <= 90;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 97 && d <= 122) || isDigitCode(d)) j++;
        else if (d >= 65 && d <= 90) {
          upper = true;
          j++;
        } else break;
      }
      if (j < n && text.charCodeAt(j) > 127) {
        WORD_BODY.lastIndex = j;
        const m = WORD_BODY.exec(text);
        if (m && m[0].length > 0) {
          upper = true;
          j += m[0].length;
        }
      }
      const raw = text.slice(i, j);
      push('word', i, j, upper ? raw.toLowerCase() : raw);
      i = j;
      continue;
    }
    const c = text[i] as string;
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    const nextIsNumber = isDigitCode(next) || (next === 46 && i + 2 < n && isDigitCode(text.charCodeAt(i + 2)));
    if (isDigitCode(code) || (code === 46 && isDigitCode(next))) {
      readNumber(i, i, 1);
      continue;
    }
    if (DASHES.has(c) && nextIsNumber && isSignPosition(list, space, c)) {
      readNumber(i, i + 1, -1);
      continue;
    }
    // "£95", "−£1410": the currency sign belongs to the number (and to its unit)
    if ((code === 0xa3 || code === 0x20ac) && isDigitCode(next)) {
      readNumber(i, i + 1, 1, c);
      continue;
    }
    if (
      DASHES.has(c) &&
      (next === 0xa3 || next === 0x20ac) &&
      isDigitCode(text.charCodeAt(i + 2)) &&
      isSignPosition(list, space, c)
    ) {
      readNumber(i, i + 2, -1, text[i + 1] as string);
      continue;
    }
    if (isWordStart(code, c)) {
      WORD_BODY.lastIndex = i + 1;
      const m = WORD_BODY.exec(text);
      const end = i + 1 + (m ? m[0].length : 0);
      push('word', i, end, text.slice(i, end).toLowerCase());
      i = end;
      continue;
    }
    if (c in SUPERSCRIPTS) {
      let j = i;
      let s = '';
      while (j < n && (text[j] as string) in SUPERSCRIPTS) {
        s += SUPERSCRIPTS[text[j] as string];
        j++;
      }
      const v = Number(s.replace(/^\+/, ''));
      push('sup', i, j, s, v, Number.isInteger(v));
      i = j;
      continue;
    }
    // Symbols, longest first.
    const three = text.slice(i, i + 3);
    if (three === '+/-' || three === '+/\u2212') {
      push('sym', i, i + 3, '±');
      i += 3;
      continue;
    }
    const two = text.slice(i, i + 2);
    const twoNorm = TWO_CHAR[two];
    if (twoNorm) {
      push('sym', i, i + 2, twoNorm);
      i += 2;
      continue;
    }
    // Characters outside the Basic Multilingual Plane count as one symbol.
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
    push('sym', i, i + width, ONE_CHAR[c] ?? (DASHES.has(c) ? '-' : text.slice(i, i + width)));
    i += width;
  }
  return { text, list };

  function readNumber(start: number, digitsAt: number, sign: number, currency = ''): void {
    const scanned = scanNumber(text, digitsAt, decimalComma);
    // Every token ends after its first digit: the tokeniser never stands still.
    const end = Math.max(scanned.end, digitsAt + 1);
    list.push({
      type: 'num',
      start,
      end,
      norm: text.slice(start, end),
      value: sign * scanned.value,
      isInt: scanned.isInt,
      space,
      decimalComma: scanned.decimalComma,
      malformed: scanned.malformed,
      currency,
    });
    space = false;
    i = end;
  }
}

const TWO_CHAR: Record<string, string> = {
  '+-': '±',
  '<=': '≤',
  '=<': '≤',
  '>=': '≥',
  '=>': '≥',
};
const ONE_CHAR: Record<string, string> = {
  '\u2264': '≤',
  '\u2A7D': '≤',
  '\u2265': '≥',
  '\u2A7E': '≥',
  '\uFF1C': '<',
  '\uFF1E': '>',
  '\uFF1D': '=',
  '\uFF05': '%',
  '\u00D7': '×',
  '\u2715': '×',
  '\u2217': '*',
  '\u00B7': '·',
  '\u2009': ' ',
};

function isSignPosition(list: Token[], space: boolean, dash: string): boolean {
  const prev = list[list.length - 1];
  if (!prev) return true;
  if (prev.type === 'num' || prev.type === 'sup') return dash === '\u2212' && space;
  if (prev.type === 'word') return space;
  // After a closing bracket only a spaced dash is a sign: "(IV, Fixed, 95% CI) -1.20"
  if (prev.norm === ')' || prev.norm === ']') return space;
  return prev.norm !== '%';
}
