// Highlights and the document text they anchor in: an abstract's text, or the stored text of one
// PDF page. Layer: electron/backend.
import type Database from 'better-sqlite3';
import type { TextAnchor } from '../../../../shared/anchor/selector';
import { prepared } from '../statements';

export interface HighlightRow {
  id: string;
  study_id: string;
  document_sha256: string;
  reviewer_id: string | null;
  page: number | null;
  exact: string;
  prefix: string;
  suffix: string;
  start_offset: number;
  end_offset: number;
  created_at: string;
}

/** Whether the study has this document (abstract or PDF). */
export function studyHasDocument(
  db: Database.Database,
  studyId: string,
  sha256: string,
): { kind: 'abstract' | 'pdf' } | null {
  const row = prepared(
    db,
    // A file attached to the study, or the abstract of one of its reports.
    `SELECT d.kind FROM documents d
     WHERE d.sha256 = @sha256 AND (
       EXISTS (SELECT 1 FROM study_documents sd WHERE sd.study_id = @studyId AND sd.document_sha256 = d.sha256)
       OR EXISTS (SELECT 1 FROM reports r WHERE r.study_id = @studyId AND r.abstract_sha256 = d.sha256))`,
  ).get({ studyId, sha256 }) as { kind: 'abstract' | 'pdf' } | undefined;
  return row ?? null;
}

/** The text a highlight's offsets refer to: the abstract, or one page of a PDF. Null if missing. */
export function anchorText(db: Database.Database, sha256: string, page: number | null): string | null {
  if (page === null) {
    const row = prepared(db, "SELECT content FROM documents WHERE sha256 = ? AND kind = 'abstract'").get(sha256) as
      { content: Buffer } | undefined;
    return row ? row.content.toString('utf8') : null;
  }
  const row = prepared(db, 'SELECT text FROM document_pages WHERE sha256 = ? AND page = ?').get(sha256, page) as
    { text: string } | undefined;
  return row?.text ?? null;
}

export function insertHighlight(
  db: Database.Database,
  row: {
    id: string;
    studyId: string;
    sha256: string;
    reviewerId: string | null;
    page: number | null;
    createdAt: string;
  },
  anchor: TextAnchor,
): void {
  prepared(
    db,
    `INSERT INTO highlights (id, study_id, document_sha256, reviewer_id, page, exact, prefix, suffix, start_offset, end_offset, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.id,
    row.studyId,
    row.sha256,
    row.reviewerId,
    row.page,
    anchor.exact,
    anchor.prefix,
    anchor.suffix,
    anchor.start,
    anchor.end,
    row.createdAt,
  );
}

export function listHighlightRows(db: Database.Database, studyId: string): HighlightRow[] {
  return prepared(
    db,
    'SELECT * FROM highlights WHERE study_id = ? AND deleted_at IS NULL ORDER BY document_sha256, page, start_offset',
  ).all(studyId) as HighlightRow[];
}

export function findHighlightRow(db: Database.Database, id: string): HighlightRow | null {
  return (
    (prepared(db, 'SELECT * FROM highlights WHERE id = ? AND deleted_at IS NULL').get(id) as
      HighlightRow | undefined) ?? null
  );
}

export function markHighlightDeleted(db: Database.Database, id: string, at: string | null): void {
  prepared(db, 'UPDATE highlights SET deleted_at = ? WHERE id = ?').run(at, id);
}

/** A highlight whether or not it is deleted (undo and redo of a mapping remove and restore it). */
export function findHighlightRowWithDeleted(
  db: Database.Database,
  id: string,
): (HighlightRow & { deleted_at: string | null }) | null {
  return (
    (prepared(db, 'SELECT * FROM highlights WHERE id = ?').get(id) as
      (HighlightRow & { deleted_at: string | null }) | undefined) ?? null
  );
}

/** Moves a highlight to another document (a new version of its PDF) with its anchor there. */
export function moveHighlight(
  db: Database.Database,
  id: string,
  sha256: string,
  page: number | null,
  anchor: TextAnchor,
): void {
  prepared(
    db,
    `UPDATE highlights SET document_sha256 = ?, page = ?, exact = ?, prefix = ?, suffix = ?, start_offset = ?, end_offset = ?
     WHERE id = ?`,
  ).run(sha256, page, anchor.exact, anchor.prefix, anchor.suffix, anchor.start, anchor.end, id);
}
