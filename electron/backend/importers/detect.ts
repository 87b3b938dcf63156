// Which reference format a file is in: by its content first (exports are often misnamed, and .txt
// can be RIS or MEDLINE), then by its extension. The content check reads the first 64 KB line by
// line with patterns anchored at the start of one line, so it costs the length of what it reads
// whatever the bytes are (no pattern can backtrack across lines). Layer: electron/backend (importers).
import type { ReferenceFormat } from './types';

const EXTENSIONS: Record<string, ReferenceFormat> = {
  ris: 'ris',
  enw: 'ris',
  nbib: 'medline',
  medline: 'medline',
  xml: 'endnote_xml',
  bib: 'bibtex',
  bibtex: 'bibtex',
  csv: 'csv',
  tsv: 'csv',
};

/** Bytes of text the content check reads. */
export const DETECT_HEAD_CHARS = 64 * 1024;
/** Characters of one line the line patterns look at (tags and entry openings are short). */
const LINE_PREFIX = 80;

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

const RIS_TAG = /^TY {1,2}-/;
const MEDLINE_PMID = /^ ?PMID- /;
const MEDLINE_ONLY = /^(?:FAU |STAT|OWN |DP {2}|JT {2}|TA {2})- /;
const BIBTEX_ENTRY = /^[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]/;

/** The format of decoded text, or null when neither content nor extension says. */
export function detectFormat(text: string, fileName: string): ReferenceFormat | null {
  const head = text.length > DETECT_HEAD_CHARS ? text.slice(0, DETECT_HEAD_CHARS) : text;
  let ris = false;
  let medline = false;
  let bibtex = false;
  /** The first line with something on it, left-trimmed (bounded). */
  let firstContent: string | null = null;
  let firstLine: string | null = null;
  let from = 0;
  while (from <= head.length) {
    const end = head.indexOf('\n', from);
    const lineEnd = end === -1 ? head.length : end;
    const line = head.slice(from, Math.min(lineEnd, from + LINE_PREFIX));
    firstLine ??= head.slice(from, lineEnd);
    if (firstContent === null) {
      const trimmed = line.replace(/^[\s\uFEFF]+/, '');
      if (trimmed.length > 0) firstContent = trimmed;
    }
    if (RIS_TAG.test(line)) ris = true;
    else if (MEDLINE_PMID.test(line) || MEDLINE_ONLY.test(line)) medline = true;
    else if (BIBTEX_ENTRY.test(line)) bibtex = true;
    if (end === -1) break;
    from = end + 1;
  }
  // EndNote XML: an <xml> root (after a declaration and comments) or <records><record>.
  const start = firstContent ?? '';
  if (start.startsWith('<')) {
    const xmlRoot = head.indexOf('<xml');
    const records = head.indexOf('<records');
    if ((xmlRoot !== -1 && /^<xml[\s>]/.test(head.slice(xmlRoot, xmlRoot + 5))) || records !== -1) return 'endnote_xml';
  }
  if (ris) return 'ris';
  // MEDLINE records open with PMID; without it, tags only MEDLINE uses tell it apart.
  if (medline) return 'medline';
  if (bibtex && (start.startsWith('@') || start.startsWith('%'))) return 'bibtex';
  const byExtension = EXTENSIONS[extensionOf(fileName)];
  if (byExtension) return byExtension;
  if (bibtex) return 'bibtex';
  if (firstLine !== null && /[,;\t]/.test(firstLine) && /title/i.test(firstLine) && head.includes('\n')) return 'csv';
  return null;
}
