// Reporting formats a text declares for its numbers: "mean (SD)", "mean ± SEM", "median (IQR)", "median
// [inter-quartile range]", "median [range]", "n (%)", "(95% CI)", "Data are mean plus 95% Confidence
// Intervals". They decide what an unlabelled "64.2 (11.3)", "33 (20–45)" or "59.4% (53.7% to 63.8%)" means.
// Scope, as abstracts use them:
// - declared in a sentence without numbers ("Values are mean ± SEM."): holds until another is declared;
// - declared beside its numbers ("Mean (SD) age was 64 (11) years."): holds to the end of the paragraph;
// - declared after its numbers ("2.8 (1.1) versus 2.5 (1.1) min (mean ± SD)"): also holds for the
//   numbers before it in its sentence;
// - an inline label ("−15·1% (SE 2·1) for early and −14·6% (2·0) for delayed") holds for its sentence.
// The same pass numbers the sentences, so matchers can tell whether two statistics share one.
// Layer: shared (pure).
import type { Token } from './tokens';

/** Bit flags: a sentence may declare several ("n (%) or mean ± SD"). */
export const Format = {
  None: 0,
  MeanSd: 1,
  MeanSe: 2,
  MedianIqr: 4,
  MedianRange: 8,
  CountPercent: 16,
  Ci: 32,
} as const;
export type Format = (typeof Format)[keyof typeof Format];

export interface Formats {
  /** Per token: the declared formats (bit flags) in the low 8 bits, the sentence number above them. */
  info: Uint32Array;
  /** The confidence level a declared "(95% CI)" gives each token (0 where none); null when none is declared. */
  levels: Float32Array | null;
}

const LABELS: ReadonlyMap<string, Format> = new Map([
  ['sd', Format.MeanSd],
  ['sds', Format.MeanSd],
  ['se', Format.MeanSe],
  ['sem', Format.MeanSe],
  ['iqr', Format.MedianIqr],
  ['quartiles', Format.MedianIqr],
  ['range', Format.MedianRange],
  ['ci', Format.Ci],
  ['cis', Format.Ci],
  ['intervals', Format.Ci],
  ['interval', Format.Ci],
]);

/** Tokens a declaration can end at (the label, "%", the "s" of "s.d."). */
const MAY_DECLARE: ReadonlySet<string> = new Set([...LABELS.keys(), '%', 's']);

function mayDeclare(norm: string): boolean {
  // s, i, q, r, c, %: the first letters of every label (a cheap test before the set)
  const c = norm.charCodeAt(0);
  return (c === 115 || c === 105 || c === 113 || c === 114 || c === 99 || c === 37) && MAY_DECLARE.has(norm);
}

/** Declaring one of a pair replaces the other: SD or SE, IQR or range. */
const EXCLUSIVE: Record<number, number> = {
  [Format.MeanSd]: Format.MeanSe,
  [Format.MeanSe]: Format.MeanSd,
  [Format.MedianIqr]: Format.MedianRange,
  [Format.MedianRange]: Format.MedianIqr,
  [Format.CountPercent]: 0,
  [Format.Ci]: 0,
};

/** Words a "." follows without ending the sentence. */
const ABBREVIATIONS = new Set([
  'vs',
  'e',
  'g',
  'i',
  'al',
  'etc',
  'fig',
  'no',
  'approx',
  'ca',
  'resp',
  'ref',
  'sd',
  's',
  'd',
]);

/** Words before a CI heading that make it a declaration ("mean plus 95% CI", "mean (95% CI)"). */
const CI_LEADS = new Set(['plus', 'with', 'mean', 'means', 'and', 'as']);

/** How far back a declaration written after its numbers reaches (tokens), so the pass stays linear. */
const BACK_REACH = 160;

function paragraphBreak(text: string, from: number, to: number): boolean {
  let newlines = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) newlines++;
    else if (c !== 13 && c !== 32 && c !== 9) newlines = 0;
    if (newlines >= 2) return true;
  }
  return false;
}

interface Declaration {
  label: Format;
  level: number;
}

/** The declaration made at token i, if any. */
function declarationAt(tokens: Token[], text: string, i: number): Declaration | null {
  const t = tokens[i] as Token;
  let label: Format | undefined;
  let first = i; // first token of the label phrase
  let last = i; // last token of the label phrase
  if (t.type === 'sym') {
    if (t.norm !== '%') return null;
    label = Format.CountPercent;
  } else if (t.type === 'word') {
    if (t.norm === 's' && tokens[i + 1]?.norm === '.' && tokens[i + 2]?.norm === 'd') {
      // "(s.d.)"
      label = Format.MeanSd;
      last = tokens[i + 3]?.norm === '.' ? i + 3 : i + 2;
    } else {
      label = LABELS.get(t.norm);
    }
    if (
      label === Format.MedianRange &&
      (tokens[i - 1]?.norm === 'quartile' || tokens[i - 1]?.norm === 'interquartile')
    ) {
      // "interquartile range", "inter-quartile range"
      label = Format.MedianIqr;
      first = tokens[i - 1]?.norm === 'quartile' && tokens[i - 2]?.norm === '-' ? i - 3 : i - 1;
    }
    if (label === Format.Ci) {
      if (t.norm === 'interval' || t.norm === 'intervals') {
        if (tokens[i - 1]?.norm !== 'confidence') return null;
        first = i - 1;
      }
    }
  }
  if (label === undefined) return null;
  const prev = tokens[first - 1];
  const after = tokens[last + 1];
  let level = 0;
  if (label === Format.Ci) {
    // "(95% CI)", "[95% CI]", "mean plus 95% Confidence Intervals."
    let lead = first - 1;
    const pct = tokens[lead];
    const num = tokens[lead - 1];
    if (pct?.norm === '%' && num?.type === 'num' && num.value > 0 && num.value < 100) {
      level = num.value;
      lead -= 2;
    }
    const before = tokens[lead];
    const opened = before !== undefined && (before.norm === '(' || before.norm === '[' || CI_LEADS.has(before.norm));
    const closed =
      after === undefined || after.norm === ')' || after.norm === ']' || sentenceEnds(tokens, text, last + 1);
    return opened && closed ? { label, level: level || 95 } : null;
  }
  const opened =
    prev !== undefined && prev.type === 'sym' && (prev.norm === '(' || prev.norm === '[' || prev.norm === '±');
  const closedOrEnd = after === undefined || after.type !== 'num' || prev?.norm === '±';
  let declared = opened && closedOrEnd;
  if (declared && label === Format.CountPercent) {
    // "n (%)" or "No. (%)": the word before the bracket says it is a count.
    const word = tokens[first - 2];
    declared =
      word !== undefined && (word.norm === 'n' || word.norm === 'no' || word.norm === '.' || word.norm === 'number');
  }
  // "(range)" declares a median format only after "median" ("mean (range)" is not one).
  if (declared && label === Format.MedianRange) declared = tokens[first - 2]?.norm === 'median';
  return declared ? { label, level } : null;
}

