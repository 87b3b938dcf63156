// What importing a reference file looks like to the renderer, the CLI and the tests: the preview
// (new records, likely duplicates, bad records with line and reason) and the commit's summary.
// Layer: shared (pure TypeScript).
import type { ReportKind } from './types';

export const REFERENCE_FORMAT_NAMES = ['ris', 'medline', 'endnote_xml', 'bibtex', 'csv'] as const;

export type ReferenceFormatName = (typeof REFERENCE_FORMAT_NAMES)[number];

/** Our fields a CSV column can be mapped to. */
export const CSV_COLUMN_FIELDS = [
  'title',
  'authors',
  'year',
  'journal',
  'volume',
  'issue',
  'pages',
  'doi',
  'pmid',
  'abstract',
  'keywords',
  'url',
  'kind',
] as const;

export type CsvColumnField = (typeof CSV_COLUMN_FIELDS)[number];

/** One record of the file, as the preview lists it. `index` is its position among the good records. */
export interface ImportRecordSummary {
  index: number;
  line: number;
  kind: ReportKind;
  title: string;
  authors: string[];
  year: number | null;
  journal: string | null;
  doi: string | null;
  pmid: string | null;
}

export type DuplicateReason = 'doi' | 'pmid' | 'title_year';

export interface ImportDuplicate {
  record: ImportRecordSummary;
  by: DuplicateReason;
  /** The study already in the review it duplicates, or null when it duplicates a new record of this file. */
  existing: { studyId: string; label: string } | null;
  /** The earlier record of this file it duplicates (then `existing` is null). */
  sameAs: { index: number; line: number } | null;
}

export interface ImportBadRecord {
  line: number;
  reason: string;
}

/** Something the reviewer should know that refused nothing (a field left out, lines ignored, an encoding guessed). */
export interface ImportNote {
  line: number;
  note: string;
}

export interface ImportPreview {
  previewId: string;
  fileName: string;
  format: ReferenceFormatName | null;
  encoding: string;
  counts: { records: number; new: number; duplicates: number; bad: number };
  /**
   * The first new records and duplicates (at most IMPORT_PREVIEW_WINDOW of each, in file order);
   * `counts` says how many there are, and `source:previewPage` gives the rest a page at a time.
   */
  newRecords: ImportRecordSummary[];
  duplicates: ImportDuplicate[];
  bad: ImportBadRecord[];
  /** Notes on records that were kept and lines that were ignored; absent when there are none. */
  notes?: ImportNote[];
  /** CSV only: the file's headers and the column mapping used (guessed unless one was given). */
  csv?: { headers: string[]; mapping: Partial<Record<CsvColumnField, string>> };
}

/** New records and duplicates a preview answer or one page of it lists at most (each). */
export const IMPORT_PREVIEW_WINDOW = 500;

/** One page of a preview's new records or of its duplicates: `total` is the list's length. */
export interface ImportPreviewPage {
  list: 'new' | 'duplicates';
  offset: number;
  total: number;
  /** The page when `list` is 'new' (else empty). */
  newRecords: ImportRecordSummary[];
  /** The page when `list` is 'duplicates' (else empty). */
  duplicates: ImportDuplicate[];
}

export type DuplicateAction = 'skip' | 'merge';

export interface ImportSummary {
  /** New studies created. */
  imported: number;
  /** Records added as further reports of an existing (or just imported) study. */
  merged: number;
  /** Duplicates left out. */
  skipped: number;
  /** Bad records, listed in the preview and never written. */
  bad: number;
}

export interface ImportProgress {
  previewId: string;
  phase: 'reading' | 'checking' | 'writing';
  done: number;
  total: number;
}
