// Studies: list (with filter), read one, add one by pasting its abstract. Layer: electron/backend.
import { CaliperError } from '../../../shared/contract/result';
import type { AuditEntry, StudyColumns, StudyDetail, StudyRow } from '../../../shared/model/types';
import type { RequestContext } from '../context';
import { revealedStudyIds } from '../db/repositories/reconciliation';
import { listAudit, writeTransaction } from '../db/repositories/audit';
import { getStudy, insertStudy, listStudies, listStudyColumns } from '../db/repositories/studies';

export function studyList(
  ctx: RequestContext,
  request: { filter?: string | undefined; ids?: string[] | undefined },
): StudyRow[] {
  const review = ctx.requireReview();
  return listStudies(review.db, review.reviewerId, request.filter || undefined, request.ids);
}

/** Every study's library row as columns (the library's first load). */
export function studyColumns(ctx: RequestContext): StudyColumns {
  const review = ctx.requireReview();
  return listStudyColumns(review.db, review.reviewerId);
}

export function studyGet(ctx: RequestContext, request: { id: string }): StudyDetail {
  const review = ctx.requireReview();
  const study = getStudy(review.db, review.reviewerId, request.id);
  if (!study) throw new CaliperError('not_found', `No study with id ${request.id} in this review.`);
  return study;
}

export function studyAdd(
  ctx: RequestContext,
  request: {
    title: string;
    authors: string[];
    year?: number | null | undefined;
    journal?: string | undefined;
    abstract: string;
  },
): StudyDetail {
  const review = ctx.requireReview();
  const id = writeTransaction(review.db, review.reviewerId, (audit, now) =>
    insertStudy(review.db, audit, now, {
      title: request.title,
      authors: request.authors,
      year: request.year ?? null,
      journal: request.journal || null,
      abstract: request.abstract,
    }),
  );
  ctx.events.emit('studies:changed', { reason: 'added', studyIds: [id] });
  // The whole study (its row and details), so the window that added it can show it without asking again.
  return getStudy(review.db, review.reviewerId, id)!;
}

export function auditList(
  ctx: RequestContext,
  request: { entity?: string | undefined; entityId?: string | undefined; studyId?: string | undefined; limit: number },
): AuditEntry[] {
  const { db, reviewerId } = ctx.requireReview();
  return listAudit(db, { ...request, viewer: { reviewerId, revealed: revealedStudyIds(db, reviewerId) } });
}
