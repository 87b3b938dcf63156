// Reviewers: create them, list them, and choose who is extracting in this session (window or tab).
// A reviewer may protect their work with a passcode (scrypt hash in the review file): switching to
// them asks for it, and a new session never starts as them. Every switch is in the audit log. The
// last choice is remembered per review in the app settings, outside the review file, as the
// starting reviewer of a new session. Layer: electron/backend.
import { CaliperError } from '../../../shared/contract/result';
import type { Reviewer } from '../../../shared/model/types';
import type { RequestContext } from '../context';
import { writeTransaction } from '../db/repositories/audit';
import {
  findReviewer,
  findReviewerByName,
  insertReviewer,
  listReviewers,
  passcodeHashOf,
  setPasscodeHash,
} from '../db/repositories/reviewers';
import { hashPasscode, verifyPasscode } from './passcodes';

export function reviewerList(ctx: RequestContext): { reviewers: Reviewer[]; currentId: string | null } {
  const review = ctx.requireReview();
  return { reviewers: listReviewers(review.db), currentId: review.reviewerId };
}

/** Makes this session's reviewer `reviewer`, with the switch in the audit log. */
function choose(ctx: RequestContext, reviewer: Reviewer): Reviewer {
  const review = ctx.requireReview();
  if (review.reviewerId !== reviewer.id) {
    writeTransaction(review.db, reviewer.id, (audit) =>
      audit({
        entity: 'reviewer',
        entityId: reviewer.id,
        action: 'update',
        field: 'switch',
        before: review.reviewerId,
        after: reviewer.id,
      }),
    );
  }
  ctx.session.setReviewer(review.info.id, reviewer.id);
  ctx.settings.update((s) => {
    s.lastReviewerByReview[review.info.id] = reviewer.id;
  });
  return reviewer;
}

/** Creates a reviewer (with a passcode when given) and makes them this session's reviewer. */
export async function createReviewer(
  ctx: RequestContext,
  request: { name: string; passcode?: string | undefined },
): Promise<Reviewer> {
  const review = ctx.requireReview();
  const hash = request.passcode === undefined ? null : await hashPasscode(request.passcode);
  if (findReviewerByName(review.db, request.name)) {
    throw new CaliperError('exists', `A reviewer called "${request.name}" already exists in this review.`);
  }
  const reviewer = writeTransaction(review.db, review.reviewerId, (audit, now) => {
    const made = insertReviewer(review.db, audit, now, request.name);
    if (hash === null) return made;
    setPasscodeHash(review.db, made.id, hash);
    audit({ entity: 'reviewer', entityId: made.id, action: 'update', field: 'passcode', after: 'set' });
    return { ...made, hasPasscode: true };
  });
  ctx.events.emit('reviewers:changed', { reviewerIds: listReviewers(review.db).map((r) => r.id) });
  return choose(ctx, reviewer);
}

export async function setCurrentReviewer(
  ctx: RequestContext,
  request: { id: string; passcode?: string | undefined },
): Promise<Reviewer> {
  const review = ctx.requireReview();
  const reviewer = findReviewer(review.db, request.id);
  if (!reviewer) throw new CaliperError('not_found', `No reviewer with id ${request.id} in this review.`);
  const hash = passcodeHashOf(review.db, reviewer.id);
  if (hash !== null && review.reviewerId !== reviewer.id) {
    if (request.passcode === undefined)
      throw new CaliperError('passcode_required', `${reviewer.name} has a passcode: enter it to switch.`);
    if (!(await verifyPasscode(request.passcode, hash))) {
      writeTransaction(review.db, review.reviewerId, (audit) =>
        audit({ entity: 'reviewer', entityId: reviewer.id, action: 'update', field: 'switch refused' }),
      );
      throw new CaliperError('wrong_passcode', `That is not ${reviewer.name}’s passcode.`);
    }
  }
  return choose(ctx, reviewer);
}

/** Sets, changes or clears the passcode of this session's reviewer; changing or clearing needs the current one. */
export async function setPasscode(
  ctx: RequestContext,
  request: { current?: string | undefined; passcode: string | null },
): Promise<Reviewer> {
  const { db, reviewerId } = ctx.requireReviewer();
  const stored = passcodeHashOf(db, reviewerId);
  if (stored !== null) {
    if (request.current === undefined)
      throw new CaliperError('passcode_required', 'Enter your current passcode to change or clear it.');
    if (!(await verifyPasscode(request.current, stored)))
      throw new CaliperError('wrong_passcode', 'That is not your current passcode.');
  }
  const hash = request.passcode === null ? null : await hashPasscode(request.passcode);
  writeTransaction(db, reviewerId, (audit) => {
    setPasscodeHash(db, reviewerId, hash);
    audit({
      entity: 'reviewer',
      entityId: reviewerId,
      action: 'update',
      field: 'passcode',
      before: stored === null ? null : 'set',
      after: hash === null ? null : 'set',
    });
  });
  ctx.events.emit('reviewers:changed', { reviewerIds: listReviewers(db).map((r) => r.id) });
  return findReviewer(db, reviewerId)!;
}
