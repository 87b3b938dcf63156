// Reporting formats a sentence or table declares before its numbers: "mean (SD)", "mean ± SEM",
// "median (IQR)", "median [range]", "n (%)". They decide what an unlabelled "64.2 (11.3)" or "33 (20–45)"
// means. A format holds until the end of the sentence or until another format is declared.
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
} as const;
export type Format = (typeof Format)[keyof typeof Format];

const LABELS: ReadonlyMap<string, Format> = new Map([
  ['sd', Format.MeanSd],
  ['sds', Format.MeanSd],
  ['se', Format.MeanSe],
  ['sem', Format.MeanSe],
  ['iqr', Format.MedianIqr],
  ['range', Format.MedianRange],
]);

/** Declaring one of a pair replaces the other: SD or SE, IQR or range. */
const EXCLUSIVE: Record<number, number> = {
  [Format.MeanSd]: Format.MeanSe,
  [Format.MeanSe]: Format.MeanSd,
  [Format.MedianIqr]: Format.MedianRange,
  [Format.MedianRange]: Format.MedianIqr,
  [Format.CountPercent]: 0,
};

/** The declared formats (bit flags) in force at each token. */
export function declaredFormats(tokens: Token[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  let current = 0;
  // A format declared in a sentence without numbers ("Values are mean ± SEM.") holds for what follows;
  // one declared beside its numbers ("Mean (SD) age was 64 (11) years.") ends with its sentence.
  let numbersSinceDeclared = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'num') numbersSinceDeclared = true;
    if (t.type === 'sym' && t.norm === '.') {
      const next = tokens[i + 1];
      if ((!next || next.space) && numbersSinceDeclared) current = 0;
    } else if (t.type === 'word' || (t.type === 'sym' && t.norm === '%')) {
      const label = t.type === 'sym' ? Format.CountPercent : LABELS.get(t.norm);
      if (label !== undefined) {
        const prev = tokens[i - 1];
        const after = tokens[i + 1];
        const opened =
          prev !== undefined && prev.type === 'sym' && (prev.norm === '(' || prev.norm === '[' || prev.norm === '±');
        const closedOrEnd = after === undefined || after.type !== 'num' || prev?.norm === '±';
        let declared = opened && closedOrEnd;
        if (declared && label === Format.CountPercent) {
          // "n (%)" or "No. (%)": the word before the bracket says it is a count.
          const word = tokens[i - 2];
          declared =
            word !== undefined &&
            (word.norm === 'n' || word.norm === 'no' || word.norm === '.' || word.norm === 'number');
        }
        // "(range)" declares a median format only after "median" ("mean (range)" is not one).
        if (declared && label === Format.MedianRange) declared = tokens[i - 2]?.norm === 'median';
        if (declared) {
          current = (current & ~(EXCLUSIVE[label] ?? 0)) | label;
          numbersSinceDeclared = false;
        }
      }
    }
    out[i] = current;
  }
  return out;
}
