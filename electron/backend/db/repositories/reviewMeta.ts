// Review-level metadata (id, title, creation time) in the review_meta key/value table.
// Layer: electron/backend.
import type Database from 'better-sqlite3';
import type { ReviewInfo } from '../../../../shared/model/types';

export function writeReviewMeta(db: Database.Database, meta: { id: string; title: string; createdAt: string }): void {
  const put = db.prepare('INSERT OR REPLACE INTO review_meta (key, value) VALUES (?, ?)');
  put.run('id', meta.id);
  put.run('title', meta.title);
  put.run('created_at', meta.createdAt);
}

export function readReviewInfo(db: Database.Database, filePath: string, readOnly = false): ReviewInfo {
  const rows = db.prepare('SELECT key, value FROM review_meta').all() as { key: string; value: string }[];
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  return {
    path: filePath,
    id: meta.get('id') ?? 'unknown',
    title: meta.get('title') ?? 'Untitled review',
    createdAt: meta.get('created_at') ?? '',
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    readOnly,
  };
}
