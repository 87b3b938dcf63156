// The text of one PDF page, joined from pdf.js text items the same way in the backend (extracted at
// import and stored) and in the renderer (the text layer a reviewer selects in), so a highlight's
// offsets mean the same thing on both sides. Lines set right to left (Arabic, Hebrew) are joined in
// reading order, and text shown by form fields and FreeText annotations follows the page's own text,
// one line each. Layer: shared.

/**
 * The getTextContent options both sides must use. Without disableNormalization pdf.js expands
 * ligatures ("ﬁ" to "fi"), which would shift every offset after them.
 */
export const PAGE_TEXT_OPTIONS = { disableNormalization: true } as const;

/** The fields of a pdf.js TextItem this join uses. */
export interface TextItemLike {
  str: string;
  hasEOL?: boolean;
  /** pdf.js's direction of the item: 'ltr', 'rtl' or 'ttb'. */
  dir?: string;
  /** pdf.js's transform; [4] is where the item starts on the page, left to right. */
  transform?: readonly number[];
}

export interface PageText {
  text: string;
  /** itemStarts[i] is the offset in `text` where item i's `str` begins. */
  itemStarts: number[];
}

/** The parts of a pdf.js annotation (page.getAnnotations()) whose text a reader sees on the page. */
export interface AnnotationLike {
  annotationType?: number;
  fieldType?: string | null;
  fieldValue?: unknown;
  contentsObj?: { str?: unknown } | null;
  hidden?: boolean;
  noView?: boolean;
  rect?: number[] | null;
}

/** pdf.js's AnnotationType.FREETEXT. */
const FREETEXT = 3;

/** Text shown by filled text and choice fields and by FreeText annotations, in the page's order. */
export function annotationTexts(annotations: readonly AnnotationLike[]): { str: string; rect: number[] | null }[] {
  const out: { str: string; rect: number[] | null }[] = [];
  for (const a of annotations) {
    if (a.hidden || a.noView) continue;
    let str: string | null = null;
    if (a.annotationType === FREETEXT && typeof a.contentsObj?.str === 'string') str = a.contentsObj.str;
    else if (a.fieldType === 'Tx' && typeof a.fieldValue === 'string') str = a.fieldValue;
    else if (a.fieldType === 'Ch' && a.fieldValue !== undefined && a.fieldValue !== null) {
      const values = Array.isArray(a.fieldValue) ? (a.fieldValue as unknown[]) : [a.fieldValue];
      str = values.filter((v) => typeof v === 'string').join(', ');
    }
    if (str !== null && str.trim().length > 0) out.push({ str: str.replace(/\r\n?/g, '\n'), rect: a.rect ?? null });
  }
  return out;
}

/**
 * The items to join for a page: its text items, then (when there are any) one item per annotation
 * text, each ending a line. The page's last item is made to end its line first, which only appends
 * a "\n": offsets in the page's own text do not move.
 */
export function pageItems<T extends TextItemLike>(items: readonly T[], annotations: readonly string[]): TextItemLike[] {
  if (annotations.length === 0) return items as readonly TextItemLike[] as TextItemLike[];
  const all: TextItemLike[] = items.map((item) => item);
  const last = all.length - 1;
  if (last >= 0 && !all[last]!.hasEOL) all[last] = { ...all[last]!, hasEOL: true };
  for (const str of annotations) all.push({ str, hasEOL: true, dir: 'ltr' });
  return all;
}

const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g;
const STRONG_LTR = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]/g;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * The order in which a line's items are read: as they come, or, for a line mostly in a right-to-left
 * script, from right to left by position on the page (or reversed, without positions), with runs
 * of left-to-right items (numbers, Latin words) inside it kept in their own order.
 */
function readingOrder(items: readonly TextItemLike[], from: number, to: number): number[] {
  const indices: number[] = [];
  for (let i = from; i < to; i++) indices.push(i);
  let rtl = 0;
  let ltr = 0;
  for (let i = from; i < to; i++) {
    rtl += count(items[i]!.str, STRONG_RTL);
    ltr += count(items[i]!.str, STRONG_LTR);
  }
  if (rtl <= ltr) return indices;
  if (indices.every((i) => typeof items[i]!.transform?.[4] === 'number')) {
    // Sort is stable: items at the same place keep their order.
    indices.sort((a, b) => items[b]!.transform![4]! - items[a]!.transform![4]!);
  } else indices.reverse();
  // Re-reverse each run of items without right-to-left letters that holds something besides spaces.
  const out: number[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length === 0) return;
    // Spaces at the run's ends stay where they are in the reversed line.
    let head = 0;
    while (head < run.length && items[run[head]!]!.str.trim() === '') head++;
    let tail = run.length;
    while (tail > head && items[run[tail - 1]!]!.str.trim() === '') tail--;
    out.push(...run.slice(0, head), ...run.slice(head, tail).reverse(), ...run.slice(tail));
    run = [];
  };
  for (const i of indices) {
    if (count(items[i]!.str, STRONG_RTL) > 0) {
      flush();
      out.push(i);
    } else run.push(i);
  }
  flush();
  return out;
}

/**
 * Joins items line by line (an item marked hasEOL ends its line, which is followed by "\n"), each line
 * in reading order. Nothing else is inserted, so
 * text.slice(itemStarts[i], itemStarts[i] + items[i].str.length) === items[i].str always.
 */
export function joinPageText(items: readonly TextItemLike[]): PageText {
  let text = '';
  const itemStarts: number[] = new Array<number>(items.length);
  let lineStart = 0;
  for (let end = 0; end < items.length; end++) {
    if (!items[end]!.hasEOL && end < items.length - 1) continue;
    for (const i of readingOrder(items, lineStart, end + 1)) {
      itemStarts[i] = text.length;
      text += items[i]!.str;
    }
    if (items[end]!.hasEOL) text += '\n';
    lineStart = end + 1;
  }
  return { text, itemStarts };
}
