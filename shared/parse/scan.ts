// The token cursor the matchers share, and the small readers they are built from: a value with its
// unit, "mean ± SD" in its many spellings (including damaged ones), an interval "a–b", and a
// confidence-interval heading "95% CI:". Every reader takes a token index and returns where it ended
// (offset and next token index) or null; none of them loops beyond a few tokens. Layer: shared (pure).
import { mayHaveLostPlusMinus, SIX_WARNING, splitAtSix, suspectSix, type PlusMinusSplit } from './damage';
import { declaredFormats, Format } from './formats';
import type { Token } from './tokens';
import type { Comparator } from './types';
import { readUnit } from './units';

export interface Span {
  start: number;
  end: number;
  /** Index of the first token after the span. */
  next: number;
  warnings: string[];
}

export interface ValueRead extends Span {
  value: number;
  isInt: boolean;
  unit?: string;
}

export interface MeanSdRead extends Span {
  label: 'sd' | 'se';
  mean: number;
  sd: number;
  unit?: string;
  /** Set when the reading came from a damaged number. */
  damaged?: 'certain' | 'suspected';
  /** Set when a damaged number splits in more than one way (mean/sd then hold the first). */
  candidates?: PlusMinusSplit[];
}

export interface IntervalRead extends Span {
  lower: number;
  upper: number;
  unit?: string;
}

export interface CiHeadRead extends Span {
  level: number | null;
}

/** Comparison operators as the tokeniser normalises them. */
export const COMPARATORS: ReadonlyMap<string, Comparator> = new Map([
  ['<', '<'],
  ['>', '>'],
  ['≤', '≤'],
  ['≥', '≥'],
  ['=', '='],
]);

/** CI, CrI (credible), UI (uncertainty), CL (limits), IC (French, Spanish, Portuguese, Italian). */
const CI_WORDS = new Set(['ci', 'cri', 'cis', 'ui', 'cl', 'ic']);
const SD_WORDS = new Set(['sd', 'sds']);
const SE_WORDS = new Set(['se', 'sem']);

/** The last interval statistic read, so "(1·29, 0·78–2·14)" later in its sentence can continue it. */
export interface LastInterval {
  kind: 'ratio_ci' | 'estimate_ci';
  measure?: string;
  adjusted: boolean;
  sentence: number;
}

export class Scan {
  /** Per token: declared formats (low 8 bits) and sentence number (see formats.ts). */
  private readonly info: Uint32Array;
  private readonly levels: Float32Array | null;
  /** Set by the recogniser after each statistic it keeps (matchers run in text order). */
  lastInterval: LastInterval | null = null;
  /** Token index just after the last p-value kept, and its comparator ("p = 0.60 and 0.33"). */
  lastP: { next: number; op: Comparator } | null = null;
  /** No intact "±" in the text: a "6" inside a number may be a damaged one. */
  readonly damageMode: boolean;

  constructor(
    readonly text: string,
    readonly toks: Token[],
  ) {
    const declared = declaredFormats(toks, text);
    this.info = declared.info;
    this.levels = declared.levels;
    this.damageMode = mayHaveLostPlusMinus(text);
  }

  at(i: number): Token | undefined {
    return this.toks[i];
  }

  sym(i: number, ...symbols: string[]): boolean {
    const t = this.toks[i];
    return t !== undefined && t.type === 'sym' && symbols.includes(t.norm);
  }

  word(i: number, ...words: string[]): boolean {
    const t = this.toks[i];
    return t !== undefined && t.type === 'word' && words.includes(t.norm);
  }

  num(i: number): boolean {
    const t = this.toks[i];
    return t !== undefined && t.type === 'num';
  }

  /** The token as written in the text (case kept). */
  raw(i: number): string {
    const t = this.toks[i];
    return t ? this.text.slice(t.start, t.end) : '';
  }

  /** Index of the first token starting at or after `offset`, searching forward from `from`. */
  indexFrom(from: number, offset: number): number {
    let i = from;
    while (i < this.toks.length && (this.toks[i] as Token).start < offset) i++;
    return i;
  }

  /** The confidence level a declared "(95% CI)" gives token i, or null. */
  declaredLevel(i: number): number | null {
    const level = this.levels?.[i] ?? 0;
    return level > 0 ? Math.round(level * 100) / 100 : null;
  }

