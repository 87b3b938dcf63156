// Turns what a parser collected for one record into an ImportedRecord, or a reason it cannot be
// imported. Every format goes through here, so a title, year, DOI or author list means the same
// thing whichever file it came from. Layer: electron/backend (importers).
import { MAX_NAME_CHARS, MAX_TITLE_CHARS } from '../../../shared/contract/limits';
import type { ReportKind } from '../../../shared/model/types';
import { markupToText } from './markup';
import type { ImportedRecord, ParseError, ParseNote, ParseResult } from './types';

/** Fields as a parser found them, before normalisation; anything may be missing. */
export interface DraftRecord {
  kind?: ReportKind | undefined;
  title?: string | undefined;
  authors?: string[] | undefined;
  /** Year as written ("2018 Sep", "2018/09/01", "c2018"); the first plausible 4-digit year is taken. */
  year?: string | undefined;
  journal?: string | undefined;
  volume?: string | undefined;
  issue?: string | undefined;
  pages?: string | undefined;
  doi?: string | undefined;
  pmid?: string | undefined;
  abstract?: string | undefined;
  keywords?: string[] | undefined;
  url?: string | undefined;
}

export const MIN_YEAR = 1500;
export const MAX_YEAR = 2200;
export const MAX_AUTHORS = 5_000;
const MAX_FIELD_CHARS = 2_000;
const MAX_ABSTRACT_CHARS = 1_000_000;

/** Collapses runs of whitespace (continuation lines, tabs) into single spaces. */
export function squash(text: string | undefined): string {
  return text === undefined ? '' : text.replace(/\s+/g, ' ').trim();
}

// A DOI inside any text: "10.", 4–9 digits, "/", then anything up to white space. Trailing
// punctuation that ends a sentence or closes a bracket is not part of it.
const DOI_IN_TEXT = /10\.\d{4,9}\/\S+/;

/**
 * The DOI a field holds, or null. "https://doi.org/10.1/ABC", "http://doi.acm.org/10.1/ABC",
 * "doi:10.1/ABC", "10.1/ABC [doi]" and a DOI written twice all give "10.1/ABC".
 */
export function normaliseDoi(raw: string | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim().replace(/\s*\[doi\]$/i, '');
  try {
    if (/%2F/i.test(text)) text = decodeURIComponent(text);
  } catch {
    // Not URI-encoded after all: read as written.
  }
  const match = DOI_IN_TEXT.exec(text);
  if (!match) return null;
  const doi = match[0].replace(/[.,;:]+$/, '').replace(/[)\]}>]+$/, (tail) => {
    // Keep closing brackets the DOI itself opened: 10.1016/S0140-6736(20)30183-5
    const opens = (match[0].match(/[([{<]/g) ?? []).length;
    const closes = (match[0].match(/[)\]}>]/g) ?? []).length;
    return closes > opens ? tail.slice(0, Math.max(0, tail.length - (closes - opens))) : tail;
  });
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null;
}

/** The key two DOIs are compared by: DOIs are case-insensitive. */
export function doiKey(doi: string): string {
  return doi.toLowerCase();
}

/**
 * A title compared for duplicates: lowercase letters and digits only, accents removed. The runs of
 * letters and digits are joined rather than the rest replaced away: a replace leaves a rope of the
 * title's pieces (about eight times the key's size), and an import keeps a key per record.
 */
export function titleKey(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.join('') ?? ''
  );
}

function parseYear(raw: string | undefined): { year: number | null; note?: string } {
  const text = squash(raw);
  if (!text) return { year: null };
  const match = /(?:^|\D)(\d{4})(?!\d)/.exec(text);
  if (!match) return { year: null, note: `the year "${text.slice(0, 40)}" has no 4-digit year; left out` };
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR)
    return { year: null, note: `the year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}; left out` };
  return { year };
}

/** Text as stored: markup removed, white space collapsed. */
function clean(text: string | undefined): string {
  return text === undefined ? '' : squash(markupToText(text));
}

