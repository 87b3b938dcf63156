// CSV and TSV exports (Scopus, Covidence, Rayyan, spreadsheets): RFC 4180 quoting, a header row, and
// a column mapping from our fields to the file's headers. Without a mapping the headers are guessed
// ("Title", "Authors", "Publication Year", "Source title", …); the preview shows the mapping used so
// the reviewer can correct it. Parsed by hand so every row knows its line, including rows whose
// quoted fields span lines. Layer: electron/backend (importers).
import { CSV_COLUMN_FIELDS } from '../../../shared/model/imports';
import type { ReportKind } from '../../../shared/model/types';
import { collect, type DraftRecord } from './record';
import type { ParseResult } from './types';

/** Our fields a CSV column can be mapped to (the contract's list). */
export const CSV_FIELDS = CSV_COLUMN_FIELDS;

export type CsvField = (typeof CSV_FIELDS)[number];

/** Our field -> the header of the column that holds it. */
export type ColumnMapping = Partial<Record<CsvField, string>>;

export interface CsvParseResult extends ParseResult {
  headers: string[];
  delimiter: ',' | ';' | '\t';
  mapping: ColumnMapping;
}

// Header names as the databases and reference managers write them (lowercase, letters and digits
// only): Scopus, Web of Science, PubMed, Embase, Covidence, Rayyan, Zotero ("Publication Title",
// "Abstract Note"), Springer Link ("Item Title", "Item DOI"), IEEE Xplore ("Document Title").
const GUESSES: Record<CsvField, string[]> = {
  title: ['title', 'articletitle', 'documenttitle', 'itemtitle', 'ti', 'primarytitle'],
  authors: ['authors', 'author', 'au', 'authorfullnames', 'authorfullname', 'authorsfullnames', 'authornames'],
  year: ['year', 'publicationyear', 'py', 'pubyear', 'publicationdate', 'date', 'createdate'],
  journal: [
    'journal',
    'journalbook',
    'sourcetitle',
    'source',
    'journaltitle',
    'publicationtitle',
    'publication',
    'jt',
    'jo',
    'secondarytitle',
    'journalname',
  ],
  volume: ['volume', 'journalvolume', 'vl', 'vi'],
  issue: ['issue', 'journalissue', 'number', 'is', 'ip'],
  pages: ['pages', 'page', 'pg', 'pagerange'],
  doi: ['doi', 'itemdoi', 'di', 'do'],
  pmid: ['pmid', 'pubmedid'],
  abstract: ['abstract', 'abstractnote', 'ab'],
  keywords: ['keywords', 'authorkeywords', 'manualtags', 'kw', 'de'],
  url: ['url', 'link', 'ur'],
  kind: ['type', 'documenttype', 'itemtype', 'contenttype', 'reftype', 'publicationtype'],
};

const headerKey = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

export function guessMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const keys = headers.map(headerKey);
  for (const field of CSV_FIELDS) {
    for (const guess of GUESSES[field]) {
      const i = keys.indexOf(guess);
      if (i !== -1) {
        mapping[field] = headers[i]!;
        break;
      }
    }
  }
  return mapping;
}

interface Row {
  line: number;
  cells: string[];
}

/**
 * RFC 4180 rows with the line each starts on; an unclosed quote is reported, not thrown. One pass:
 * the next delimiter and line end are looked up once and reused until passed, so a file without
 * delimiters (one column) costs its length, not its length times its rows.
 */
function rowsOf(text: string, delimiter: string): { rows: Row[]; error?: { line: number; message: string } } {
  const rows: Row[] = [];
  let line = 1;
  let i = 0;
  let nextDelimiter = -2;
  let nextNewline = -2;
  const stopFrom = (from: number) => {
    if (nextDelimiter !== -1 && nextDelimiter < from) nextDelimiter = text.indexOf(delimiter, from);
    if (nextNewline !== -1 && nextNewline < from) nextNewline = text.indexOf('\n', from);
    if (nextDelimiter === -1) return nextNewline === -1 ? text.length : nextNewline;
    if (nextNewline === -1) return nextDelimiter;
    return Math.min(nextDelimiter, nextNewline);
  };
  while (i < text.length) {
    const rowLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        const parts: string[] = [];
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote === -1) return { rows, error: { line: quoteLine, message: 'a quoted field that is never closed' } };
          const part = text.slice(i, quote);
          for (let n = part.indexOf('\n'); n !== -1; n = part.indexOf('\n', n + 1)) line++;
          parts.push(part);
          if (text[quote + 1] === '"') {
            parts.push('"');
            i = quote + 2;
            continue;
          }
          i = quote + 1;
          break;
        }
        // Text after the closing quote (lenient: kept, as spreadsheets do).
        const end = stopFrom(i);
        cell = parts.join('') + text.slice(i, end);
        i = end;
      } else {
        const end = stopFrom(i);
        cell = text.slice(i, end);
        i = end;
      }
      cells.push(cell);
      if (i >= text.length || text[i] === '\n') {
        if (text[i] === '\n') line++;
        i++;
        break;
      }
      i++; // the delimiter
    }
    if (!(cells.length === 1 && cells[0]!.trim() === '')) rows.push({ line: rowLine, cells });
  }
  return { rows };
}

function detectDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of firstLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c as keyof typeof counts]++;
  }
  if (counts['\t'] > 0 && counts['\t'] >= counts[','] && counts['\t'] >= counts[';']) return '\t';
  return counts[';'] > counts[','] ? ';' : ',';
}

function kindOf(value: string | undefined): ReportKind {
  if (!value || /article|journal|review/i.test(value)) return 'journal_article';
  if (/conference|congress|meeting|abstract|proceeding/i.test(value)) return 'conference_abstract';
  if (/regist|trial/i.test(value)) return 'registry_record';
  return 'other';
}

/**
 * Springer Link's CSV glues names together: "Araz R. AlievNigar T. Ismayilova". A name ends where a
 * lowercase letter or "." meets an uppercase one that starts the next given name; pieces without a
 * space ("Mc" of "McDonald") go back to the name they were cut from.
 */
export function splitGluedNames(value: string): string[] {
  const pieces = value.split(/(?<=[\p{Ll}.])(?=\p{Lu})/u);
  const names: string[] = [];
  for (const piece of pieces) {
    const last = names.length - 1;
    if (last >= 0 && (!names[last]!.includes(' ') || !piece.includes(' '))) names[last] += piece;
    else names.push(piece);
  }
  return names;
}

function splitAuthors(value: string): string[] {
  if (value.includes(';')) return value.split(';');
  // BibTeX style, as R's synthesisr and CiteSource write: "Kairis, O and Kosmas, C".
  if (/\s+and\s+/.test(value) && value.includes(',')) return value.split(/\s+and\s+/);
  if (value.includes('|')) return value.split('|');
  // Scopus: "Hernandez G.A., Blumer V."
  if (/\.,\s/.test(value)) return value.split(/(?<=\.),\s*/);
  // PubMed's CSV: "Hernandez GA, Blumer V, Viles Gonzalez J."
  if (/^[^,]+ [A-Z]{1,3}(?:, [^,]+ [A-Z]{1,3})+\.?$/.test(value.trim())) {
    return value.trim().replace(/\.$/, '').split(/,\s*/);
  }
  return [value];
}

export function parseCsv(
  text: string,
  options: { mapping?: ColumnMapping; delimiter?: ',' | ';' | '\t' } = {},
): CsvParseResult {
  const delimiter = options.delimiter ?? detectDelimiter(text.slice(0, Math.max(0, text.indexOf('\n')) || text.length));
  const { rows, error } = rowsOf(text, delimiter);
  const result: CsvParseResult = { records: [], errors: [], notes: [], headers: [], delimiter, mapping: {} };
  const header = rows.shift();
  if (!header) {
    result.errors.push({ line: 1, message: 'the file has no header row' });
    return result;
  }
  result.headers = header.cells.map((h) => h.trim());
  result.mapping = options.mapping ?? guessMapping(result.headers);
  const index: Partial<Record<CsvField, number>> = {};
  for (const field of CSV_FIELDS) {
    const name = result.mapping[field];
    if (name === undefined) continue;
    const i = result.headers.indexOf(name);
    if (i === -1) {
      result.errors.push({
        line: header.line,
        message: `the column "${name}" mapped to ${field} is not in the header`,
      });
      return result;
    }
    index[field] = i;
  }
  if (index.title === undefined) {
    result.errors.push({ line: header.line, message: 'no column is mapped to the title' });
    return result;
  }
  let extraNoted = false;
  // Springer Link's export (its title column is "Item Title") glues author names together.
  const springer = result.mapping.authors !== undefined && result.headers.includes('Item Title');
  for (const row of rows) {
    if (row.cells.length > result.headers.length && row.cells.slice(result.headers.length).some((c) => c.trim())) {
      // The columns are read by their header; fields past the last header have no name to map.
      if (!extraNoted) {
        result.notes.push({
          line: row.line,
          message: `rows have more fields (${row.cells.length}) than the header names (${result.headers.length}); fields past the last header are ignored — check the column mapping`,
        });
        extraNoted = true;
      }
    }
    const cell = (field: CsvField) => (index[field] === undefined ? undefined : row.cells[index[field]]);
    const authorCell = cell('authors') ?? '';
    const draft: DraftRecord = {
      kind: kindOf(cell('kind')),
      title: cell('title'),
      authors: springer && !/[,;|]/.test(authorCell) ? splitGluedNames(authorCell) : splitAuthors(authorCell),
      year: cell('year'),
      journal: cell('journal'),
      volume: cell('volume'),
      issue: cell('issue'),
      pages: cell('pages'),
      doi: cell('doi'),
      pmid: cell('pmid'),
      abstract: cell('abstract'),
      keywords: (cell('keywords') ?? '').split(/;/),
      url: cell('url'),
    };
    collect(result, draft, row.line);
  }
  if (error) result.errors.push(error);
  return result;
}
