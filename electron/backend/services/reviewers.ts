// Reviewers: create them, list them, and choose who is extracting in this session (window or tab).
// The last choice is remembered per review in the app settings, outside the review file, as the
// starting reviewer of a new session. Layer: electron/backend.
import { CaliperError } from '../../../shared/contract/result';
import type { Reviewer } from '../../../shared/model/types';
import type { RequestContext } from '../context';
import { writeTransaction } from '../db/repositories/audit';
import { findReviewer, findReviewerByName, insertReviewer, listReviewers } from '../db/repositories/reviewers';

export function reviewerList(ctx: RequestContext): { reviewers: Reviewer[]; currentId: string | null } {
  const review = ctx.requireReview();
  return { reviewers: listReviewers(review.db), currentId: review.reviewerId };
}

function choose(ctx: RequestContext, reviewer: Reviewer): Reviewer {
  const review = ctx.requireReview();
  ctx.session.setReviewer(review.info.id, reviewer.id);
  ctx.settings.update((s) => {
    s.lastReviewerByReview[review.info.id] = reviewer.id;
  });
  return reviewer;
}

/** Creates a reviewer and makes them the current one. */
export function createReviewer(ctx: RequestContext, request: { name: string }): Reviewer {
  const review = ctx.requireReview();
  if (findReviewerByName(review.db, request.name)) {
    throw new CaliperError('exists', `A reviewer called "${request.name}" already exists in this review.`);
  }
  const reviewer = writeTransaction(review.db, review.reviewerId, (audit, now) =>
    insertReviewer(review.db, audit, now, request.name),
  );
  ctx.events.emit('reviewers:changed', { reviewerIds: listReviewers(review.db).map((r) => r.id) });
  return choose(ctx, reviewer);
}

export function setCurrentReviewer(ctx: RequestContext, request: { id: string }): Reviewer {
  const review = ctx.requireReview();
  const reviewer = findReviewer(review.db, request.id);
  if (!reviewer) throw new CaliperError('not_found', `No reviewer with id ${request.id} in this review.`);
  return choose(ctx, reviewer);
}
