// Each reviewer's extraction of a study: read it, write values all or nothing (each checked against
// its field or cell, provenance checked against the study's highlights), undo and redo from the
// operation log in the review file, the status, the values a highlight fed, and the study's arms.
// Layer: electron/backend.
import type Database from 'better-sqlite3';
import type { ParsedRequestOf } from '../../../shared/contract/contract';
import { CaliperError } from '../../../shared/contract/result';
import {
  COMPONENTS,
  isPerArm,
  targetKey,
  type Arm,
  type CellValue,
  type ExtractedValue,
  type ExtractionChange,
  type ExtractionForm,
  type StudyExtraction,
  type UndoChange,
} from '../../../shared/model/extraction';
import type { ExtractionStatus, Highlight } from '../../../shared/model/types';
import type { RequestContext } from '../context';
import { writeTransaction, type Audit } from '../db/repositories/audit';
import {
  appendOperation,
  deleteValueRow,
  findArm,
  findArmByLabel,
  findValueRow,
  firstUndoneOperation,
  insertArm,
  isArchivedTarget,
  lastDoneOperation,
  listArms,
  listCellRows,
  listValueRows,
  markArmRemoved,
  putValueRow,
  readStatus,
  removedArmIds,
  renameArm,
  setOperationUndone,
  toExtractedValue,
  undoRedoAvailable,
  valueRowsForHighlight,
  writeStatus,
  type CellChange,
  type ValueRow,
} from '../db/repositories/extraction';
import { findHighlightRow, findHighlightRowWithDeleted, markHighlightDeleted } from '../db/repositories/highlights';
import { countValuesOfHighlight, highlightVisible, listHighlights } from './highlights';
import { prepared } from '../db/statements';
import { requireForm } from './forms';
import { createHighlight } from './highlights';
import {
  asNumber,
  checkComponent,
  checkFieldValue,
  convertForType,
  describeTarget,
  storedJson,
  type CellComponents,
} from '../../../shared/extraction/rules';
import { newRowId } from '../db/ids';

type ParsedWrite = ParsedRequestOf<'extraction:write'>['writes'][number];

function requireStudy(db: Database.Database, studyId: string): void {
  const row = prepared(db, 'SELECT 1 FROM studies WHERE id = ?').get(studyId);
  if (!row) throw new CaliperError('not_found', `No study with id ${studyId} in this review.`);
}

export function studyExtraction(db: Database.Database, studyId: string, reviewerId: string): StudyExtraction {
  const form = requireForm(db);
  const removed = removedArmIds(db, studyId);
  return {
    studyId,
    reviewerId,
    status: readStatus(db, studyId, reviewerId),
    arms: listArms(db, studyId),
    values: listValueRows(db, studyId, reviewerId).map((row) =>
      toExtractedValue(row, isArchivedTarget(row, form, removed)),
    ),
    ...undoRedoAvailable(db, studyId, reviewerId),
  };
}

export function extractionGet(ctx: RequestContext, request: { studyId: string }): StudyExtraction {
  const review = ctx.requireReviewer();
  requireStudy(review.db, request.studyId);
  return studyExtraction(review.db, request.studyId, review.reviewerId);
}

/** What the audit log keeps of a cell: its state, value and where it came from. */
function auditView(row: ValueRow | null): unknown {
  if (!row) return null;
  return {
    target: row.target_key,
    state: row.state,
    value: row.value === null ? null : (JSON.parse(row.value) as unknown),
    origin: row.origin,
    highlightId: row.highlight_id,
    conversion: row.conversion === null ? null : (JSON.parse(row.conversion) as unknown),
  };
}

function auditCell(audit: Audit, change: CellChange, how: string): void {
  const row = change.after ?? change.before!;
  audit({
    entity: 'extraction_value',
    entityId: row.id,
    action: change.before === null ? 'create' : change.after === null ? 'delete' : 'update',
    field: `${row.study_id}/${change.key}${how ? ` (${how})` : ''}`,
    before: auditView(change.before),
    after: auditView(change.after),
  });
}

/** Puts every cell of a change list in its before or after state. */
function applyCells(db: Database.Database, audit: Audit, changes: CellChange[], direction: 'undo' | 'redo' | ''): void {
  const ordered = direction === 'undo' ? [...changes].reverse() : changes;
  for (const change of ordered) {
    const from = direction === 'undo' ? change.after : change.before;
    const to = direction === 'undo' ? change.before : change.after;
    const row = to ?? from!;
    if (to) putValueRow(db, to);
    else deleteValueRow(db, row.study_id, row.reviewer_id, change.key);
    auditCell(audit, { key: change.key, before: from, after: to }, direction);
  }
}

