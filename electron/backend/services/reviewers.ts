// Reviewers: create them, list them, and choose who is extracting now. The choice is remembered per
// review in the app settings, outside the review file. Layer: electron/backend.
import { CaliperError } from '../../../shared/contract/result';
import type { Reviewer } from '../../../shared/model/types';
import type { Backend } from '../backend';
import { writeTransaction } from '../db/repositories/audit';
import { findReviewer, findReviewerByName, insertReviewer, listReviewers } from '../db/repositories/reviewers';

export function reviewerList(backend: Backend): { reviewers: Reviewer[]; currentId: string | null } {
  const review = backend.requireReview();
  return { reviewers: listReviewers(review.db), currentId: review.reviewerId };
}

function choose(backend: Backend, reviewer: Reviewer): Reviewer {
  const review = backend.requireReview();
  review.reviewerId = reviewer.id;
  backend.settings.update((s) => {
    s.lastReviewerByReview[review.info.id] = reviewer.id;
  });
  backend.events.emit('reviewers:changed', { currentId: reviewer.id });
  return reviewer;
}

/** Creates a reviewer and makes them the current one. */
export function createReviewer(backend: Backend, request: { name: string }): Reviewer {
  const review = backend.requireReview();
  if (findReviewerByName(review.db, request.name)) {
    throw new CaliperError('exists', `A reviewer called "${request.name}" already exists in this review.`);
  }
  const reviewer = writeTransaction(review.db, review.reviewerId, (audit, now) =>
    insertReviewer(review.db, audit, now, request.name),
  );
  return choose(backend, reviewer);
}

export function setCurrentReviewer(backend: Backend, request: { id: string }): Reviewer {
  const review = backend.requireReview();
  const reviewer = findReviewer(review.db, request.id);
  if (!reviewer) throw new CaliperError('not_found', `No reviewer with id ${request.id} in this review.`);
  return choose(backend, reviewer);
}
