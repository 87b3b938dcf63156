// The text of one PDF page, joined from pdf.js text items the same way in the backend (extracted at
// import and stored) and in the renderer (the text layer a reviewer selects in), so a highlight's
// offsets mean the same thing on both sides. Layer: shared.

/**
 * The getTextContent options both sides must use. Without disableNormalization pdf.js expands
 * ligatures ("ﬁ" to "fi"), which would shift every offset after them.
 */
export const PAGE_TEXT_OPTIONS = { disableNormalization: true } as const;

/** The fields of a pdf.js TextItem this join uses. */
export interface TextItemLike {
  str: string;
  hasEOL?: boolean;
}

export interface PageText {
  text: string;
  /** itemStarts[i] is the offset in `text` where item i's `str` begins. */
  itemStarts: number[];
}

/**
 * Joins items in order; an item marked hasEOL is followed by "\n". Nothing else is inserted, so
 * text.slice(itemStarts[i], itemStarts[i] + items[i].str.length) === items[i].str always.
 */
export function joinPageText(items: readonly TextItemLike[]): PageText {
  let text = '';
  const itemStarts: number[] = [];
  for (const item of items) {
    itemStarts.push(text.length);
    text += item.str;
    if (item.hasEOL) text += '\n';
  }
  return { text, itemStarts };
}
