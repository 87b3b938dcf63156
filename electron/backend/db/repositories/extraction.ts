// Each reviewer's extracted values (one row per study, reviewer and target), the study's arms, the
// operation log behind undo and redo, and the per-reviewer extraction status. The log keeps cells in
// domain terms with a version (not the table's columns), so it restores a cell exactly whatever the
// table becomes. Layer: electron/backend.
import type Database from 'better-sqlite3';
import type { ExtractionStatus } from '../../../../shared/model/types';
import {
  targetKey,
  type Arm,
  type CellValue,
  type ExtractedValue,
  type ExtractionForm,
  type ValueConversion,
  type ValueProvenance,
  type ValueTarget,
} from '../../../../shared/model/extraction';
import { prepared } from '../statements';
import { readForm } from './forms';

/** A stored value exactly as its row holds it (JSON columns as text). */
export interface ValueRow {
  id: string;
  study_id: string;
  reviewer_id: string;
  target_key: string;
  kind: 'field' | 'outcome';
  field_id: string | null;
  outcome_id: string | null;
  timepoint_id: string | null;
  arm_id: string | null;
  component: string | null;
  state: 'value' | 'not_reported';
  value: string | null;
  origin: 'typed' | 'mapped' | 'converted';
  highlight_id: string | null;
  provenance: string | null;
  conversion: string | null;
  updated_at: string;
}

export function listValueRows(db: Database.Database, studyId: string, reviewerId: string): ValueRow[] {
  return prepared(db, 'SELECT * FROM extraction_values WHERE study_id = ? AND reviewer_id = ? ORDER BY target_key').all(
    studyId,
    reviewerId,
  ) as ValueRow[];
}

/**
 * One reviewer's stored components of one outcome-table cell (outcome, timepoint, arm): a range scan
 * of the (study, reviewer, target key) index, so its cost does not grow with how full the study is.
 */
export function listCellRows(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
  cell: { outcomeId: string; timepointId: string; armId: string | null },
): ValueRow[] {
  const prefix = `outcome:${cell.outcomeId}:${cell.timepointId}:${cell.armId ?? '-'}:`;
  return prepared(
    db,
    'SELECT * FROM extraction_values WHERE study_id = ? AND reviewer_id = ? AND target_key >= ? AND target_key < ?',
  ).all(studyId, reviewerId, prefix, `${prefix}\uffff`) as ValueRow[];
}

/** Every reviewer's values of a study (archived ones included), e.g. for export. */
export function listAllValueRows(db: Database.Database, studyId: string): ValueRow[] {
  return prepared(db, 'SELECT * FROM extraction_values WHERE study_id = ? ORDER BY reviewer_id, target_key').all(
    studyId,
  ) as ValueRow[];
}

export function findValueRow(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
  targetKey: string,
): ValueRow | null {
  return (
    (prepared(db, 'SELECT * FROM extraction_values WHERE study_id = ? AND reviewer_id = ? AND target_key = ?').get(
      studyId,
      reviewerId,
      targetKey,
    ) as ValueRow | undefined) ?? null
  );
}

/** Stores a row, replacing whatever the same reviewer had in the same cell. */
export function putValueRow(db: Database.Database, row: ValueRow): void {
  prepared(
    db,
    `INSERT OR REPLACE INTO extraction_values (id, study_id, reviewer_id, target_key, kind, field_id, outcome_id,
       timepoint_id, arm_id, component, state, value, origin, highlight_id, provenance, conversion, updated_at)
     VALUES (@id, @study_id, @reviewer_id, @target_key, @kind, @field_id, @outcome_id, @timepoint_id, @arm_id,
       @component, @state, @value, @origin, @highlight_id, @provenance, @conversion, @updated_at)`,
  ).run(row);
}

export function deleteValueRow(db: Database.Database, studyId: string, reviewerId: string, targetKey: string): void {
  prepared(db, 'DELETE FROM extraction_values WHERE study_id = ? AND reviewer_id = ? AND target_key = ?').run(
    studyId,
    reviewerId,
    targetKey,
  );
}

export function setValueJson(db: Database.Database, id: string, value: string | null): void {
  prepared(db, 'UPDATE extraction_values SET value = ? WHERE id = ?').run(value, id);
}

export function valueRowsForHighlight(db: Database.Database, highlightId: string, reviewerId: string): ValueRow[] {
  return prepared(
    db,
    'SELECT * FROM extraction_values WHERE highlight_id = ? AND reviewer_id = ? ORDER BY study_id, target_key',
  ).all(highlightId, reviewerId) as ValueRow[];
}

