// Whether a PDF page's extracted text is text a reviewer can use. A font without a Unicode map
// gives control characters or private-use code points instead of letters (TAMReview.pdf pages 2–23);
// a scanned page gives nothing. Such pages are reported at import and in the reader, and the
// glyph-damage marks are kept to text that reads as words, not to figure labels in such a font.
// Layer: shared.

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uE000-\uF8FF\uFFFD]/gu;
const LETTER = /\p{L}/gu;
const WORD = /\p{L}{2,}/gu;

function count(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

/** True when a page's text has no letters, or more control or private-use characters than letters. */
export function isUnusablePageText(text: string): boolean {
  const letters = count(text, LETTER);
  if (letters === 0) return true;
  return count(text, CONTROL) > letters;
}

/** Page numbers (1-based) whose text is unusable. */
export function unusablePages(pages: readonly string[]): number[] {
  const out: number[] = [];
  pages.forEach((text, i) => {
    if (isUnusablePageText(text)) out.push(i + 1);
  });
  return out;
}

/** "2–23", "1, 3–5": page numbers as ranges. */
export function pageRanges(pages: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < pages.length) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    parts.push(j === i ? String(pages[i]) : `${pages[i]}–${pages[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** The sentence a reviewer reads about pages without usable text, or null when every page has some. */
export function unusablePagesNote(pages: readonly number[], pageCount: number): string | null {
  if (pages.length === 0) return null;
  const which =
    pages.length === pageCount && pageCount > 1
      ? 'every page'
      : `${pages.length === 1 ? 'page' : 'pages'} ${pageRanges(pages)}`;
  return `${which[0]!.toUpperCase()}${which.slice(1)}: no extractable text; the numbers cannot be selected.`;
}

/**
 * True when the text around [start, end) reads as words: on the same line (up to 80 characters either
 * side), at least two words of two or more letters and more letters than other non-space characters.
 * A figure label set in a font without a Unicode map ("#3%4%56#") does not.
 */
export function readsAsWords(text: string, start: number, end: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 80);
  const nextBreak = text.indexOf('\n', end);
  const lineEnd = Math.min(nextBreak === -1 ? text.length : nextBreak, end + 80);
  const around = text.slice(lineStart, start) + ' ' + text.slice(end, lineEnd);
  const words = count(around, WORD);
  const letters = count(around, LETTER);
  const others = around.replace(/\s/gu, '').length - letters;
  return words >= 2 && letters > others;
}