function startStatus(db: Database.Database, audit: Audit, studyId: string, reviewerId: string, now: string): boolean {
  if (readStatus(db, studyId, reviewerId) !== 'not_started') return false;
  writeStatus(db, studyId, reviewerId, 'in_progress', now);
  audit({
    entity: 'extraction_status',
    entityId: studyId,
    action: 'update',
    field: reviewerId,
    before: 'not_started',
    after: 'in_progress',
  });
  return true;
}

/** Checks one write against the form and the study; returns the row to store (null: clear). */
export function checkWrite(
  db: Database.Database,
  form: ExtractionForm,
  arms: Arm[],
  studyId: string,
  write: ParsedWrite,
  cells: Map<string, CellComponents>,
  reviewerId: string,
): { ok: true; value: CellValue } | { ok: false; reason: string } {
  const target = write.target;
  if (target.kind === 'field') {
    const field = form.fields.find((f) => f.id === target.fieldId);
    if (!field) return { ok: false, reason: `the form has no field with id ${target.fieldId}` };
    if (field.archived) return { ok: false, reason: 'this field was removed from the form' };
  } else {
    const outcome = form.outcomes.find((o) => o.id === target.outcomeId);
    if (!outcome) return { ok: false, reason: `the form has no outcome with id ${target.outcomeId}` };
    if (outcome.archived) return { ok: false, reason: 'this outcome was removed from the form' };
    if (!outcome.timepoints.some((t) => t.id === target.timepointId))
      return { ok: false, reason: `"${outcome.name}" has no timepoint with id ${target.timepointId}` };
    if (isPerArm(outcome.dataType)) {
      if (target.armId === null) return { ok: false, reason: 'choose an arm' };
      if (!arms.some((a) => a.id === target.armId))
        return { ok: false, reason: `the study has no arm with id ${target.armId}` };
    } else if (target.armId !== null) {
      return { ok: false, reason: 'an effect estimate belongs to the comparison, not to one arm' };
    }
    if (!COMPONENTS[outcome.dataType].includes(target.component))
      return {
        ok: false,
        reason: `${outcome.dataType} data have no "${target.component}" (only ${COMPONENTS[outcome.dataType].join(', ')})`,
      };
  }
  if (write.state !== 'value') return { ok: true, value: null };
  if (write.value === undefined || write.value === null)
    return { ok: false, reason: 'has no value (send "empty" to clear it)' };
  if (write.origin === 'mapped' && !write.provenance)
    return { ok: false, reason: 'a mapped value needs the highlight it came from' };
  if (write.origin === 'converted' && !write.conversion)
    return { ok: false, reason: 'a converted value needs its conversion (method and inputs)' };
  if (write.origin === 'typed' && (write.provenance || write.conversion))
    return { ok: false, reason: 'a typed value has no highlight or conversion (origin should be mapped or converted)' };
  if (write.provenance) {
    const highlight = findHighlightRow(db, write.provenance.highlightId);
    // A reviewer maps only from highlights they can see: their own until the study is reconciled.
    if (!highlight || highlight.study_id !== studyId || !highlightVisible(db, highlight, reviewerId))
      return { ok: false, reason: `no highlight with id ${write.provenance.highlightId} in this study` };
  }
  if (target.kind === 'field')
    return checkFieldValue(
      form.fields.find((f) => f.id === target.fieldId)!,
      write.value,
    );
  const outcome = form.outcomes.find((o) => o.id === target.outcomeId)!;
  const cell = new Map(cells.get(cellKey(target)) ?? []);
  cell.delete(target.component);
  return checkComponent(outcome, target.component, write.value, cell);
}

/** The key of an outcome cell (outcome, timepoint, arm) in the maps `checkWrite` reads. */
export function cellKey(target: { outcomeId: string; timepointId: string; armId: string | null }): string {
  return `${target.outcomeId}:${target.timepointId}:${target.armId ?? '-'}`;
}

/** The components of each cell the batch touches, as they will be after it (stored, then written). */
function cellsAfter(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
  writes: ParsedWrite[],
): Map<string, CellComponents> {
  const cells = new Map<string, CellComponents>();
  for (const w of writes) {
    if (w.target.kind !== 'outcome') continue;
    const key = cellKey(w.target);
    if (cells.has(key)) continue;
    const cell = new Map<string, number | null>();
    for (const row of listCellRows(db, studyId, reviewerId, w.target)) {
      cell.set(row.component!, row.value === null ? null : asNumber(JSON.parse(row.value) as CellValue));
    }
    cells.set(key, cell);
  }
  for (const w of writes) {
    if (w.target.kind !== 'outcome') continue;
    cells
      .get(cellKey(w.target))!
      .set(w.target.component, w.state === 'value' && w.value !== undefined ? asNumber(w.value) : null);
  }
  return cells;
}

