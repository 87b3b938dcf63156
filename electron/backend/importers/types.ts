// What every reference-file parser returns: the records it could read, and for each record it could
// not, the line where that record went wrong and why. Parsers never throw on bad input: a bad record
// is an error entry, not an exception. Layer: electron/backend (importers).
import type { ReportKind } from '../../../shared/model/types';

/** One citation read from a reference file, normalised (trimmed, DOI without its resolver prefix). */
export interface ImportedRecord {
  /** 1-based line where the record starts in the decoded text. */
  line: number;
  kind: ReportKind;
  title: string;
  authors: string[];
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  pmid: string | null;
  abstract: string | null;
  keywords: string[];
  url: string | null;
}

export interface ParseError {
  /** 1-based line of the problem (the record's first line when the whole record is at fault). */
  line: number;
  message: string;
}

/**
 * Something the reviewer should know that refused nothing: a field dropped or changed, lines outside
 * any record ignored, an encoding guessed. Shown in the preview beside the bad records.
 */
export interface ParseNote {
  line: number;
  message: string;
}

export interface ParseResult {
  records: ImportedRecord[];
  errors: ParseError[];
  notes: ParseNote[];
}

export type ReferenceFormat = 'ris' | 'medline' | 'endnote_xml' | 'bibtex' | 'csv';

export const REFERENCE_FORMATS: readonly ReferenceFormat[] = ['ris', 'medline', 'endnote_xml', 'bibtex', 'csv'];