  /** True when tokens i and j are in one sentence. */
  sentence(i: number): number {
    return (this.info[i] ?? 0) >>> 8;
  }

  /** The formats declared at token i (bit flags, see Format). */
  formatsAt(i: number): number {
    return (this.info[i] ?? 0) & 0xff;
  }

  /** True when the sentence around token i declared the format ("mean (SD)", "n (%)"...). */
  declares(i: number, format: number): boolean {
    return (this.formatsAt(i) & format) !== 0;
  }

  /** value() per token: every matcher asks for the numbers near it, and reading a unit is the costly part. */
  private readonly valueAt = new Int32Array(8).fill(-1);
  private readonly valueRead: Array<ValueRead | null> = [null, null, null, null, null, null, null, null];

  /** A well-formed number with the unit written after it ("%", "ms", "ml/min per 1.73 m²"). Callers must
   * not change the result (it is shared). */
  value(i: number): ValueRead | null {
    // A small ring of recent answers: matchers ask about the same few tokens in turn.
    const slot = i & 7;
    if (this.valueAt[slot] === i) return this.valueRead[slot] as ValueRead | null;
    const v = this.readValue(i);
    this.valueAt[slot] = i;
    this.valueRead[slot] = v;
    return v;
  }

  private readValue(i: number): ValueRead | null {
    const t = this.toks[i];
    if (!t || t.type !== 'num' || t.malformed) return null;
    if (t.currency) {
      return {
        value: t.value,
        isInt: t.isInt,
        unit: t.currency,
        start: t.start,
        end: t.end,
        next: i + 1,
        warnings: [],
      };
    }
    const unit = readUnit(this.text, t.end);
    if (unit) {
      return {
        value: t.value,
        isInt: t.isInt,
        unit: unit.unit,
        start: t.start,
        end: unit.end,
        next: this.indexFrom(i + 1, unit.end),
        warnings: [],
      };
    }
    return { value: t.value, isInt: t.isInt, start: t.start, end: t.end, next: i + 1, warnings: [] };
  }

  /** A number without unit; a following "%" or unit is left unread. */
  bare(i: number): ValueRead | null {
    const t = this.toks[i];
    if (!t || t.type !== 'num' || t.malformed) return null;
    return { value: t.value, isInt: t.isInt, start: t.start, end: t.end, next: i + 1, warnings: [] };
  }

