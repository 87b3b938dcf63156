// What a request is served in. The router builds a RequestContext for every request from the
// backend (data folder, settings, the open review, the event bus) and the caller's session: an
// Electron window or a web-host tab, each with its own reviewer. There is no process-wide "current
// reviewer": a request can only act as its session's reviewer. Layer: electron/backend.
import type Database from 'better-sqlite3';
import { CaliperError } from '../../shared/contract/result';
import type { ReviewInfo } from '../../shared/model/types';
import type { Backend } from './backend';

/** The session in-process callers (the command line, tests) use unless they name one. */
export const LOCAL_SESSION = 'local';

/** How many sessions the backend remembers; the least recently used one is forgotten first. */
const MAX_SESSIONS = 256;

/** A window or a browser tab: who is extracting there, per review. */
export class Session {
  /** The reviewer chosen in this session, by review id. */
  private readonly reviewers = new Map<string, string | null>();

  constructor(readonly id: string) {}

  /** The reviewer chosen here, null when none was, undefined when this session has not chosen yet. */
  reviewerFor(reviewId: string): string | null | undefined {
    return this.reviewers.get(reviewId);
  }

  setReviewer(reviewId: string, reviewerId: string | null): void {
    this.reviewers.set(reviewId, reviewerId);
  }
}

/** The sessions a backend serves, bounded: memory does not grow with the number of tabs ever opened. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  get(id: string): Session {
    let session = this.sessions.get(id);
    if (session) {
      // Move to the end: Map keeps insertion order, so the first key is the least recently used.
      this.sessions.delete(id);
    } else {
      session = new Session(id);
      if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    }
    this.sessions.set(id, session);
    return session;
  }

  /** Every session that has chosen someone in this review (to forget a reviewer, for example). */
  all(): Iterable<Session> {
    return this.sessions.values();
  }
}

/** The open review as one request sees it: its database, and the reviewer of the request's session. */
export interface ReviewScope {
  db: Database.Database;
  info: ReviewInfo;
  /** The session's reviewer in this review; null until one is chosen. */
  reviewerId: string | null;
}

export class RequestContext {
  constructor(
    readonly backend: Backend,
    readonly session: Session,
  ) {}

  get events(): Backend['events'] {
    return this.backend.events;
  }

  get settings(): Backend['settings'] {
    return this.backend.settings;
  }

  /** The open review, or null. */
  get review(): ReviewScope | null {
    const open = this.backend.current;
    if (!open) return null;
    let reviewerId = this.session.reviewerFor(open.info.id);
    if (reviewerId === undefined) {
      // A session that has not chosen starts with the reviewer last chosen in this review (so a
      // restart or a reload finds the same reviewer), and keeps it: another session's later choice
      // never changes whose name goes on this session's writes.
      reviewerId = this.backend.startingReviewer(open);
      this.session.setReviewer(open.info.id, reviewerId);
    }
    return { db: open.db, info: open.info, reviewerId };
  }

  /** The open review, or a clear error when none is open. */
  requireReview(): ReviewScope {
    const review = this.review;
    if (!review) throw new CaliperError('no_review', 'No review is open. Create or open a review first.');
    return review;
  }

  /** The open review and this session's reviewer; extraction is per reviewer, so one must be chosen. */
  requireReviewer(): ReviewScope & { reviewerId: string } {
    const review = this.requireReview();
    if (!review.reviewerId)
      throw new CaliperError('no_reviewer', 'Choose a reviewer first: each reviewer extracts independently.');
    return review as ReviewScope & { reviewerId: string };
  }
}