/** An inline SD/SE label before its number: "(SE 2·1)", "(SD: 9)". */
function inlineLabel(tokens: Token[], i: number): Format | null {
  const t = tokens[i] as Token;
  if (t.type !== 'word' || (t.norm !== 'se' && t.norm !== 'sem' && t.norm !== 'sd')) return null;
  const prev = tokens[i - 1];
  if (!prev || (prev.norm !== '(' && prev.norm !== '[')) return null;
  let k = i + 1;
  if (tokens[k]?.norm === ':' || tokens[k]?.norm === '=' || tokens[k]?.norm === ',') k++;
  return tokens[k]?.type === 'num' ? (t.norm === 'sd' ? Format.MeanSd : Format.MeanSe) : null;
}

/** True when the "." at token i ends a sentence ("vs." and "e.g." do not; a lower-case word after does not). */
function sentenceEnds(tokens: Token[], text: string, i: number): boolean {
  const t = tokens[i];
  if (!t || t.type !== 'sym' || t.norm !== '.') return false;
  const next = tokens[i + 1];
  if (next && !next.space) return false;
  const prev = tokens[i - 1];
  if (prev && prev.type === 'word' && ABBREVIATIONS.has(prev.norm)) return false;
  if (next && next.type === 'word') {
    const c = text.charCodeAt(next.start);
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

function isLevel(tokens: Token[], i: number): boolean {
  const next = tokens[i + 2];
  return tokens[i + 1]?.norm === '%' && next !== undefined && (next.norm === 'ci' || next.norm === 'confidence');
}

function replace(flags: number, label: number): number {
  return (flags & ~(EXCLUSIVE[label] ?? 0)) | label;
}

/** The declared formats in force at each token, their confidence levels, and sentence numbers. */
export function declaredFormats(tokens: Token[], text: string): Formats {
  const n = tokens.length;
  const info = new Uint32Array(n);
  let levels: Float32Array | null = null;
  let current = 0;
  let level = 0;
  let inline = 0;
  let sentenceNo = 0;
  let sentenceStart = 0;
  let numbersInSentence = false;
  // Set once the declaration in force sat beside numbers: it then ends with its paragraph.
  let paragraphScoped = false;
  let declaredInSentence = false;
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    if (prev && t.space && t.start - prev.end > 1 && paragraphBreak(text, prev.end, t.start)) {
      if (declaredInSentence && numbersInSentence) paragraphScoped = true;
      if (paragraphScoped) {
        current = 0;
        level = 0;
        paragraphScoped = false;
      }
      sentenceNo++;
      sentenceStart = i;
      inline = 0;
      numbersInSentence = false;
      declaredInSentence = false;
    }
    // A CI level ("95% CI") is part of a declaration, not one of the numbers it declares a format for
    if (t.type === 'num' && !isLevel(tokens, i)) numbersInSentence = true;
    const declared = t.type !== 'num' && mayDeclare(t.norm) ? declarationAt(tokens, text, i) : null;
    if (declared) {
      current = replace(current, declared.label);
      if (declared.label === Format.Ci) {
        level = declared.level;
        levels ??= new Float32Array(n);
      }
      paragraphScoped = false;
      declaredInSentence = true;
      if (numbersInSentence) {
        // Declared after its numbers: reaches back over its sentence.
        for (let k = Math.max(sentenceStart, i - BACK_REACH); k < i; k++) {
          const at = info[k] as number;
          info[k] = (at & ~0xff) | replace(at & 0xff, declared.label);
          if (levels && declared.label === Format.Ci) levels[k] = declared.level;
        }
      }
    } else if (t.type === 'word' && (t.norm === 'se' || t.norm === 'sem' || t.norm === 'sd')) {
      const label = inlineLabel(tokens, i);
      if (label !== null) inline = label;
    }
    info[i] = ((sentenceNo << 8) | (inline ? replace(current, inline) : current)) >>> 0;
    if (levels) levels[i] = level;
    if (t.norm === '.' && sentenceEnds(tokens, text, i)) {
      if (declaredInSentence && numbersInSentence) paragraphScoped = true;
      sentenceNo++;
      sentenceStart = i + 1;
      inline = 0;
      numbersInSentence = false;
      declaredInSentence = false;
    }
  }
  return { info, levels };
}