/** Builds the record, or says why this record cannot be imported (reported at `line`). */
export function finishRecord(
  draft: DraftRecord,
  line: number,
): { record: ImportedRecord; notes: ParseNote[] } | ParseError {
  const fail = (message: string): ParseError => ({ line, message });
  const notes: ParseNote[] = [];
  const note = (message: string) => notes.push({ line, message });
  const title = clean(draft.title);
  if (!title) return fail('the record has no title');
  if (title.length > MAX_TITLE_CHARS)
    return fail(`the title is longer than ${MAX_TITLE_CHARS.toLocaleString('en')} characters`);
  let authors = (draft.authors ?? []).map(clean).filter((a) => a.length > 0);
  const longAuthors = authors.filter((a) => a.length > MAX_NAME_CHARS);
  if (longAuthors.length > 0) {
    authors = authors.filter((a) => a.length <= MAX_NAME_CHARS);
    note(
      `${longAuthors.length === 1 ? 'an author name' : `${longAuthors.length} author names`} longer than ${MAX_NAME_CHARS} characters left out ("${longAuthors[0]!.slice(0, 40)}…")`,
    );
  }
  if (authors.length > MAX_AUTHORS) {
    note(
      `the record lists ${authors.length.toLocaleString('en')} authors; the first ${MAX_AUTHORS.toLocaleString('en')} are kept`,
    );
    authors = authors.slice(0, MAX_AUTHORS);
  }
  const { year, note: yearNote } = parseYear(draft.year);
  if (yearNote) note(yearNote);
  const optional = (text: string | undefined, what: string, max = MAX_FIELD_CHARS): string | null => {
    const value = clean(text);
    if (!value) return null;
    if (value.length > max) {
      note(`the ${what} is longer than ${max.toLocaleString('en')} characters; left out`);
      return null;
    }
    return value;
  };
  const journal = optional(draft.journal, 'journal');
  const volume = optional(draft.volume, 'volume', 100);
  const issue = optional(draft.issue, 'issue', 100);
  const pages = optional(draft.pages, 'pages', 100);
  const url = optional(draft.url, 'URL');
  let pmid = squash(draft.pmid) || null;
  if (pmid !== null) {
    const digits = /^\d+$/.test(pmid) ? pmid.replace(/^0+/, '') : '';
    if (digits.length === 0 || digits.length > 10) {
      note(`the PMID "${pmid.slice(0, 40)}" is not a PubMed id; left out`);
      pmid = null;
    } else pmid = digits;
  }
  const rawDoi = squash(draft.doi);
  const doi = normaliseDoi(rawDoi);
  if (rawDoi && !doi) note(`the DOI "${rawDoi.slice(0, 60)}" is not a DOI (10.NNNN/…); left out`);
  // Abstracts keep their line breaks as written, apart from the layout of continuation lines.
  let abstract =
    draft.abstract === undefined
      ? null
      : markupToText(draft.abstract, '\n')
          .replace(/[ \t]+/g, ' ')
          .trim() || null;
  if (abstract && abstract.length > MAX_ABSTRACT_CHARS) {
    note(`the abstract is longer than ${MAX_ABSTRACT_CHARS.toLocaleString('en')} characters; left out`);
    abstract = null;
  }
  const keywords = [...new Set((draft.keywords ?? []).map(clean).filter((k) => k.length > 0 && k.length <= 500))];
  return {
    record: {
      line,
      kind: draft.kind ?? 'journal_article',
      title,
      authors,
      year,
      journal,
      volume,
      issue,
      pages,
      doi,
      pmid,
      abstract,
      keywords,
      url,
    },
    notes,
  };
}

export function isParseError(value: { record: ImportedRecord; notes: ParseNote[] } | ParseError): value is ParseError {
  return 'message' in value;
}

/** Adds a finished record (and its notes) or its refusal to the result. */
export function collect(result: ParseResult & RecordSink, draft: DraftRecord, line: number): void {
  const finished = finishRecord(draft, line);
  if (isParseError(finished)) result.errors.push(finished);
  else {
    if (result.onRecord) result.onRecord(finished.record);
    else result.records.push(finished.record);
    for (const n of finished.notes) result.notes.push(n);
  }
}

/** Where a streaming parser hands each record as it is read (it then keeps none in `records`). */
export interface RecordSink {
  onRecord?: ((record: ImportedRecord) => void) | undefined;
}

/** An empty result to collect into; with `onRecord`, records go there instead of into `records`. */
export function emptyResult(onRecord?: (record: ImportedRecord) => void): ParseResult & RecordSink {
  return onRecord ? { records: [], errors: [], notes: [], onRecord } : { records: [], errors: [], notes: [] };
}

/**
 * A line-based parser (RIS, MEDLINE) fed in pieces: the reading thread decodes a large file a piece at
 * a time. Each piece but the last ends with a line end; `end` finishes the last record and gives the result.
 */
export interface LineParser {
  feed(text: string, last?: boolean): void;
  end(): ParseResult;
}

/**
 * Calls `line` for each line of `text`, without an array of lines (a large file is not held twice).
 * A piece that is not the `last` ends with its line end, which opens no further line.
 */
export function eachLine(text: string, last: boolean, line: (raw: string) => void): void {
  const stop = last ? text.length : text.length - 1;
  for (let start = 0; start <= stop;) {
    const end = text.indexOf('\n', start);
    const raw = text.slice(start, end === -1 ? text.length : end);
    start = end === -1 ? text.length + 1 : end + 1;
    line(raw);
  }
}

/** Parses a whole text with a line parser: one piece, the last. */
export function parseWhole(parser: LineParser, text: string): ParseResult {
  parser.feed(text, true);
  return parser.end();
}

/** "734", "742" gives "734-742"; a missing end page gives the start page. */
export function joinPages(start: string | undefined, end: string | undefined): string | undefined {
  const s = squash(start);
  const e = squash(end);
  if (s && e) return `${s}-${e}`;
  return s || e || undefined;
}