/** What a list of cell changes did, as the answer to the request that made them. */
function changeOf(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
  form: ExtractionForm,
  changes: CellChange[],
  direction: 'undo' | 'redo' | '' = '',
): ExtractionChange {
  const values: ExtractedValue[] = [];
  const cleared: string[] = [];
  const removed = changes.length ? removedArmIds(db, studyId) : new Set<string>();
  for (const change of changes) {
    const now = direction === 'undo' ? change.before : change.after;
    if (now) values.push(toExtractedValue(now, isArchivedTarget(now, form, removed)));
    else cleared.push(change.key);
  }
  return {
    studyId,
    reviewerId,
    status: readStatus(db, studyId, reviewerId),
    values,
    cleared,
    ...undoRedoAvailable(db, studyId, reviewerId),
  };
}

/** Two stored values (JSON text) that are the same number, however written ("32" and "32.0"). */
function sameNumber(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const x = JSON.parse(a) as CellValue;
  return typeof x === 'number' && x === (JSON.parse(b) as CellValue);
}

/** Writes a batch of values all or nothing; a refused value names its field or cell and the reason. */
export function extractionWrite(
  ctx: RequestContext,
  request: { studyId: string; writes: ParsedWrite[] },
  /** The highlight a mapping made for these values, logged with them so undo removes it. */
  createdHighlight?: string,
): ExtractionChange {
  const review = ctx.requireReviewer();
  const { db, reviewerId } = review;
  const { studyId } = request;
  requireStudy(db, studyId);
  const form = requireForm(db);
  const arms = listArms(db, studyId);
  const seen = new Set<string>();
  for (const write of request.writes) {
    const key = targetKey(write.target);
    if (seen.has(key))
      throw new CaliperError('validation', `${describeTarget(form, arms, write.target)}: written twice in one batch.`);
    seen.add(key);
  }
  const cells = cellsAfter(db, studyId, reviewerId, request.writes);
  const values = request.writes.map((write) => {
    const checked = checkWrite(db, form, arms, studyId, write, cells, reviewerId);
    if (!checked.ok)
      throw new CaliperError('validation', `${describeTarget(form, arms, write.target)}: ${checked.reason}.`);
    return checked.value;
  });
  let statusChanged = false;
  const changes: CellChange[] = [];
  writeTransaction(db, reviewerId, (audit, now) => {
    request.writes.forEach((write, i) => {
      const key = targetKey(write.target);
      const before = findValueRow(db, studyId, reviewerId, key);
      const target = write.target;
      const after: ValueRow | null =
        write.state === 'empty'
          ? null
          : {
              id: before?.id ?? newRowId(),
              study_id: studyId,
              reviewer_id: reviewerId,
              target_key: key,
              kind: target.kind,
              field_id: target.kind === 'field' ? target.fieldId : null,
              outcome_id: target.kind === 'outcome' ? target.outcomeId : null,
              timepoint_id: target.kind === 'outcome' ? target.timepointId : null,
              arm_id: target.kind === 'outcome' ? target.armId : null,
              component: target.kind === 'outcome' ? target.component : null,
              state: write.state,
              value: write.state === 'value' ? storedJson(values[i] ?? null, write.written) : null,
              origin: write.state === 'value' ? write.origin : 'typed',
              highlight_id: write.state === 'value' ? (write.provenance?.highlightId ?? null) : null,
              provenance: write.state === 'value' && write.provenance ? JSON.stringify(write.provenance) : null,
              conversion: write.state === 'value' && write.conversion ? JSON.stringify(write.conversion) : null,
              updated_at: now,
            };
      if (before === null && after === null) return;
      // Typing the value a cell already holds (e.g. on leaving it) changes nothing: the value keeps
      // where it came from. A typed value typed again with other decimals ("32" then "32.0") is a change.
      if (
        before &&
        after &&
        write.origin === 'typed' &&
        before.state === after.state &&
        (before.value === after.value || (before.origin !== 'typed' && sameNumber(before.value, after.value)))
      )
        return;
      changes.push({ key, before, after });
    });
    if (changes.length === 0) return;
    applyCells(db, audit, changes, '');
    appendOperation(db, studyId, reviewerId, now, changes, createdHighlight ? [createdHighlight] : []);
    statusChanged = startStatus(db, audit, studyId, reviewerId, now);
  });
  if (statusChanged) ctx.events.emit('studies:changed', { reason: 'updated', studyIds: [studyId] });
  if (changes.length > 0) ctx.events.emit('values:changed', { studyId, layer: 'reviewer', reviewerId });
  return changeOf(db, studyId, reviewerId, form, changes);
}

