// Reviewers of a review: the people who extract, each independently. Layer: electron/backend.
import type Database from 'better-sqlite3';
import { prepared } from '../statements';
import type { Reviewer } from '../../../../shared/model/types';
import type { Audit } from './audit';
import { newRowId } from '../ids';

interface ReviewerRow {
  id: string;
  name: string;
  created_at: string;
  passcode: string | null;
}

const toReviewer = (r: ReviewerRow): Reviewer => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  hasPasscode: r.passcode !== null,
});

export function listReviewers(db: Database.Database): Reviewer[] {
  return (prepared(db, 'SELECT * FROM reviewers ORDER BY name COLLATE NOCASE').all() as ReviewerRow[]).map(toReviewer);
}

export function findReviewer(db: Database.Database, id: string): Reviewer | null {
  const row = prepared(db, 'SELECT * FROM reviewers WHERE id = ?').get(id) as ReviewerRow | undefined;
  return row ? toReviewer(row) : null;
}

export function findReviewerByName(db: Database.Database, name: string): Reviewer | null {
  const row = prepared(db, 'SELECT * FROM reviewers WHERE name = ? COLLATE NOCASE').get(name) as
    ReviewerRow | undefined;
  return row ? toReviewer(row) : null;
}

export function insertReviewer(db: Database.Database, audit: Audit, now: string, name: string): Reviewer {
  const reviewer: Reviewer = { id: newRowId(), name, createdAt: now, hasPasscode: false };
  prepared(db, 'INSERT INTO reviewers (id, name, created_at) VALUES (?, ?, ?)').run(reviewer.id, reviewer.name, now);
  audit({ entity: 'reviewer', entityId: reviewer.id, action: 'create', after: { name } });
  return reviewer;
}

/** The stored passcode hash of a reviewer, null when they have none. */
export function passcodeHashOf(db: Database.Database, id: string): string | null {
  const row = prepared(db, 'SELECT passcode FROM reviewers WHERE id = ?').get(id) as
    { passcode: string | null } | undefined;
  return row?.passcode ?? null;
}

export function setPasscodeHash(db: Database.Database, id: string, hash: string | null): void {
  prepared(db, 'UPDATE reviewers SET passcode = ? WHERE id = ?').run(hash, id);
}
