// HTML and JATS markup that databases leave in exported titles and abstracts (Scopus, Lens,
// Dimensions, IEEE): entities such as &lt; &amp;amp; &#x0027; &nbsp;, and tags such as <jats:p>,
// <i>, <sup>. Tags are removed and their text kept; entities are decoded with `entities` (the
// decoder of the htmlparser2 family, BSD-2-Clause), again when an exporter escaped them again.
// Text such as "p < 0.05" or "a <b" stays as written: only tags Caliper knows are removed.
// Layer: electron/backend (importers).
import { decodeHTML } from 'entities';

/** HTML and JATS element names removed from text (any element with a jats: or mml: prefix is too). */
const INLINE = new Set([
  'i',
  'b',
  'u',
  'em',
  'strong',
  'sup',
  'sub',
  'span',
  'a',
  'font',
  'small',
  'big',
  'tt',
  'italic',
  'bold',
  'underline',
  'sc',
  'inline-formula',
  'named-content',
  'ext-link',
  'xref',
  'abbr',
  'styled-content',
  'monospace',
]);
const BLOCK = new Set([
  'p',
  'br',
  'div',
  'sec',
  'title',
  'list',
  'list-item',
  'li',
  'ul',
  'ol',
  'abstract',
  'label',
  'caption',
  'h1',
  'h2',
  'h3',
  'h4',
  'table',
  'tr',
  'td',
  'th',
  'disp-formula',
]);

// One tag: "<", optional "/", a name (with an optional prefix), attributes without "<" or ">",
// optional "/", ">". Every part is bounded by a character class, so a match costs its own length.
const TAG = /<\/?([A-Za-z][\w.-]*:)?([A-Za-z][\w-]*)(?:\s[^<>]*)?\/?>/g;
const ENTITY = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/;

function stripTags(text: string, blockBreak: string): string {
  if (!text.includes('<')) return text;
  return text.replace(TAG, (whole, prefix: string | undefined, name: string) => {
    const lower = name.toLowerCase();
    const known = prefix ? /^(?:jats|mml|xhtml|html):$/i.test(prefix) : INLINE.has(lower) || BLOCK.has(lower);
    if (!known) return whole;
    return BLOCK.has(lower) ? blockBreak : '';
  });
}

/**
 * Plain text from a value that may carry HTML/JATS markup. `blockBreak` replaces paragraph-like
 * tags (a line break in abstracts, a space elsewhere).
 */
export function markupToText(text: string, blockBreak = ' '): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  let out = stripTags(text, blockBreak);
  // Lens.org escapes three times ("&amp;amp;#8220;"): at most three rounds, so a literal "&amp;"
  // written on purpose four times over stays readable rather than looping.
  for (let round = 0; round < 3 && ENTITY.test(out); round++) {
    out = decodeHTML(out);
    // Tags written as entities (&lt;jats:p&gt;) become tags once decoded: strip those too.
    out = stripTags(out, blockBreak);
  }
  return out.replace(/\u00a0/g, ' ');
}
