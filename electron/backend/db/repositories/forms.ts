// The review's extraction form (one row, its definition as JSON with stable ids) and its versions
// (a row per edit with a snapshot). Layer: electron/backend.
import type Database from 'better-sqlite3';
import type { ExtractionForm } from '../../../../shared/model/extraction';
import { prepared } from '../statements';

interface FormRow {
  id: string;
  version: number;
  definition: string;
  updated_at: string;
}

type Definition = Pick<ExtractionForm, 'sections' | 'fields' | 'outcomes'>;

export function readForm(db: Database.Database): ExtractionForm | null {
  const row = prepared(db, 'SELECT * FROM forms ORDER BY rowid LIMIT 1').get() as FormRow | undefined;
  if (!row) return null;
  const definition = JSON.parse(row.definition) as Definition;
  return {
    id: row.id,
    version: row.version,
    sections: definition.sections,
    fields: definition.fields,
    outcomes: definition.outcomes,
    updatedAt: row.updated_at,
  };
}

function definitionOf(form: ExtractionForm): string {
  const definition: Definition = { sections: form.sections, fields: form.fields, outcomes: form.outcomes };
  return JSON.stringify(definition);
}

/** Stores the form (insert or replace by id) and records its version with a snapshot. */
export function saveFormVersion(
  db: Database.Database,
  form: ExtractionForm,
  reviewerId: string | null,
  summary: string,
): void {
  const definition = definitionOf(form);
  prepared(
    db,
    `INSERT INTO forms (id, version, definition, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, definition = excluded.definition, updated_at = excluded.updated_at`,
  ).run(form.id, form.version, definition, form.updatedAt);
  prepared(
    db,
    'INSERT INTO form_versions (form_id, version, at, reviewer_id, summary, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(form.id, form.version, form.updatedAt, reviewerId, summary, definition);
}

export interface FormVersionRow {
  version: number;
  at: string;
  reviewerId: string | null;
  summary: string;
}

export function listFormVersions(db: Database.Database, formId: string): FormVersionRow[] {
  const rows = prepared(
    db,
    'SELECT version, at, reviewer_id, summary FROM form_versions WHERE form_id = ? ORDER BY version DESC',
  ).all(formId) as { version: number; at: string; reviewer_id: string | null; summary: string }[];
  return rows.map((r) => ({ version: r.version, at: r.at, reviewerId: r.reviewer_id, summary: r.summary }));
}

/** The snapshot of one version of the form (sections, fields, outcomes), or null. */
export function formSnapshot(db: Database.Database, formId: string, version: number): Definition | null {
  const row = prepared(db, 'SELECT snapshot FROM form_versions WHERE form_id = ? AND version = ?').get(
    formId,
    version,
  ) as { snapshot: string } | undefined;
  return row ? (JSON.parse(row.snapshot) as Definition) : null;
}