  /**
   * "23.5 ± 4.3%", "23.5% ± 4.3%", "64.2 (SD 11.3)", "64.2 years (SD, 11.3)", "64.2 (±11.3)", "mean 64.2,
   * SD 11.3", "64.2 (11.3)" after "mean (SD)", "64.2 [11.3]", and damaged "71610 years" / "23.564.3%".
   * deferUnit: inside a change, where the unit may come only after the second side.
   */
  meanSd(i: number, deferUnit = false): MeanSdRead | null {
    const t = this.toks[i];
    if (!t || t.type !== 'num') return null;
    if (t.malformed) return this.damagedMeanSd(i, 'certain');
    const a = this.value(i);
    if (!a) return null;
    if (
      this.damageMode &&
      !t.decimalComma &&
      suspectSix(t.norm) &&
      (a.unit !== undefined || deferUnit) &&
      !this.sym(a.next, '±')
    ) {
      const damaged = this.damagedMeanSd(i, 'suspected');
      if (damaged) return damaged;
    }
    let j = a.next;
    // "1,907 SD ± 878 ml": the label before the sign
    const before = this.labelWord(j);
    let labelBefore: 'sd' | 'se' | null = null;
    if (before && this.sym(before.next, '±')) {
      labelBefore = before.label;
      j = before.next;
    }
    // a ± b
    if (this.sym(j, '±')) {
      const b = this.value(j + 1);
      if (!b || b.value < 0) return null;
      const unit = b.unit ?? a.unit;
      let end = b.end;
      let next = b.next;
      let label: 'sd' | 'se' = labelBefore ?? (this.declares(i, Format.MeanSe) ? 'se' : 'sd');
      const trailing = this.labelInBrackets(next);
      if (trailing) {
        label = trailing.label;
        end = trailing.end;
        next = trailing.next;
      }
      return {
        label,
        mean: a.value,
        sd: b.value,
        ...(unit !== undefined ? { unit } : {}),
        start: a.start,
        end,
        next,
        warnings: [],
      };
    }
    // a (SD b), a (±b), a [b] and a (b) in a declared format
    if (this.sym(j, '(', '[')) {
      const close = this.sym(j, '(') ? ')' : ']';
      let k = j + 1;
      let label: 'sd' | 'se' | null = null;
      if (this.sym(k, '±')) {
        label = this.declares(i, Format.MeanSe) ? 'se' : 'sd';
        k++;
      } else {
        const l = this.labelWord(k);
        if (l) {
          label = l.label;
          k = l.next;
          // "standard deviation [SD]: 9"
          if (
            this.sym(k, '(', '[') &&
            this.labelWord(k + 1) &&
            this.sym((this.labelWord(k + 1) as { next: number }).next, ')', ']')
          )
            k = (this.labelWord(k + 1) as { next: number }).next + 1;
          if (this.sym(k, ':', '=', ',')) k++;
          else if (this.sym(k, '±')) k++;
        }
      }
      let warning: string | null = null;
      if (!label) {
        // "n (%) or mean (SD)" leaves "40 (55.0)" open: the count matcher returns both readings.
        const counts = this.declares(i, Format.CountPercent) && a.isInt;
        if (this.declares(i, Format.MeanSd) && !counts) label = 'sd';
        else if (this.declares(i, Format.MeanSe) && !counts) label = 'se';
        else if (close === ']' && this.formatsAt(i) === Format.None) {
          label = 'sd';
          warning = 'read the bracketed value as an SD (the text does not label it)';
        } else return null;
      }
      const b = this.value(k);
      if (!b || b.value < 0 || (b.unit === '%' && a.unit !== '%')) return null;
      // "0.14% (SE 0.05, p = 0.02)": a labelled spread may share its bracket with a p-value
      const shared = k > j + 1 && !this.sym(b.next, close) && this.sym(b.next, ',', ';');
      if (!this.sym(b.next, close) && !shared) return null;
      if (warning && a.isInt && b.isInt) return null; // "12 [3]" is a citation, not a mean and SD
      const closeTok = this.toks[b.next] as Token;
      let end = shared ? b.end : closeTok.end;
      let next = shared ? b.next : b.next + 1;
      let unit = b.unit ?? a.unit;
      if (unit === undefined && !shared) {
        const after = readUnit(this.text, end);
        if (after && after.unit !== '%') {
          unit = after.unit;
          end = after.end;
          next = this.indexFrom(next, end);
        }
      }
      return {
        label,
        mean: a.value,
        sd: b.value,
        ...(unit !== undefined ? { unit } : {}),
        start: a.start,
        end,
        next,
        warnings: warning ? [warning] : [],
      };
    }
    // mean 64.2, SD 11.3
    if (this.sym(j, ',', ';')) {
      const l = this.labelWord(j + 1);
      if (!l) return null;
      let k = l.next;
      if (this.sym(k, ':', '=', ',')) k++;
      const b = this.value(k);
      if (!b || b.value < 0) return null;
      const unit = b.unit ?? a.unit;
      return {
        label: l.label,
        mean: a.value,
        sd: b.value,
        ...(unit !== undefined ? { unit } : {}),
        start: a.start,
        end: b.end,
        next: b.next,
        warnings: [],
      };
    }
    return null;
  }

  private damagedMeanSd(i: number, certainty: 'certain' | 'suspected'): MeanSdRead | null {
    const t = this.toks[i] as Token;
    const splits = splitAtSix(t.norm, certainty === 'certain');
    if (splits.length === 0) return null;
    const unit = readUnit(this.text, t.end);
    const first = splits[0] as PlusMinusSplit;
    return {
      label: 'sd',
      mean: first.mean,
      sd: first.sd,
      ...(unit ? { unit: unit.unit } : {}),
      start: t.start,
      end: unit ? unit.end : t.end,
      next: unit ? this.indexFrom(i + 1, unit.end) : i + 1,
      damaged: certainty,
      ...(splits.length > 1 ? { candidates: splits } : {}),
      warnings: [SIX_WARNING],
    };
  }

