// Migrations: numbered, each in one transaction with its user_version, each with its own test, a
// snapshot of the whole schema so every change is visible in review, and a refusal to open a file
// whose applied migrations differ from the shipped ones.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/backend/db/migrate';
import { studyHasDocument } from '../../electron/backend/db/repositories/highlights';
import { getStudy } from '../../electron/backend/db/repositories/studies';
import { resources } from '../../electron/backend/resources';
import { tempDir } from '../helpers/temp';

const migrations = loadMigrations(resources.migrationsDir);

function schemaOf(db: Database.Database): string {
  const rows = db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all() as { type: string; name: string; sql: string }[];
  return `${rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql};`).join('\n\n')}\n`;
}

describe('migrations', () => {
  it('are numbered from 0001 without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(readdirSync(resources.migrationsDir).filter((f) => f.endsWith('.sql'))).toHaveLength(migrations.length);
  });

  it('0001_initial creates the review tables, all STRICT, and an append-only audit log', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.map((t) => t.name).sort()).toEqual(
      [
        'audit_log',
        'documents',
        'extraction_status',
        'review_meta',
        'reports',
        'reviewers',
        'schema_migrations',
        'studies',
        'study_documents',
      ].sort(),
    );
    for (const t of tables) expect(t.sql.trim().endsWith('STRICT'), `${t.name} is STRICT`).toBe(true);
    db.prepare("INSERT INTO audit_log (at, entity, entity_id, action) VALUES ('t', 'study', 's1', 'create')").run();
    expect(() => db.prepare("UPDATE audit_log SET entity = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO documents (sha256, kind, media_type, bytes, content, created_at) VALUES (?, 'pdf', 'x', 'many', x'00', 't')",
        )
        .run('a'.repeat(64)),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('0002_pdf_pages_and_highlights adds PDF pages and highlights, keeping a 0001 review’s data', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 1), 'test');
    db.prepare("INSERT INTO studies (id, label, created_at, updated_at) VALUES ('s1', 'Smith 2001', 't', 't')").run();
    db.prepare(
      "INSERT INTO documents (sha256, kind, media_type, bytes, content, created_at) VALUES (?, 'pdf', 'application/pdf', 1, x'25', 't')",
    ).run('a'.repeat(64));
    db.prepare("INSERT INTO study_documents (study_id, document_sha256, added_at) VALUES ('s1', ?, 't')").run(
      'a'.repeat(64),
    );
    migrate(db, migrations.slice(0, 2), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT study_id, file_name FROM study_documents').all()).toEqual([
      { study_id: 's1', file_name: null },
    ]);
    db.prepare("INSERT INTO document_pages (sha256, page, text) VALUES (?, 1, 'LVEF 23.5 ± 4.3%')").run('a'.repeat(64));
    const highlight = db.prepare(
      `INSERT INTO highlights (id, study_id, document_sha256, page, exact, prefix, suffix, start_offset, end_offset, created_at)
       VALUES ('h1', 's1', ?, 1, ?, '', '', ?, ?, 't')`,
    );
    highlight.run('a'.repeat(64), '23.5 ± 4.3', 5, 15);
    expect(() => highlight.run('a'.repeat(64), '', 5, 15)).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO document_pages (sha256, page, text) VALUES ('missing', 1, 'x')").run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('0003_extraction adds forms, arms, values and the operation log, keeping a 0002 review’s data', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 2), 'test');
    db.prepare("INSERT INTO studies (id, label, created_at, updated_at) VALUES ('s1', 'Smith 2001', 't', 't')").run();
    db.prepare("INSERT INTO reviewers (id, name, created_at) VALUES ('r1', 'A', 't')").run();
    db.prepare(
      "INSERT INTO extraction_status (study_id, reviewer_id, status, updated_at) VALUES ('s1', 'r1', 'in_progress', 't')",
    ).run();
    migrate(db, migrations.slice(0, 3), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT study_id, status FROM extraction_status').all()).toEqual([
      { study_id: 's1', status: 'in_progress' },
    ]);
    const tables = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('forms', 'form_versions', 'arms', 'extraction_values', 'extraction_operations')",
      )
      .all() as { name: string; sql: string }[];
    expect(tables).toHaveLength(5);
    for (const t of tables) expect(t.sql.trim().endsWith('STRICT'), `${t.name} is STRICT`).toBe(true);
    db.prepare("INSERT INTO arms (id, study_id, label, position, created_at) VALUES ('a1', 's1', 'CRT', 0, 't')").run();
    expect(() =>
      db
        .prepare("INSERT INTO arms (id, study_id, label, position, created_at) VALUES ('a2', 's1', 'crt', 1, 't')")
        .run(),
    ).toThrow(/UNIQUE/);
    const value = db.prepare(
      `INSERT INTO extraction_values (id, study_id, reviewer_id, target_key, kind, field_id, outcome_id, timepoint_id,
         arm_id, component, state, value, origin, updated_at)
       VALUES (?, 's1', 'r1', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'typed', 't')`,
    );
    value.run('v1', 'field:f1', 'field', 'f1', null, null, null, null, 'value', '12');
    value.run('v2', 'outcome:o1:t1:a1:sd', 'outcome', null, 'o1', 't1', 'a1', 'sd', 'not_reported', null);
    expect(() => value.run('v3', 'field:f1', 'field', 'f1', null, null, null, null, 'value', '13')).toThrow(/UNIQUE/);
    expect(() => value.run('v4', 'field:f2', 'field', 'f2', null, null, null, null, 'not_reported', '1')).toThrow(
      /CHECK/,
    );
    expect(() => value.run('v5', 'outcome:o1', 'outcome', null, 'o1', null, null, null, 'value', '1')).toThrow(/CHECK/);
    expect(() => value.run('v6', 'field:f3', 'field', 'f3', null, null, null, null, 'value', '{bad')).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO extraction_operations (study_id, reviewer_id, at, changes) VALUES ('s1', 'r1', 't', '{}')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('0004_reconciliation adds passcodes, review settings and the consensus layer, keeping a 0003 review’s values', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 3), 'test');
    db.prepare("INSERT INTO studies (id, label, created_at, updated_at) VALUES ('s1', 'Smith 2001', 't', 't')").run();
    db.prepare("INSERT INTO reviewers (id, name, created_at) VALUES ('r1', 'A', 't')").run();
    db.prepare(
      `INSERT INTO extraction_values (id, study_id, reviewer_id, target_key, kind, field_id, state, value, origin, updated_at)
       VALUES ('v1', 's1', 'r1', 'field:f1', 'field', 'f1', 'value', '12', 'typed', 't')`,
    ).run();
    migrate(db, migrations.slice(0, 4), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(db.prepare('SELECT id, passcode FROM reviewers').all()).toEqual([{ id: 'r1', passcode: null }]);
    expect(db.prepare('SELECT value FROM extraction_values').all()).toEqual([{ value: '12' }]);
    const consensus = db.prepare(
      `INSERT INTO consensus_values (id, study_id, target_key, kind, field_id, state, value, origin, decision,
         adopted_reviewer_id, basis, decided_at)
       VALUES (?, 's1', ?, 'field', ?, 'value', '12', 'typed', ?, ?, '{}', 't')`,
    );
    consensus.run('c1', 'field:f1', 'f1', 'adopted', 'r1');
    expect(() => consensus.run('c2', 'field:f1', 'f1', 'agreed', null)).toThrow(/UNIQUE/);
    expect(() => consensus.run('c3', 'field:f2', 'f2', 'adopted', null)).toThrow(/CHECK/);
    expect(() => consensus.run('c4', 'field:f3', 'f3', 'guessed', null)).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO review_settings (key, value, updated_at) VALUES ('reconcile', '{bad', 't')").run(),
    ).toThrow(/CHECK/);
  });

  it('0005_analyses adds stored analyses, keeping a 0004 review’s consensus', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 4), 'test');
    db.prepare("INSERT INTO studies (id, label, created_at, updated_at) VALUES ('s1', 'Smith 2001', 't', 't')").run();
    db.prepare("INSERT INTO reviewers (id, name, created_at) VALUES ('r1', 'A', 't')").run();
    db.prepare(
      `INSERT INTO consensus_values (id, study_id, target_key, kind, field_id, state, value, origin, decision, basis, decided_at)
       VALUES ('c1', 's1', 'field:f1', 'field', 'f1', 'value', '12', 'typed', 'agreed', '{}', 't')`,
    ).run();
    migrate(db, migrations.slice(0, 5), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT id, value FROM consensus_values').all()).toEqual([{ id: 'c1', value: '12' }]);
    const insert = db.prepare(
      `INSERT INTO analyses (id, name, position, outcome_id, timepoint_id, comparison, layer, reviewer_id, measure, method,
         settings, created_at, updated_at)
       VALUES (?, ?, 0, 'o1', 't1', ?, ?, ?, 'RR', 'IV', ?, 't', 't')`,
    );
    insert.run('a1', 'Mortality', '{"kind":"group","arm":null}', 'consensus', null, '{}');
    insert.run('a2', 'Mortality, A', '{"kind":"group","arm":null}', 'reviewer', 'r1', '{}');
    expect(() => insert.run('a3', 'MORTALITY', '{}', 'consensus', null, '{}')).toThrow(/UNIQUE/);
    expect(() => insert.run('a4', 'Other', '{}', 'reviewer', null, '{}')).toThrow(/CHECK/);
    expect(() => insert.run('a5', 'Other', '{}', 'consensus', 'r1', '{}')).toThrow(/CHECK/);
    expect(() => insert.run('a6', 'Other', '{bad', 'consensus', null, '{}')).toThrow(/CHECK/);
    expect(() => insert.run('a7', 'Other', '{}', 'reviewer', 'nobody', '{}')).toThrow(/FOREIGN KEY/);
  });

  it('0006_abstract_links drops the link rows of abstracts, which their reports already hold, and keeps PDF links', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 5), 'test');
    const [abstractSha, pdfSha] = ['a'.repeat(64), 'b'.repeat(64)];
    db.prepare("INSERT INTO studies (id, label, created_at, updated_at) VALUES ('s1', 'Smith 2001', 't', 't')").run();
    const document = db.prepare(
      "INSERT INTO documents (sha256, kind, media_type, bytes, content, created_at) VALUES (?, ?, 'x', 1, x'25', 't')",
    );
    document.run(abstractSha, 'abstract');
    document.run(pdfSha, 'pdf');
    db.prepare(
      `INSERT INTO reports (id, study_id, title, abstract_sha256, is_primary, created_at)
       VALUES ('r1', 's1', 'A trial', ?, 1, '2020-01-01')`,
    ).run(abstractSha);
    const link = db.prepare(
      "INSERT INTO study_documents (study_id, document_sha256, report_id, added_at, file_name) VALUES ('s1', ?, 'r1', ?, ?)",
    );
    link.run(abstractSha, '2020-01-01', null);
    link.run(pdfSha, '2020-01-02', 'smith.pdf');
    migrate(db, migrations.slice(0, 6), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(db.prepare('SELECT document_sha256, file_name FROM study_documents').all()).toEqual([
      { document_sha256: pdfSha, file_name: 'smith.pdf' },
    ]);
    // The study still shows both: its report's abstract first, then the attached PDF.
    expect(getStudy(db, null, 's1')!.documents.map((d) => [d.kind, d.fileName])).toEqual([
      ['abstract', null],
      ['pdf', 'smith.pdf'],
    ]);
    expect(studyHasDocument(db, 's1', abstractSha)).toEqual({ kind: 'abstract' });
    expect(studyHasDocument(db, 's1', pdfSha)).toEqual({ kind: 'pdf' });
    expect(studyHasDocument(db, 's2', abstractSha)).toBeNull();
  });

  it('roll back whole when one fails, leaving user_version where it was', () => {
    const db = new Database(':memory:');
    const broken = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: 'broken',
        sql: 'CREATE TABLE ok_table (x TEXT) STRICT; CREATE TABLE studies (x TEXT);',
        sha256: 'x',
      },
    ];
    expect(() => migrate(db, broken, 'test')).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok_table'").get()).toBeUndefined();
  });

  it('refuse a file whose applied migration was edited afterwards', () => {
    const db = new Database(':memory:');
    migrate(db, migrations, 'test');
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, sha256: 'edited' } : m));
    expect(() => migrate(db, edited, '"r.caliper"')).toThrow(/records migration 1 \(initial\) differently/);
  });

  it('reject badly named migration files', () => {
    const dir = path.join(tempDir(), 'migrations');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '0001_initial.sql'), 'SELECT 1;');
    writeFileSync(path.join(dir, '3_oops.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/3_oops.sql/);
  });

  it('produce the schema in the snapshot (update tests/integration/schema.snapshot.sql with the change)', async () => {
    const db = new Database(':memory:');
    migrate(db, migrations, 'test');
    await expect(schemaOf(db)).toMatchFileSnapshot('./schema.snapshot.sql');
    expect(readFileSync(new URL('./schema.snapshot.sql', import.meta.url), 'utf8')).toContain('CREATE TABLE audit_log');
  });
});
