// Find in a PDF's stored page text as a reader expects: ligatures ("ﬁ", "ﬀ") and other compatibility
// characters match their letters (Unicode NFKC), case does not matter, a word hyphenated at a line
// end matches the whole word ("inter-\npreter" is "interpreter"), runs of white space (and line
// ends) are one space, and white space between CJK characters is ignored. The search runs over this
// normalised form; each of its characters remembers which characters of the stored text it came
// from, so hits and highlights are exact offsets in the stored text. Layer: shared.

export interface SearchText {
  /** The normalised text. */
  text: string;
  /** starts[i], ends[i]: the stored characters normalised character i came from. */
  starts: Int32Array;
  ends: Int32Array;
}

export interface TextHit {
  /** Offsets in the stored text. */
  start: number;
  end: number;
}

const HYPHENS = new Set(['-', '\u2010', '\u2011']);
const SOFT_HYPHEN = '\u00AD';
const LETTER = /^\p{L}/u;
const MARK = /^\p{M}/u;
const SPACE = /^\s/u;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFF60]/u;

/** One character of the stored text with the combining marks after it. */
function clusterEnd(text: string, at: number): number {
  let end = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
  while (end < text.length && text.charCodeAt(end) >= 0x300 && MARK.test(text.slice(end, end + 2))) {
    end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  }
  return end;
}

/** Where the next character that is not white space begins, and whether a line end was passed. */
function skipSpace(text: string, at: number): { next: number; newline: boolean } {
  let next = at;
  let newline = false;
  while (next < text.length && SPACE.test(text[next]!)) {
    if (text[next] === '\n' || text[next] === '\r') newline = true;
    next++;
  }
  return { next, newline };
}

/** The normalised form of a text, with each character's origin in it. Linear in the text's length. */
export function searchText(stored: string): SearchText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (s: string, start: number, end: number) => {
    for (let k = 0; k < s.length; k++) {
      out.push(s[k]!);
      starts.push(start);
      ends.push(end);
    }
  };
  let pendingSpace: { start: number; end: number } | null = null;
  let lastWasCjk = false;
  let lastWasLetter = false;
  let at = 0;
  while (at < stored.length) {
    const code = stored.charCodeAt(at);
    const ch = stored[at]!;
    if (SPACE.test(ch)) {
      pendingSpace ??= { start: at, end: at + 1 };
      at++;
      continue;
    }
    if (ch === SOFT_HYPHEN) {
      // Invisible unless at a line end; a word broken there reads as one.
      const { next } = skipSpace(stored, at + 1);
      at = lastWasLetter && next < stored.length && LETTER.test(stored.slice(next, next + 2)) ? next : at + 1;
      continue;
    }
    if (HYPHENS.has(ch) && lastWasLetter && pendingSpace === null) {
      // A hyphen between letters, inline or at a line end, joins them: "trace-based" is "tracebased"
      // both in the text and in the query, and "inter-\npreter" is "interpreter".
      const { next, newline } = skipSpace(stored, at + 1);
      const joinsWord = next < stored.length && LETTER.test(stored.slice(next, next + 2));
      if (joinsWord && (next === at + 1 || newline)) {
        at = next;
        continue;
      }
    }
    const end = code < 0x80 ? at + 1 : clusterEnd(stored, at);
    const cluster = stored.slice(at, end);
    const isCjk = code >= 0x2e80 && CJK.test(cluster);
    if (pendingSpace && out.length > 0 && !(isCjk && lastWasCjk)) emit(' ', pendingSpace.start, pendingSpace.end);
    pendingSpace = null;
    const normal = code < 0x80 ? cluster.toLowerCase() : cluster.normalize('NFKC').toLowerCase();
    emit(normal, at, end);
    lastWasCjk = isCjk;
    lastWasLetter = LETTER.test(normal.slice(-2)) || LETTER.test(normal.slice(-1));
    at = end;
  }
  return { text: out.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** A query in the same normalised form, without leading or trailing space. */
export function normaliseQuery(query: string): string {
  return searchText(query).text.trim();
}

/**
 * Hits of a normalised query (normaliseQuery) in a normalised text, as offsets in the stored text,
 * in order, not overlapping; at most `limit`.
 */
export function findIn(index: SearchText, query: string, limit = Infinity): TextHit[] {
  const hits: TextHit[] = [];
  if (query.length === 0) return hits;
  for (let at = index.text.indexOf(query); at !== -1 && hits.length < limit;) {
    const last = at + query.length - 1;
    hits.push({ start: index.starts[at]!, end: index.ends[last]! });
    at = index.text.indexOf(query, at + query.length);
  }
  return hits;
}
