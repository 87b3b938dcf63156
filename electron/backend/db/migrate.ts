// Numbered SQL migrations (db/migrations/NNNN_name.sql). Each runs in one transaction together with
// its `user_version` bump and a row in schema_migrations holding the SHA-256 of the SQL, so a
// migration edited after it shipped is detected instead of silently diverging. Layer: electron/backend.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CaliperError } from '../../../shared/contract/result';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new Error(`Migration file name "${file}" is not NNNN_name.sql`);
      // Line endings are normalised so a checkout with CRLF files hashes the same.
      const sql = readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        sha256: createHash('sha256').update(sql).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations must be numbered 0001, 0002, ... without gaps (found ${m.version})`);
  });
  return migrations;
}

const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;`;

/**
 * Refuses a file made by a newer Caliper, or whose applied migrations differ from the ones this
 * version ships. Only reads, so a refused file is left as it was. Returns the file's user_version.
 */
export function verifyMigrations(db: Database.Database, migrations: Migration[], fileLabel: string): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (from > latest) {
    throw new CaliperError(
      'newer_version',
      `${fileLabel} was made by a newer version of Caliper (review format ${from}; this version reads up to ${latest}). Update Caliper to open it.`,
    );
  }
  if (from > 0) verifyApplied(db, migrations.slice(0, from), fileLabel);
  return from;
}

/**
 * Applies every migration newer than the file's user_version, each in its own transaction.
 * Refuses a file whose applied migrations differ from the ones this version ships.
 */
export function migrate(
  db: Database.Database,
  migrations: Migration[],
  fileLabel: string,
): { from: number; to: number } {
  const from = verifyMigrations(db, migrations, fileLabel);
  const latest = migrations.length;
  for (const migration of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(BOOKKEEPING);
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(
        migration.version,
        migration.name,
        migration.sha256,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: latest };
}

function verifyApplied(db: Database.Database, applied: Migration[], fileLabel: string): void {
  const rows = db.prepare('SELECT version, sha256 FROM schema_migrations ORDER BY version').all() as {
    version: number;
    sha256: string;
  }[];
  for (const migration of applied) {
    const row = rows.find((r) => r.version === migration.version);
    if (!row || row.sha256 !== migration.sha256) {
      throw new CaliperError(
        'corrupt',
        `${fileLabel} records migration ${migration.version} (${migration.name}) differently from this version of Caliper; the file was not changed.`,
      );
    }
  }
}
