// Highlights: a reviewer selects text in an abstract or a PDF page; the backend stores the
// selection's quote, context and position (taken from its own copy of the text, so the anchor is
// always true to the document), and re-anchors every highlight when a study is opened. A highlight
// that cannot be found again is returned as orphaned (anchored: null), never dropped.
// Layer: electron/backend.
import { anchorIn, describeSelection } from '../../../shared/anchor/selector';
import { CaliperError } from '../../../shared/contract/result';
import type { Highlight } from '../../../shared/model/types';
import type Database from 'better-sqlite3';
import type { RequestContext } from '../context';
import { revealedStudyIds } from '../db/repositories/reconciliation';
import { prepared } from '../db/statements';
import { writeTransaction } from '../db/repositories/audit';
import {
  anchorText,
  findHighlightRow,
  insertHighlight,
  listHighlightRows,
  markHighlightDeleted,
  studyHasDocument,
  type HighlightRow,
} from '../db/repositories/highlights';
import { newRowId } from '../db/ids';

/** Values (of any reviewer, and in the consensus) whose provenance is this highlight. */
export function countValuesOfHighlight(db: Database.Database, id: string): number {
  const row = prepared(
    db,
    `SELECT (SELECT count(*) FROM extraction_values WHERE highlight_id = ?)
          + (SELECT count(*) FROM consensus_values WHERE highlight_id = ?) AS n`,
  ).get(id, id) as { n: number };
  return row.n;
}

function toHighlight(row: HighlightRow, text: string | null): Highlight {
  const anchor = {
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    start: row.start_offset,
    end: row.end_offset,
  };
  return {
    id: row.id,
    studyId: row.study_id,
    documentSha256: row.document_sha256,
    reviewerId: row.reviewer_id,
    page: row.page,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    start: row.start_offset,
    end: row.end_offset,
    createdAt: row.created_at,
    anchored: text === null ? null : anchorIn(text, anchor),
  };
}

export function createHighlight(
  ctx: RequestContext,
  request: { studyId: string; documentSha256: string; page: number | null; start: number; end: number },
): Highlight {
  const review = ctx.requireReviewer();
  const { db } = review;
  const document = studyHasDocument(db, request.studyId, request.documentSha256);
  if (!document) throw new CaliperError('not_found', 'That document does not belong to this study.');
  if ((document.kind === 'pdf') !== (request.page !== null)) {
    throw new CaliperError(
      'validation',
      document.kind === 'pdf' ? 'A highlight in a PDF needs its page.' : 'An abstract has no pages.',
    );
  }
  const text = anchorText(db, request.documentSha256, request.page);
  if (text === null) throw new CaliperError('not_found', `The document has no page ${request.page}.`);
  if (request.end > text.length) {
    throw new CaliperError(
      'validation',
      `The selection ends at ${request.end}, after the end of the text (${text.length}).`,
    );
  }
  const anchor = describeSelection(text, request.start, request.end);
  if (anchor.exact.trim().length === 0) throw new CaliperError('validation', 'The selection is only white space.');
  const id = newRowId();
  const row = writeTransaction(db, review.reviewerId, (audit, now) => {
    insertHighlight(
      db,
      {
        id,
        studyId: request.studyId,
        sha256: request.documentSha256,
        reviewerId: review.reviewerId,
        page: request.page,
        createdAt: now,
      },
      anchor,
    );
    audit({
      entity: 'highlight',
      entityId: id,
      action: 'create',
      after: { studyId: request.studyId, document: request.documentSha256, page: request.page, exact: anchor.exact },
    });
    return findHighlightRow(db, id)!;
  });
  return toHighlight(row, text);
}

/**
 * Whether this reviewer may see a highlight: their own, one nobody owns, or another reviewer's once
 * the study is being reconciled with them. Until then another's highlights do not exist for them.
 */
export function highlightVisible(
  db: Database.Database,
  row: Pick<HighlightRow, 'reviewer_id' | 'study_id'>,
  reviewerId: string | null,
  revealed?: Set<string>,
): boolean {
  if (row.reviewer_id === null || row.reviewer_id === reviewerId) return true;
  return (revealed ?? revealedStudyIds(db, reviewerId)).has(row.study_id);
}

export function listHighlights(ctx: RequestContext, request: { studyId: string }): Highlight[] {
  const { db, reviewerId } = ctx.requireReview();
  const texts = new Map<string, string | null>();
  const attached = new Map<string, boolean>();
  const revealed = revealedStudyIds(db, reviewerId);
  const rows = listHighlightRows(db, request.studyId).filter((row) => highlightVisible(db, row, reviewerId, revealed));
  return rows.map((row) => {
    // A highlight left on a PDF the study no longer has (replaced by a new version) is orphaned.
    if (!attached.has(row.document_sha256)) {
      attached.set(row.document_sha256, studyHasDocument(db, request.studyId, row.document_sha256) !== null);
    }
    if (!attached.get(row.document_sha256)) return toHighlight(row, null);
    const key = `${row.document_sha256}:${row.page ?? ''}`;
    if (!texts.has(key)) texts.set(key, anchorText(db, row.document_sha256, row.page));
    return toHighlight(row, texts.get(key)!);
  });
}

/**
 * Deletes one of this reviewer's highlights. Nobody deletes another reviewer's. One that feeds
 * values is refused unless confirmed; the row stays in the file (marked deleted), so the values'
 * highlight id still resolves and they keep their raw text and reading.
 */
export function deleteHighlight(ctx: RequestContext, request: { id: string; confirm?: boolean | undefined }): null {
  const review = ctx.requireReviewer();
  const { db, reviewerId } = review;
  const row = findHighlightRow(db, request.id);
  if (!row || !highlightVisible(db, row, reviewerId))
    throw new CaliperError('not_found', `No highlight with id ${request.id}.`);
  if (row.reviewer_id !== null && row.reviewer_id !== reviewerId)
    throw new CaliperError('not_yours', 'This highlight is another reviewer’s: only they can delete it.');
  const feeds = countValuesOfHighlight(db, request.id);
  if (feeds > 0 && !request.confirm)
    throw new CaliperError(
      'highlight_in_use',
      `This highlight feeds ${feeds} ${feeds === 1 ? 'value' : 'values'}. Delete it anyway? ` +
        'The values stay, with the text they were mapped from.',
    );
  writeTransaction(db, reviewerId, (audit, now) => {
    markHighlightDeleted(db, request.id, now);
    audit({
      entity: 'highlight',
      entityId: request.id,
      action: 'delete',
      before: { studyId: row.study_id, exact: row.exact, page: row.page, feeds },
    });
  });
  return null;
}
