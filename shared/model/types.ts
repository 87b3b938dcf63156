// Domain types of a Caliper review, as the renderer, the backend and the CLI see them.
// Layer: shared (pure TypeScript).

export const EXTRACTION_STATUSES = ['not_started', 'in_progress', 'complete'] as const;

/** How far one reviewer has got with one study's extraction. */
export type ExtractionStatus = (typeof EXTRACTION_STATUSES)[number];

export interface ReviewInfo {
  /** Absolute path of the review file. */
  path: string;
  /** Stable id of the review, kept when the file is copied or moved. */
  id: string;
  title: string;
  createdAt: string;
  schemaVersion: number;
  /** Open for reading only: the file or its folder cannot be written, so no change can be saved. */
  readOnly: boolean;
}

export interface RecentReview {
  path: string;
  title: string;
  openedAt: string;
  exists: boolean;
}

export interface ReviewFileEntry {
  path: string;
  name: string;
  modifiedAt: string;
  bytes: number;
}

export interface Reviewer {
  id: string;
  name: string;
  createdAt: string;
  /** Switching to this reviewer asks for their passcode. */
  hasPasscode: boolean;
}

/** One row of the library pane. */
export interface StudyRow {
  id: string;
  label: string;
  firstAuthor: string | null;
  year: number | null;
  title: string;
  /** The current reviewer's extraction status ("not_started" when no reviewer is chosen). */
  status: ExtractionStatus;
}

/**
 * Every study's library row as columns, in the library's order: one array per field, the same
 * length each, so 50,000 studies cross to the window as a few arrays of plain values (about a
 * quarter smaller than rows, and parsed several times faster). `statuses` are indexes into
 * EXTRACTION_STATUSES.
 */
export interface StudyColumns {
  ids: string[];
  labels: string[];
  firstAuthors: (string | null)[];
  years: (number | null)[];
  titles: string[];
  statuses: number[];
}

export type ReportKind = 'journal_article' | 'conference_abstract' | 'registry_record' | 'other';

/** A citation record: one publication about a study. A study may have several. */
export interface Report {
  id: string;
  studyId: string;
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
  url: string | null;
  keywords: string[];
  /** SHA-256 of the abstract document, when the report has one. */
  abstractSha256: string | null;
  isPrimary: boolean;
  createdAt: string;
}

export type DocumentKind = 'abstract' | 'pdf';

export interface DocumentInfo {
  sha256: string;
  kind: DocumentKind;
  mediaType: string;
  bytes: number;
  createdAt: string;
  /** The file name a PDF was attached under in this study (null for abstracts). */
  fileName: string | null;
  /** A PDF's page count (null for abstracts). */
  pageCount: number | null;
}

export interface StudyDetail extends StudyRow {
  reports: Report[];
  /** The primary report's abstract, as text. */
  abstract: { sha256: string; text: string } | null;
  /** The abstracts of the study's other reports (merged records), as text, each once. */
  otherAbstracts: { sha256: string; text: string }[];
  documents: DocumentInfo[];
  createdAt: string;
  updatedAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  reviewerId: string | null;
  entity: string;
  entityId: string;
  action: 'create' | 'update' | 'delete';
  field: string | null;
  before: string | null;
  after: string | null;
}

export interface AppInfo {
  name: 'Caliper';
  version: string;
  versions: Record<string, string>;
  dataDir: string;
  reviewsDir: string;
  /** Which transport the renderer talks through. */
  host: 'electron' | 'web';
}

/** A reviewer's selection in a document, anchored so it can be found again. */
export interface Highlight {
  id: string;
  studyId: string;
  documentSha256: string;
  reviewerId: string | null;
  /** 1-based page of a PDF; null for text documents such as abstracts. */
  page: number | null;
  exact: string;
  prefix: string;
  suffix: string;
  /** Offsets in the page (or document) text when the highlight was made. */
  start: number;
  end: number;
  createdAt: string;
  /** Where the highlight is in the current text; null when it cannot be found again (orphaned). */
  anchored: { start: number; end: number; method: 'position' | 'quote' | 'fuzzy'; score: number } | null;
}

/** A PDF stored in a review, as pdf.js read it once at import. */
export interface PdfDocument {
  sha256: string;
  fingerprint: string;
  pageCount: number;
  /** From the PDF's metadata or its first page; null when neither gives one. */
  title: string | null;
  doi: string | null;
  bytes: number;
}

/** What importing one PDF did. */
export interface PdfImportResult {
  study: StudyRow;
  document: PdfDocument;
  fileName: string;
  /** A new study was made for the PDF (no study was named). */
  createdStudy: boolean;
  /** False when the same bytes were already in the review (stored once, by SHA-256). */
  storedNew: boolean;
  /** False when the study already had this PDF. */
  attached: boolean;
  /** Pages (1-based) without usable text: no letters, or control characters where letters should be. */
  unusablePages: number[];
  /** What the reviewer should know: repaired on reading, encrypted, pages without text. */
  notes: string[];
}

/** What Find found in a PDF's stored page text: offsets in each page's text, in page order. */
export interface PdfFindResult {
  sha256: string;
  query: string;
  hits: { page: number; start: number; end: number }[];
  /** More hits than the limit asked for; the first ones are given. */
  truncated: boolean;
  /** A newer search with the same searchId ended this one; its hits are not given. */
  superseded: boolean;
}

/** A study a PDF probably belongs to: same DOI, or a similar title (score 0..1). */
export interface PdfStudyMatch {
  studyId: string;
  label: string;
  title: string;
  by: 'doi' | 'title';
  score: number;
}

/** A PDF read for folder import, before it is stored, with the studies it may belong to. */
export interface PdfMatchResult {
  sha256: string;
  fileName: string;
  title: string | null;
  doi: string | null;
  pageCount: number;
  /** Best first; empty when no study looks like it. */
  matches: PdfStudyMatch[];
  /** The review already holds these bytes, attached to these studies. */
  alreadyIn: string[];
}
