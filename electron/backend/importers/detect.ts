// Which reference format a file is in: by its content first (exports are often misnamed, and .txt
// can be RIS or MEDLINE), then by its extension. Layer: electron/backend (importers).
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

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The format of decoded text, or null when neither content nor extension says. */
export function detectFormat(text: string, fileName: string): ReferenceFormat | null {
  const head = text.slice(0, 64 * 1024);
  const firstLine = head.slice(0, head.indexOf('\n') === -1 ? head.length : head.indexOf('\n'));
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<xml[\s>]/.test(head) || /<records>\s*<record[\s>]/.test(head)) {
    return 'endnote_xml';
  }
  if (/^TY {1,2}-/m.test(head)) return 'ris';
  // MEDLINE records open with PMID; without it, tags only MEDLINE uses tell it apart.
  if (/^PMID- /m.test(head) || /^(FAU |STAT|OWN |DP  |JT  |TA  )- /m.test(head)) return 'medline';
  if (/^\s*@[A-Za-z]+\s*[{(]/m.test(head) && !/^\s*[^@\s%]/.test(head)) return 'bibtex';
  const byExtension = EXTENSIONS[extensionOf(fileName)];
  if (byExtension) return byExtension;
  if (/^\s*@[A-Za-z]+\s*[{(]/m.test(head)) return 'bibtex';
  if (/^[^\n]*[,;\t][^\n]*\n/.test(head) && /title/i.test(firstLine)) return 'csv';
  return null;
}
