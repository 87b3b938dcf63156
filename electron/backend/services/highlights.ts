// Highlights: a reviewer selects text in an abstract or a PDF page; the backend stores the
// selection's quote, context and position (taken from its own copy of the text, so the anchor is
// always true to the document), and re-anchors every highlight when a study is opened. A highlight
// that cannot be found again is returned as orphaned (anchored: null), never dropped.
// Layer: electron/backend.
import { randomUUID } from 'node:crypto';
import { anchorIn, describeSelection } from '../../../shared/anchor/selector';
import { CaliperError } from '../../../shared/contract/result';
import type { Highlight } from '../../../shared/model/types';
import type { RequestContext } from '../context';
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
  const review = ctx.requireReview();
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
  const id = randomUUID();
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

export function listHighlights(ctx: RequestContext, request: { studyId: string }): Highlight[] {
  const { db } = ctx.requireReview();
  const texts = new Map<string, string | null>();
  const attached = new Map<string, boolean>();
  return listHighlightRows(db, request.studyId).map((row) => {
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

export function deleteHighlight(ctx: RequestContext, request: { id: string }): null {
  const review = ctx.requireReview();
  const row = findHighlightRow(review.db, request.id);
  if (!row) throw new CaliperError('not_found', `No highlight with id ${request.id}.`);
  writeTransaction(review.db, review.reviewerId, (audit, now) => {
    markHighlightDeleted(review.db, request.id, now);
    audit({
      entity: 'highlight',
      entityId: request.id,
      action: 'delete',
      before: { exact: row.exact, page: row.page },
    });
  });
  return null;
}