/**
 * Highlights a selection and writes the values read from it in one transaction, so a refused value
 * leaves no highlight behind; every value's provenance is the new highlight.
 */
export function extractionMap(
  ctx: RequestContext,
  request: ParsedRequestOf<'extraction:map'>,
): { highlight: Highlight; change: ExtractionChange } {
  const { db } = ctx.requireReviewer();
  return db.transaction(() => {
    const highlight = createHighlight(ctx, { studyId: request.studyId, ...request.highlight });
    const change = extractionWrite(
      ctx,
      {
        studyId: request.studyId,
        writes: request.writes.map((w) => ({
          target: w.target,
          state: 'value' as const,
          value: w.value,
          origin: 'mapped' as const,
          provenance: { highlightId: highlight.id, rawText: w.provenance.rawText, reading: w.provenance.reading },
        })),
      },
      highlight.id,
    );
    return { highlight, change };
  })();
}

/**
 * A logged field value as its field's current type holds it: a type change since the write
 * converted the stored values (e.g. "12" to 12), so undo and redo convert the logged ones alike.
 */
function fitToForm(form: ExtractionForm, row: ValueRow | null, direction: string): ValueRow | null {
  if (!row || row.kind !== 'field' || row.value === null) return row;
  const field = form.fields.find((f) => f.id === row.field_id);
  if (!field) return row;
  const stored = JSON.parse(row.value) as CellValue;
  const converted = convertForType(stored, field);
  if (!converted.ok)
    throw new CaliperError(
      'validation',
      `Cannot ${direction}: "${field.label}" is now ${field.type.replace('_', ' ')} and the earlier value ${converted.reason}.`,
    );
  // A number that stays the same number keeps the decimals it was typed with; a number become text
  // is the text it was typed as ("32.0").
  if (converted.value === stored) return row;
  if (typeof stored === 'number' && converted.value === String(stored) && row.value !== JSON.stringify(stored))
    return { ...row, value: JSON.stringify(row.value) };
  return { ...row, value: converted.value === null ? null : JSON.stringify(converted.value) };
}

function undoOrRedo(ctx: RequestContext, request: { studyId: string }, direction: 'undo' | 'redo'): UndoChange {
  const review = ctx.requireReviewer();
  const { db, reviewerId } = review;
  requireStudy(db, request.studyId);
  const form = requireForm(db);
  const removedHighlights: string[] = [];
  const restoredIds: string[] = [];
  const applied = writeTransaction(db, reviewerId, (audit, now) => {
    const operation =
      direction === 'undo'
        ? lastDoneOperation(db, request.studyId, reviewerId)
        : firstUndoneOperation(db, request.studyId, reviewerId);
    if (!operation) throw new CaliperError('validation', `There is nothing to ${direction} in this study.`);
    const changes = operation.changes.map((change) => ({
      key: change.key,
      before: fitToForm(form, change.before, direction),
      after: fitToForm(form, change.after, direction),
    }));
    applyCells(db, audit, changes, direction);
    // The highlight a mapping made goes with its values: undo removes it, redo brings it back.
    for (const id of operation.createdHighlights) {
      const row = findHighlightRowWithDeleted(db, id);
      if (!row) continue;
      const deleted = direction === 'undo';
      if ((row.deleted_at !== null) === deleted) continue;
      // A highlight that now feeds other values (mapped again after this operation) stays.
      if (deleted && countValuesOfHighlight(db, id) > 0) continue;
      markHighlightDeleted(db, id, deleted ? now : null);
      (deleted ? removedHighlights : restoredIds).push(id);
      audit({
        entity: 'highlight',
        entityId: id,
        action: deleted ? 'delete' : 'create',
        field: direction,
        ...(deleted
          ? { before: { studyId: row.study_id, exact: row.exact, page: row.page } }
          : { after: { studyId: row.study_id, exact: row.exact, page: row.page } }),
      });
    }
    setOperationUndone(db, operation.seq, direction === 'undo');
    return changes;
  });
  ctx.events.emit('values:changed', { studyId: request.studyId, layer: 'reviewer', reviewerId });
  const restoredHighlights = restoredIds.length
    ? listHighlights(ctx, { studyId: request.studyId }).filter((h) => restoredIds.includes(h.id))
    : [];
  return {
    ...changeOf(db, request.studyId, reviewerId, form, applied, direction),
    removedHighlights,
    restoredHighlights,
  };
}

