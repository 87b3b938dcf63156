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

export function listAudit(
  db: Database.Database,
  query: { entity?: string | undefined; entityId?: string | undefined; limit: number },
): AuditEntry[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.entity) {
    where.push('entity = ?');
    params.push(query.entity);
  }
  if (query.entityId) {
    where.push('entity_id = ?');
    params.push(query.entityId);
  }
  const rows = prepared(
    db,
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
  ).all(...params, query.limit) as AuditRow[];
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