  /** "SD", "SE", "SEM", "standard deviation", "standard error" at i. */
  labelWord(i: number): { label: 'sd' | 'se'; next: number } | null {
    const t = this.toks[i];
    if (!t || t.type !== 'word') return null;
    if (SD_WORDS.has(t.norm)) return { label: 'sd', next: i + 1 };
    // "s.d." and "s.e."
    if (t.norm === 's' && this.sym(i + 1, '.') && this.word(i + 2, 'd', 'e')) {
      const label = this.word(i + 2, 'd') ? 'sd' : 'se';
      return { label, next: this.sym(i + 3, '.') ? i + 4 : i + 3 };
    }
    if (SE_WORDS.has(t.norm)) return { label: 'se', next: i + 1 };
    if (t.norm === 'standard') {
      if (this.word(i + 1, 'deviation')) return { label: 'sd', next: i + 2 };
      if (this.word(i + 1, 'error'))
        return {
          label: 'se',
          next: i + 2 + (this.word(i + 2, 'of') && this.word(i + 3, 'the') && this.word(i + 4, 'mean') ? 3 : 0),
        };
    }
    return null;
  }

  /** A trailing "(SD)", "(SE)" or "(SEM)". */
  private labelInBrackets(i: number): { label: 'sd' | 'se'; end: number; next: number } | null {
    if (!this.sym(i, '(', '[')) return null;
    const l = this.labelWord(i + 1);
    if (!l || !this.sym(l.next, ')', ']')) return null;
    return { label: l.label, end: (this.toks[l.next] as Token).end, next: l.next + 1 };
  }

  /** "0.27–0.98", "0.27 to 0.98", "−3.5 to −0.7", "86% to 100%", and "0.27, 0.98" when allowComma. */
  interval(i: number, allowComma: boolean): IntervalRead | null {
    const lower = this.value(i);
    if (!lower) return null;
    const sep = lower.next;
    if (!(this.sym(sep, '-') || this.word(sep, 'to') || (allowComma && this.sym(sep, ',', ';')))) return null;
    const upper = this.value(sep + 1);
    if (!upper || upper.value < lower.value) return null;
    const unit = upper.unit ?? lower.unit;
    return {
      lower: lower.value,
      upper: upper.value,
      ...(unit !== undefined ? { unit } : {}),
      start: lower.start,
      end: upper.end,
      next: upper.next,
      warnings: [],
    };
  }

  /** The level of a "95%" at j, or null. */
  private levelAt(j: number): number | null {
    const t = this.toks[j];
    return t && t.type === 'num' && !t.malformed && t.value > 0 && t.value < 100 && this.sym(j + 1, '%')
      ? t.value
      : null;
  }

  /** "95% CI", "95% CI:", "95% confidence interval,", "CI 95%", "95%CI", "95% CrI", "CI" (level assumed 95). */
  ciHead(i: number): CiHeadRead | null {
    let k = i;
    let level: number | null = this.levelAt(k);
    const start = this.toks[i]?.start ?? 0;
    if (level !== null) k += 2;
    if (this.sym(k, '-')) k++;
    const t = this.toks[k];
    if (!t || t.type !== 'word') return null;
    if (CI_WORDS.has(t.norm)) {
      k++;
    } else if (
      (t.norm === 'confidence' || t.norm === 'credible' || t.norm === 'uncertainty') &&
      this.word(k + 1, 'interval', 'intervals', 'limits', 'limit')
    ) {
      k += 2;
    } else {
      return null;
    }
    // "95% confidence interval [CI], 0.65 to 0.85"
    if (
      this.sym(k, '(', '[') &&
      this.at(k + 1)?.type === 'word' &&
      CI_WORDS.has((this.at(k + 1) as Token).norm) &&
      this.sym(k + 2, ')', ']')
    )
      k += 3;
    if (level === null) {
      level = this.levelAt(k);
      if (level !== null) k += 2;
    }
    const warnings: string[] = [];
    if (level === null) {
      level = 95;
      warnings.push('no confidence level stated: assumed 95%');
    }
    if (this.sym(k, ':', ',', '=')) k++;
    else if (this.word(k, 'of', 'was', 'is')) k++;
    const last = this.toks[k - 1] as Token;
    return { level, start, end: last.end, next: k, warnings };
  }
}
