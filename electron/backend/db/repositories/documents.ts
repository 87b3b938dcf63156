// PDFs in a review: what pdf.js read from each (pdf_documents, one row per content), the text of each
// page (document_pages), and which study holds which PDF under which file name (study_documents).
// The bytes themselves are in `documents` (putDocument in ./studies). Layer: electron/backend.
import type Database from 'better-sqlite3';
import { prepared } from '../statements';
import type { Audit } from './audit';

export interface PdfFacts {
  fingerprint: string;
  pageCount: number;
  title: string | null;
  doi: string | null;
  pdfjsVersion: string;
  pages: readonly string[];
}

export interface PdfDocumentRow {
  sha256: string;
  fingerprint: string;
  pageCount: number;
  title: string | null;
  doi: string | null;
  bytes: number;
}

/** Stores what pdf.js read from a PDF, once per content; true when it was new. */
export function insertPdfFacts(db: Database.Database, audit: Audit, sha256: string, facts: PdfFacts): boolean {
  const result = prepared(
    db,
    `INSERT INTO pdf_documents (sha256, fingerprint, page_count, title, doi, pdfjs_version)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
  ).run(sha256, facts.fingerprint, facts.pageCount, facts.title, facts.doi, facts.pdfjsVersion);
  if (result.changes === 0) return false;
  const insertPage = prepared(db, 'INSERT INTO document_pages (sha256, page, text) VALUES (?, ?, ?)');
  facts.pages.forEach((text, i) => insertPage.run(sha256, i + 1, text));
  audit({
    entity: 'pdf_document',
    entityId: sha256,
    action: 'create',
    after: {
      fingerprint: facts.fingerprint,
      pageCount: facts.pageCount,
      title: facts.title,
      doi: facts.doi,
      pdfjsVersion: facts.pdfjsVersion,
    },
  });
  return true;
}

/** Attaches a document to a study under a file name; false when the study already had it. */
export function attachDocument(
  db: Database.Database,
  audit: Audit,
  now: string,
  link: { studyId: string; sha256: string; reportId: string | null; fileName: string },
): boolean {
  const result = prepared(
    db,
    `INSERT INTO study_documents (study_id, document_sha256, report_id, added_at, file_name)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (study_id, document_sha256) DO NOTHING`,
  ).run(link.studyId, link.sha256, link.reportId, now, link.fileName);
  if (result.changes === 0) return false;
  audit({
    entity: 'study_document',
    entityId: `${link.studyId}/${link.sha256}`,
    action: 'create',
    after: { studyId: link.studyId, sha256: link.sha256, fileName: link.fileName },
  });
  prepared(db, 'UPDATE studies SET updated_at = ? WHERE id = ?').run(now, link.studyId);
  return true;
}

export function getPdfDocument(db: Database.Database, sha256: string): PdfDocumentRow | null {
  const row = prepared(
    db,
    `SELECT p.sha256, p.fingerprint, p.page_count, p.title, p.doi, d.bytes
     FROM pdf_documents p JOIN documents d ON d.sha256 = p.sha256 WHERE p.sha256 = ?`,
  ).get(sha256) as
    | {
        sha256: string;
        fingerprint: string;
        page_count: number;
        title: string | null;
        doi: string | null;
        bytes: number;
      }
    | undefined;
  return row
    ? {
        sha256: row.sha256,
        fingerprint: row.fingerprint,
        pageCount: row.page_count,
        title: row.title,
        doi: row.doi,
        bytes: row.bytes,
      }
    : null;
}

export function getPdfContent(db: Database.Database, sha256: string): Buffer | null {
  const row = prepared(db, "SELECT content FROM documents WHERE sha256 = ? AND kind = 'pdf'").get(sha256) as
    { content: Buffer } | undefined;
  return row?.content ?? null;
}

/** The text of every page, in page order. */
export function getPageTexts(db: Database.Database, sha256: string): string[] {
  return (
    prepared(db, 'SELECT text FROM document_pages WHERE sha256 = ? ORDER BY page').all(sha256) as { text: string }[]
  ).map((r) => r.text);
}

/** Ids of the studies that hold a document. */
export function studiesHolding(db: Database.Database, sha256: string): string[] {
  return (
    prepared(db, 'SELECT study_id FROM study_documents WHERE document_sha256 = ? ORDER BY added_at').all(sha256) as {
      study_id: string;
    }[]
  ).map((r) => r.study_id);
}

export function studyExists(db: Database.Database, studyId: string): boolean {
  return prepared(db, 'SELECT 1 FROM studies WHERE id = ?').get(studyId) !== undefined;
}

export function primaryReportId(db: Database.Database, studyId: string): string | null {
  const row = prepared(db, 'SELECT id FROM reports WHERE study_id = ? AND is_primary = 1').get(studyId) as
    { id: string } | undefined;
  return row?.id ?? null;
}

export interface MatchCandidate {
  studyId: string;
  label: string;
  title: string;
  doi: string | null;
  year: number | null;
}

/** Every report of every study, for matching a PDF to the study it belongs to. */
export function listMatchCandidates(db: Database.Database): MatchCandidate[] {
  return (
    prepared(
      db,
      `SELECT s.id AS studyId, s.label, r.title, r.doi, r.year FROM studies s
       JOIN reports r ON r.study_id = s.id ORDER BY r.is_primary DESC, r.created_at`,
    ).all() as MatchCandidate[]
  ).map((r) => ({ ...r }));
}

/** Detaches a document from a study; the document itself stays in the file (other studies, history). */
export function detachDocument(db: Database.Database, studyId: string, sha256: string): void {
  prepared(db, 'DELETE FROM study_documents WHERE study_id = ? AND document_sha256 = ?').run(studyId, sha256);
}
