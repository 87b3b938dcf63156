// Turns what a parser collected for one record into an ImportedRecord, or a reason it cannot be
// imported. Every format goes through here, so a title, year, DOI or author list means the same
// thing whichever file it came from. Layer: electron/backend (importers).
import { MAX_NAME_CHARS, MAX_TITLE_CHARS } from '../../../shared/contract/limits';
import type { ReportKind } from '../../../shared/model/types';
import type { ImportedRecord, ParseError } from './types';

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
const MAX_AUTHORS = 5_000;
const MAX_FIELD_CHARS = 2_000;
const MAX_ABSTRACT_CHARS = 1_000_000;

/** Collapses runs of whitespace (continuation lines, tabs) into single spaces. */
export function squash(text: string | undefined): string {
  return text === undefined ? '' : text.replace(/\s+/g, ' ').trim();
}

/** "https://doi.org/10.1/ABC", "doi:10.1/ABC" and "10.1/ABC [doi]" all give "10.1/ABC". */
export function normaliseDoi(raw: string | undefined): string | null {
  if (!raw) return null;
  let doi = raw.trim().replace(/\s*\[doi\]$/i, '');
  doi = doi.replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '');
  doi = doi.trim();
  return /^10\.\d{3,9}\/\S+$/.test(doi) ? doi : null;
}

/** The key two DOIs are compared by: DOIs are case-insensitive. */
export function doiKey(doi: string): string {
  return doi.toLowerCase();
}

/** A title compared for duplicates: lowercase letters and digits only, accents removed. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function parseYear(raw: string | undefined): { year: number | null; error?: string } {
  const text = squash(raw);
  if (!text) return { year: null };
  const match = /(?:^|\D)(\d{4})(?!\d)/.exec(text);
  if (!match) return { year: null };
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR)
    return { year: null, error: `the year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}` };
  return { year };
}

function optional(text: string | undefined, what: string, max = MAX_FIELD_CHARS): string | null | { error: string } {
  const value = squash(text);
  if (!value) return null;
  if (value.length > max) return { error: `the ${what} is longer than ${max.toLocaleString('en')} characters` };
  return value;
}

/** Builds the record, or says why this record cannot be imported (reported at `line`). */
export function finishRecord(draft: DraftRecord, line: number): ImportedRecord | ParseError {
  const fail = (message: string): ParseError => ({ line, message });
  const title = squash(draft.title);
  if (!title) return fail('the record has no title');
  if (title.length > MAX_TITLE_CHARS)
    return fail(`the title is longer than ${MAX_TITLE_CHARS.toLocaleString('en')} characters`);
  const authors = (draft.authors ?? []).map(squash).filter((a) => a.length > 0);
  if (authors.length > MAX_AUTHORS) return fail(`the record has more than ${MAX_AUTHORS.toLocaleString('en')} authors`);
  const longAuthor = authors.find((a) => a.length > MAX_NAME_CHARS);
  if (longAuthor)
    return fail(`an author name is longer than ${MAX_NAME_CHARS} characters ("${longAuthor.slice(0, 40)}…")`);
  const { year, error: yearError } = parseYear(draft.year);
  if (yearError) return fail(yearError);
  const fields = {
    journal: optional(draft.journal, 'journal'),
    volume: optional(draft.volume, 'volume', 100),
    issue: optional(draft.issue, 'issue', 100),
    pages: optional(draft.pages, 'pages', 100),
    url: optional(draft.url, 'URL'),
    pmid: optional(draft.pmid, 'PMID', 20),
  };
  for (const value of Object.values(fields)) if (value && typeof value === 'object') return fail(value.error);
  const pmid = fields.pmid as string | null;
  if (pmid !== null && !/^\d{1,10}$/.test(pmid)) return fail(`the PMID "${pmid}" is not a number`);
  const rawDoi = squash(draft.doi);
  const doi = normaliseDoi(rawDoi);
  if (rawDoi && !doi) return fail(`the DOI "${rawDoi.slice(0, 60)}" is not a DOI (10.NNNN/…)`);
  // Abstracts keep their line breaks as written, apart from the layout of continuation lines.
  const abstract = draft.abstract?.trim() ? draft.abstract.trim() : null;
  if (abstract && abstract.length > MAX_ABSTRACT_CHARS) return fail('the abstract is longer than 1,000,000 characters');
  const keywords = [...new Set((draft.keywords ?? []).map(squash).filter((k) => k.length > 0 && k.length <= 500))];
  return {
    line,
    kind: draft.kind ?? 'journal_article',
    title,
    authors,
    year,
    journal: fields.journal as string | null,
    volume: fields.volume as string | null,
    issue: fields.issue as string | null,
    pages: fields.pages as string | null,
    doi,
    pmid,
    abstract,
    keywords,
    url: fields.url as string | null,
  };
}

export function isParseError(value: ImportedRecord | ParseError): value is ParseError {
  return 'message' in value;
}

/** Adds a finished record to the right list. */
export function collect(
  result: { records: ImportedRecord[]; errors: ParseError[] },
  draft: DraftRecord,
  line: number,
): void {
  const finished = finishRecord(draft, line);
  if (isParseError(finished)) result.errors.push(finished);
  else result.records.push(finished);
}

/** "734", "742" gives "734-742"; a missing end page gives the start page. */
export function joinPages(start: string | undefined, end: string | undefined): string | undefined {
  const s = squash(start);
  const e = squash(end);
  if (s && e) return `${s}-${e}`;
  return s || e || undefined;
}