export const extractionUndo = (ctx: RequestContext, request: { studyId: string }): UndoChange =>
  undoOrRedo(ctx, request, 'undo');
export const extractionRedo = (ctx: RequestContext, request: { studyId: string }): UndoChange =>
  undoOrRedo(ctx, request, 'redo');

export function extractionSetStatus(
  ctx: RequestContext,
  request: { studyId: string; status: ExtractionStatus },
): ExtractionChange {
  const review = ctx.requireReviewer();
  const { db, reviewerId } = review;
  requireStudy(db, request.studyId);
  const before = readStatus(db, request.studyId, reviewerId);
  if (before !== request.status) {
    writeTransaction(db, reviewerId, (audit, now) => {
      writeStatus(db, request.studyId, reviewerId, request.status, now);
      audit({
        entity: 'extraction_status',
        entityId: request.studyId,
        action: 'update',
        field: reviewerId,
        before,
        after: request.status,
      });
    });
    ctx.events.emit('studies:changed', { reason: 'updated', studyIds: [request.studyId] });
  }
  return changeOf(db, request.studyId, reviewerId, requireForm(db), []);
}

/** The current reviewer's values whose provenance is this highlight. */
export function valuesForHighlight(ctx: RequestContext, request: { highlightId: string }): ExtractedValue[] {
  const review = ctx.requireReviewer();
  const { db, reviewerId } = review;
  const form = requireForm(db);
  const removed = new Map<string, Set<string>>();
  return valueRowsForHighlight(db, request.highlightId, reviewerId).map((row) => {
    if (!removed.has(row.study_id)) removed.set(row.study_id, removedArmIds(db, row.study_id));
    return toExtractedValue(row, isArchivedTarget(row, form, removed.get(row.study_id)!));
  });
}

// Arms ---------------------------------------------------------------------------------------------

export function armAdd(ctx: RequestContext, request: { studyId: string; label: string }): Arm {
  const review = ctx.requireReview();
  const { db } = review;
  requireStudy(db, request.studyId);
  if (findArmByLabel(db, request.studyId, request.label))
    throw new CaliperError('exists', `The study already has an arm called "${request.label}".`);
  const arm: Arm = { id: newRowId(), studyId: request.studyId, label: request.label };
  writeTransaction(db, review.reviewerId, (audit, now) => addArm(db, audit, now, arm));
  return arm;
}

/** Adds an arm inside the caller's transaction (also used when the sample review is built). */
export function addArm(db: Database.Database, audit: Audit, now: string, arm: Arm): void {
  insertArm(db, arm, now);
  audit({ entity: 'arm', entityId: arm.id, action: 'create', after: { studyId: arm.studyId, label: arm.label } });
}

function requireArm(db: Database.Database, armId: string): Arm {
  const arm = findArm(db, armId);
  if (!arm || arm.removed) throw new CaliperError('not_found', `No arm with id ${armId}.`);
  return { id: arm.id, studyId: arm.studyId, label: arm.label };
}

export function armRename(ctx: RequestContext, request: { armId: string; label: string }): Arm {
  const review = ctx.requireReview();
  const { db } = review;
  const arm = requireArm(db, request.armId);
  const other = findArmByLabel(db, arm.studyId, request.label);
  if (other && other.id !== arm.id)
    throw new CaliperError('exists', `The study already has an arm called "${request.label}".`);
  writeTransaction(db, review.reviewerId, (audit) => {
    renameArm(db, arm.id, request.label);
    audit({
      entity: 'arm',
      entityId: arm.id,
      action: 'update',
      field: 'label',
      before: arm.label,
      after: request.label,
    });
  });
  return { ...arm, label: request.label };
}

/** Removes an arm from the study; its values are kept, flagged archived. */
export function armRemove(ctx: RequestContext, request: { armId: string }): null {
  const review = ctx.requireReview();
  const { db } = review;
  const arm = requireArm(db, request.armId);
  writeTransaction(db, review.reviewerId, (audit, now) => {
    markArmRemoved(db, arm.id, now);
    audit({ entity: 'arm', entityId: arm.id, action: 'delete', before: { studyId: arm.studyId, label: arm.label } });
  });
  return null;
}