/** Every reviewer's values of one field (for type changes). */
export function valueRowsOfField(db: Database.Database, fieldId: string): ValueRow[] {
  return prepared(db, 'SELECT * FROM extraction_values WHERE field_id = ?').all(fieldId) as ValueRow[];
}

export function countValuesOfOutcome(db: Database.Database, outcomeId: string, timepointId?: string): number {
  const row = (
    timepointId === undefined
      ? prepared(db, 'SELECT count(*) AS n FROM extraction_values WHERE outcome_id = ?').get(outcomeId)
      : prepared(db, 'SELECT count(*) AS n FROM extraction_values WHERE outcome_id = ? AND timepoint_id = ?').get(
          outcomeId,
          timepointId,
        )
  ) as { n: number };
  return row.n;
}

// Arms ---------------------------------------------------------------------------------------------

interface ArmRow {
  id: string;
  study_id: string;
  label: string;
  position: number;
  created_at: string;
  removed_at: string | null;
}

const toArm = (r: ArmRow): Arm => ({ id: r.id, studyId: r.study_id, label: r.label });

export function listArms(db: Database.Database, studyId: string): Arm[] {
  return (
    prepared(db, 'SELECT * FROM arms WHERE study_id = ? AND removed_at IS NULL ORDER BY position, created_at').all(
      studyId,
    ) as ArmRow[]
  ).map(toArm);
}

/** Ids of the study's removed arms (their values are archived). */
export function removedArmIds(db: Database.Database, studyId: string): Set<string> {
  const rows = prepared(db, 'SELECT id FROM arms WHERE study_id = ? AND removed_at IS NOT NULL').all(studyId) as {
    id: string;
  }[];
  return new Set(rows.map((r) => r.id));
}

export function findArm(db: Database.Database, armId: string): (Arm & { removed: boolean }) | null {
  const row = prepared(db, 'SELECT * FROM arms WHERE id = ?').get(armId) as ArmRow | undefined;
  return row ? { ...toArm(row), removed: row.removed_at !== null } : null;
}

export function findArmByLabel(db: Database.Database, studyId: string, label: string): Arm | null {
  const row = prepared(
    db,
    'SELECT * FROM arms WHERE study_id = ? AND label = ? COLLATE NOCASE AND removed_at IS NULL',
  ).get(studyId, label) as ArmRow | undefined;
  return row ? toArm(row) : null;
}

export function insertArm(db: Database.Database, arm: Arm, now: string): void {
  const { next } = prepared(db, 'SELECT coalesce(max(position), -1) + 1 AS next FROM arms WHERE study_id = ?').get(
    arm.studyId,
  ) as { next: number };
  prepared(db, 'INSERT INTO arms (id, study_id, label, position, created_at) VALUES (?, ?, ?, ?, ?)').run(
    arm.id,
    arm.studyId,
    arm.label,
    next,
    now,
  );
}

export function renameArm(db: Database.Database, armId: string, label: string): void {
  prepared(db, 'UPDATE arms SET label = ? WHERE id = ?').run(label, armId);
}

export function markArmRemoved(db: Database.Database, armId: string, now: string): void {
  prepared(db, 'UPDATE arms SET removed_at = ? WHERE id = ?').run(now, armId);
}

// Operation log ------------------------------------------------------------------------------------

/** One cell touched by an operation: the whole row before and after (null: empty). */
export interface CellChange {
  key: string;
  before: ValueRow | null;
  after: ValueRow | null;
}

export interface OperationRow {
  seq: number;
  changes: CellChange[];
  /** Highlights the operation made (a mapping highlights its selection): undo removes them, redo restores them. */
  createdHighlights: string[];
}

/** Operations kept per study and reviewer; older ones can no longer be undone. */
export const UNDO_DEPTH = 200;

/**
 * A cell as the operation log keeps it: domain terms, not the row's columns, and versioned, so the
 * table can change without rewriting the log. Version 1 entries (before this format) held rows.
 */
interface LoggedCell {
  id: string;
  target: ValueTarget;
  state: 'value' | 'not_reported';
  value: CellValue;
  origin: 'typed' | 'mapped' | 'converted';
  provenance: ValueProvenance | null;
  conversion: ValueConversion | null;
  /** A typed number's text as stored ("32.0"); absent when it is the number's plain form. */
  written?: string;
  updatedAt: string;
}

interface LoggedChange {
  v: 2;
  key: string;
  before: LoggedCell | null;
  after: LoggedCell | null;
}

