// Text anchors for highlights: a W3C Web Annotation TextQuoteSelector (the exact text with about 32
// characters of prefix and suffix) together with a TextPositionSelector (start and end offsets).
// Position is fastest and exact while the text is unchanged; the quote finds the passage again when
// the text has moved or changed a little (a re-imported PDF, an abstract with other whitespace).
// Layer: shared.
import search from 'approx-string-match';

export const CONTEXT_CHARS = 32;

export interface TextAnchor {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export interface AnchorMatch {
  start: number;
  end: number;
  method: AnchorMethod;
  /** 1 for an exact match in its context; lower the more the text differs. */
  score: number;
}

/** The anchor for text.slice(start, end). */
export function describeSelection(text: string, start: number, end: number, context = CONTEXT_CHARS): TextAnchor {
  if (!(start >= 0 && end > start && end <= text.length)) {
    throw new RangeError(`Selection ${start}–${end} is outside a text of ${text.length} characters`);
  }
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - context), start),
    suffix: text.slice(end, end + context),
    start,
    end,
  };
}

/** 1 when actual contains expected unchanged, falling towards 0 with each character edit. */
function contextSimilarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  if (actual.length === 0) return 0;
  const found = search(actual, expected, expected.length);
  const errors = Math.min(expected.length, ...found.map((m) => m.errors));
  return 1 - errors / expected.length;
}

function score(text: string, anchor: TextAnchor, start: number, end: number, quoteErrors: number): number {
  const quote = 1 - quoteErrors / anchor.exact.length;
  const prefix = contextSimilarity(anchor.prefix, text.slice(Math.max(0, start - anchor.prefix.length - 8), start));
  const suffix = contextSimilarity(anchor.suffix, text.slice(end, end + anchor.suffix.length + 8));
  const distance = Math.abs(start - anchor.start) / Math.max(1, text.length);
  // Weights: the quote matters most, then its context, then closeness to where it was.
  return (50 * quote + 20 * prefix + 20 * suffix + 2 * (1 - distance)) / 92;
}

/** Whitespace folded to single spaces, with a map from folded offsets back to the original. */
function foldWhitespace(text: string): { folded: string; toOriginal: number[] } {
  let folded = '';
  const toOriginal: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (!inSpace) {
        folded += ' ';
        toOriginal.push(i);
      }
      inSpace = true;
    } else {
      folded += ch;
      toOriginal.push(i);
      inSpace = false;
    }
  }
  toOriginal.push(text.length);
  return { folded, toOriginal };
}

/**
 * Finds an anchor in text: at its recorded position when the text there is unchanged, else the best
 * occurrence of its quote in context (exact, then with whitespace folded, then approximate with up
 * to a quarter of the quote's characters different). Null when nothing close enough remains: the
 * highlight is then orphaned, never moved to a wrong place.
 */
export function anchorIn(text: string, anchor: TextAnchor): AnchorMatch | null {
  if (anchor.exact.length === 0) return null;
  if (text.slice(anchor.start, anchor.end) === anchor.exact) {
    return {
      start: anchor.start,
      end: anchor.end,
      method: 'position',
      score: score(text, anchor, anchor.start, anchor.end, 0),
    };
  }

  // Exact occurrences of the quote, best context first.
  const exact: AnchorMatch[] = [];
  for (let at = text.indexOf(anchor.exact); at !== -1 && exact.length < 1000; at = text.indexOf(anchor.exact, at + 1)) {
    const end = at + anchor.exact.length;
    exact.push({ start: at, end, method: 'quote', score: score(text, anchor, at, end, 0) });
  }
  if (exact.length) return exact.reduce((best, m) => (m.score > best.score ? m : best));

  // The same words with different spacing or line breaks.
  const { folded, toOriginal } = foldWhitespace(text);
  const foldedQuote = foldWhitespace(anchor.exact).folded.trim();
  if (foldedQuote.length > 0) {
    const at = folded.indexOf(foldedQuote);
    if (at !== -1) {
      const start = toOriginal[at]!;
      const end = toOriginal[at + foldedQuote.length - 1]! + 1;
      return { start, end, method: 'quote', score: score(text, anchor, start, end, 0) * 0.99 };
    }
  }

  // Approximate: a few characters changed (a re-extracted PDF, a corrected typo).
  const maxErrors = Math.floor(anchor.exact.length / 4);
  if (maxErrors === 0) return null;
  const candidates = search(text, anchor.exact, maxErrors);
  if (candidates.length === 0) return null;
  const best = candidates
    .slice(0, 1000)
    .map((m) => ({
      start: m.start,
      end: m.end,
      method: 'fuzzy' as const,
      score: score(text, anchor, m.start, m.end, m.errors),
    }))
    .reduce((a, b) => (b.score > a.score ? b : a));
  return best.score >= 0.6 ? best : null;
}
