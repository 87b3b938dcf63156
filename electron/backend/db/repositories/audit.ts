// The audit log: append-only (triggers refuse UPDATE and DELETE). Every write in a service goes
// through `writeTransaction`, which gives it an `audit` function bound to the current reviewer, so a
// change and its audit row commit or roll back together. Layer: electron/backend.
import type Database from 'better-sqlite3';
import { prepared } from '../statements';
import type { AuditEntry } from '../../../../shared/model/types';

export type AuditAction = AuditEntry['action'];

export interface AuditRecord {
  entity: string;
  entityId: string;
  action: AuditAction;
  field?: string | null;
  before?: unknown;
  after?: unknown;
}

export type Audit = (record: AuditRecord) => void;

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function appendAudit(db: Database.Database, reviewerId: string | null, at: string, record: AuditRecord): void {
  prepared(
    db,
    `INSERT INTO audit_log (at, reviewer_id, entity, entity_id, action, field, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    at,
    reviewerId,
    record.entity,
    record.entityId,
    record.action,
    record.field ?? null,
    toJson(record.before),
    toJson(record.after),
  );
}

/** Runs fn in one transaction; everything it audits is stamped with one time and reviewer. */
export function writeTransaction<T>(
  db: Database.Database,
  reviewerId: string | null,
  fn: (audit: Audit, now: string) => T,
): T {
  return db.transaction(() => {
    const now = new Date().toISOString();
    return fn((record) => appendAudit(db, reviewerId, now, record), now);
  })();
}

interface AuditRow {
  seq: number;
  at: string;
  reviewer_id: string | null;
  entity: string;
  entity_id: string;
  action: AuditAction;
  field: string | null;
  before: string | null;
  after: string | null;
}

/**
 * Which entries a reviewer may see: everything about the review as a whole, and of the per-reviewer
 * work (values, statuses, highlights, consensus) only their own, or any on studies being reconciled
 * with them. A highlight's owner is its creator, whoever changed it (a replaced PDF moves everyone's).
 * The study of a value's entry is the start of its field ("studyId/target").
 */
const VISIBLE_TO_VIEWER = `(
  entity NOT IN ('extraction_value', 'extraction_status', 'highlight', 'consensus_value')
  OR (entity = 'extraction_status' AND (reviewer_id = @viewer OR entity_id IN (SELECT value FROM json_each(@revealed))))
  OR (entity IN ('extraction_value', 'consensus_value') AND (
        (entity = 'extraction_value' AND reviewer_id = @viewer)
        OR substr(field, 1, instr(field, '/') - 1) IN (SELECT value FROM json_each(@revealed))))
  OR (entity = 'highlight' AND EXISTS (
        SELECT 1 FROM highlights h WHERE h.id = audit_log.entity_id
          AND (h.reviewer_id IS NULL OR h.reviewer_id = @viewer OR h.study_id IN (SELECT value FROM json_each(@revealed))))))`;

/**
 * The entries about one study: the study itself and its status (entity id), its values and consensus
 * ("studyId/target" fields), its document links ("studyId/sha" or "studyId:sha" ids), its reports
 * (which name the study), and its arms and highlights (looked up in their tables, which keep removed ones).
 */
const ABOUT_STUDY = `(
  (entity IN ('study', 'extraction_status') AND entity_id = @studyId)
  OR (entity IN ('extraction_value', 'consensus_value') AND substr(field, 1, length(@studyId) + 1) = @studyId || '/')
  OR (entity = 'study_document' AND substr(entity_id, 1, length(@studyId) + 1) IN (@studyId || '/', @studyId || ':'))
  OR (entity = 'report' AND json_extract(after, '$.studyId') = @studyId)
  OR (entity = 'arm' AND entity_id IN (SELECT id FROM arms WHERE study_id = @studyId))
  OR (entity = 'highlight' AND entity_id IN (SELECT id FROM highlights WHERE study_id = @studyId)))`;

export function listAudit(
  db: Database.Database,
  query: {
    entity?: string | undefined;
    entityId?: string | undefined;
    studyId?: string | undefined;
    limit: number;
    /** When set, only entries this reviewer may see: the others' work only on these studies. */
    viewer?: { reviewerId: string | null; revealed: Set<string> };
  },
): AuditEntry[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: query.limit };
  if (query.viewer) {
    where.push(VISIBLE_TO_VIEWER);
    params.viewer = query.viewer.reviewerId;
    params.revealed = JSON.stringify([...query.viewer.revealed]);
  }
  if (query.entity) {
    where.push('entity = @entity');
    params.entity = query.entity;
  }
  if (query.entityId) {
    where.push('entity_id = @entityId');
    params.entityId = query.entityId;
  }
  if (query.studyId) {
    where.push(ABOUT_STUDY);
    params.studyId = query.studyId;
  }
  const rows = prepared(
    db,
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`,
  ).all(params) as AuditRow[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    reviewerId: r.reviewer_id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    field: r.field,
    before: r.before,
    after: r.after,
  }));
}