/** An entry beside the cells: the highlight the operation made. */
interface LoggedHighlight {
  v: 2;
  createdHighlight: string;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

function toLogged(row: ValueRow | null): LoggedCell | null {
  if (!row) return null;
  const { target, value, provenance, conversion, written } = toExtractedValue(row, false);
  return {
    id: row.id,
    target,
    state: row.state,
    value,
    origin: row.origin,
    provenance,
    conversion,
    ...(written !== undefined ? { written } : {}),
    updatedAt: row.updated_at,
  };
}

function fromLogged(cell: LoggedCell | null, studyId: string, reviewerId: string): ValueRow | null {
  if (!cell) return null;
  const t = cell.target;
  return {
    id: cell.id,
    study_id: studyId,
    reviewer_id: reviewerId,
    target_key: targetKey(t),
    kind: t.kind,
    field_id: t.kind === 'field' ? t.fieldId : null,
    outcome_id: t.kind === 'outcome' ? t.outcomeId : null,
    timepoint_id: t.kind === 'outcome' ? t.timepointId : null,
    arm_id: t.kind === 'outcome' ? t.armId : null,
    component: t.kind === 'outcome' ? t.component : null,
    state: cell.state,
    value:
      cell.state !== 'value'
        ? null
        : cell.written !== undefined && typeof cell.value === 'number' && Number(cell.written) === cell.value
          ? cell.written
          : JSON.stringify(cell.value),
    origin: cell.origin,
    highlight_id: cell.provenance?.highlightId ?? null,
    provenance: cell.provenance ? JSON.stringify(cell.provenance) : null,
    conversion: cell.conversion ? JSON.stringify(cell.conversion) : null,
    updated_at: cell.updatedAt,
  };
}

/** A logged change as rows to put back; version 1 entries are rows already. */
function fromLoggedChange(entry: LoggedChange | CellChange, studyId: string, reviewerId: string): CellChange {
  if (!('v' in entry)) return entry;
  return {
    key: entry.key,
    before: fromLogged(entry.before, studyId, reviewerId),
    after: fromLogged(entry.after, studyId, reviewerId),
  };
}

export function appendOperation(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
  at: string,
  changes: CellChange[],
  createdHighlights: readonly string[] = [],
): void {
  const logged: (LoggedChange | LoggedHighlight)[] = [
    ...changes.map((c): LoggedChange => ({
      v: 2,
      key: c.key,
      before: toLogged(c.before),
      after: toLogged(c.after),
    })),
    ...createdHighlights.map((id): LoggedHighlight => ({ v: 2, createdHighlight: id })),
  ];
  prepared(db, 'DELETE FROM extraction_operations WHERE study_id = ? AND reviewer_id = ? AND undone = 1').run(
    studyId,
    reviewerId,
  );
  prepared(db, 'INSERT INTO extraction_operations (study_id, reviewer_id, at, changes) VALUES (?, ?, ?, ?)').run(
    studyId,
    reviewerId,
    at,
    JSON.stringify(logged),
  );
  prepared(
    db,
    `DELETE FROM extraction_operations WHERE study_id = ? AND reviewer_id = ? AND seq <= (
       SELECT seq FROM extraction_operations WHERE study_id = ? AND reviewer_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
  ).run(studyId, reviewerId, studyId, reviewerId, UNDO_DEPTH);
}

interface OperationRecord {
  seq: number;
  study_id: string;
  reviewer_id: string;
  changes: string;
}

function parseOperation(row: OperationRecord | undefined): OperationRow | null {
  if (!row) return null;
  const entries = json<(LoggedChange | LoggedHighlight | CellChange)[]>(row.changes) ?? [];
  const createdHighlights: string[] = [];
  const changes: CellChange[] = [];
  for (const entry of entries) {
    if ('createdHighlight' in entry) createdHighlights.push(entry.createdHighlight);
    else changes.push(fromLoggedChange(entry, row.study_id, row.reviewer_id));
  }
  return { seq: row.seq, changes, createdHighlights };
}

/** The latest operation not undone (what undo reverts). */
export function lastDoneOperation(db: Database.Database, studyId: string, reviewerId: string): OperationRow | null {
  return parseOperation(
    prepared(
      db,
      'SELECT seq, study_id, reviewer_id, changes FROM extraction_operations WHERE study_id = ? AND reviewer_id = ? AND undone = 0 ORDER BY seq DESC LIMIT 1',
    ).get(studyId, reviewerId) as OperationRecord | undefined,
  );
}

/** The earliest undone operation (what redo applies again): undone operations are always the latest. */
export function firstUndoneOperation(db: Database.Database, studyId: string, reviewerId: string): OperationRow | null {
  return parseOperation(
    prepared(
      db,
      'SELECT seq, study_id, reviewer_id, changes FROM extraction_operations WHERE study_id = ? AND reviewer_id = ? AND undone = 1 ORDER BY seq ASC LIMIT 1',
    ).get(studyId, reviewerId) as OperationRecord | undefined,
  );
}

export function setOperationUndone(db: Database.Database, seq: number, undone: boolean): void {
  prepared(db, 'UPDATE extraction_operations SET undone = ? WHERE seq = ?').run(undone ? 1 : 0, seq);
}

export function undoRedoAvailable(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
): { canUndo: boolean; canRedo: boolean } {
  const rows = prepared(
    db,
    'SELECT undone, count(*) AS n FROM extraction_operations WHERE study_id = ? AND reviewer_id = ? GROUP BY undone',
  ).all(studyId, reviewerId) as { undone: number; n: number }[];
  return { canUndo: rows.some((r) => r.undone === 0 && r.n > 0), canRedo: rows.some((r) => r.undone === 1 && r.n > 0) };
}

// Status -------------------------------------------------------------------------------------------

export function readStatus(db: Database.Database, studyId: string, reviewerId: string): ExtractionStatus {
  const row = prepared(db, 'SELECT status FROM extraction_status WHERE study_id = ? AND reviewer_id = ?').get(
    studyId,
    reviewerId,
  ) as { status: ExtractionStatus } | undefined;
  return row?.status ?? 'not_started';
}

export function writeStatus(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
  status: ExtractionStatus,
  now: string,
): void {
  prepared(
    db,
    `INSERT INTO extraction_status (study_id, reviewer_id, status, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (study_id, reviewer_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
  ).run(studyId, reviewerId, status, now);
}

// Reading rows as values ---------------------------------------------------------------------------

/** Whether a value's target is gone from the form or the study (removed field, outcome, timepoint or arm). */
export function isArchivedTarget(row: ValueRow, form: ExtractionForm | null, removedArms: Set<string>): boolean {
  if (!form) return false;
  if (row.kind === 'field') {
    const field = form.fields.find((f) => f.id === row.field_id);
    return !field || field.archived;
  }
  const outcome = form.outcomes.find((o) => o.id === row.outcome_id);
  if (!outcome || outcome.archived) return true;
  if (!outcome.timepoints.some((t) => t.id === row.timepoint_id)) return true;
  return row.arm_id !== null && removedArms.has(row.arm_id);
}

/** A value row's target (a field, or one component of an outcome-table cell), in domain terms. */
export function targetOfRow(
  row: Pick<ValueRow, 'kind' | 'field_id' | 'outcome_id' | 'timepoint_id' | 'arm_id' | 'component'>,
): ValueTarget {
  return row.kind === 'field'
    ? { kind: 'field', fieldId: row.field_id! }
    : {
        kind: 'outcome',
        outcomeId: row.outcome_id!,
        timepointId: row.timepoint_id!,
        armId: row.arm_id,
        component: row.component!,
      };
}

export function toExtractedValue(row: ValueRow, archived: boolean): ExtractedValue {
  const target = targetOfRow(row);
  const value = row.value === null ? null : (JSON.parse(row.value) as CellValue);
  // A typed number stored with its decimals ("32.0") is shown again as written.
  const written = typeof value === 'number' && row.value !== JSON.stringify(value) ? { written: row.value! } : {};
  return {
    id: row.id,
    reviewerId: row.reviewer_id,
    studyId: row.study_id,
    target,
    state: row.state,
    value,
    origin: row.origin,
    provenance: row.provenance === null ? null : (JSON.parse(row.provenance) as ValueProvenance),
    conversion: row.conversion === null ? null : (JSON.parse(row.conversion) as ValueConversion),
    ...written,
    archived,
    updatedAt: row.updated_at,
  };
}

/**
 * Every value of a study, of every reviewer, with its archived flag (values of removed fields,
 * outcomes, timepoints and arms included): what an export needs.
 */
export function listStudyValues(db: Database.Database, studyId: string): ExtractedValue[] {
  const form = readForm(db);
  const removed = removedArmIds(db, studyId);
  return listAllValueRows(db, studyId).map((row) => toExtractedValue(row, isArchivedTarget(row, form, removed)));
}
