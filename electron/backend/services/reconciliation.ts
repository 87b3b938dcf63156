// Reconciliation: two reviewers' extractions of a study compared cell by cell, agreements taken into
// the consensus (when the review says so), each difference decided — take A's, take B's, or enter
// another value — with an optional note, by one of the pair or the review's arbiter. The consensus
// is its own layer (consensus_values); the reviewers' extractions stay as extracted. A reviewer's
// edit after a decision reopens the cell. Agreement is measured on the values as extracted.
// Layer: electron/backend.
import type Database from 'better-sqlite3';
import { CaliperError } from '../../../shared/contract/result';
import type { ParsedRequestOf } from '../../../shared/contract/contract';
import {
  COMPONENTS,
  type Arm,
  type CellValue,
  type ExtractionForm,
  type ValueConversion,
  type ValueProvenance,
  type ValueTarget,
} from '../../../shared/model/extraction';
import type {
  AgreementSummary,
  ConsensusValue,
  ReconcileCell,
  ReconcileCounts,
  ReconcileSettings,
  ReconcileSide,
  StudyReconcileStatus,
  StudyReconciliation,
} from '../../../shared/model/reconcile';
import type { Reviewer } from '../../../shared/model/types';
import { agreement, type AgreementItem } from '../../../shared/reconcile/agreement';
import { compareCells, type CellSide, type Tolerance } from '../../../shared/reconcile/compare';
import type { RequestContext } from '../context';
import { writeTransaction, type Audit } from '../db/repositories/audit';
import {
  isArchivedTarget,
  listArms,
  listValueRows,
  readStatus,
  removedArmIds,
  type ValueRow,
  targetOfRow,
} from '../db/repositories/extraction';
import { readForm } from '../db/repositories/forms';
import {
  findConsensusRow,
  listConsensusRows,
  putConsensusRow,
  readReconcileSettings,
  studyPairs,
  takesPart,
  writeReconcileSettings,
  type ConsensusBasis,
  type ConsensusRow,
  type StudyPair,
} from '../db/repositories/reconciliation';
import { findReviewer, listReviewers } from '../db/repositories/reviewers';
import { getStudyRow } from '../db/repositories/studies';
import { prepared } from '../db/statements';
import { cellKey, checkWrite } from './extraction';
import { asNumber, COMPONENT_LABELS, describeTarget, type CellComponents } from '../../../shared/extraction/rules';
import { newRowId } from '../db/ids';

// Reading a study's two extractions -----------------------------------------------------------------

/** What a decision rests on, per side: the cell's state, value and where it came from. */
function snapshot(row: ValueRow | null): string | null {
  if (!row) return null;
  return JSON.stringify([row.state, row.value, row.origin, row.highlight_id, row.conversion]);
}

interface HighlightSourceRow {
  id: string;
  document_sha256: string;
  page: number | null;
  exact: string;
  prefix: string;
  suffix: string;
  deleted_at: string | null;
}

function sourceOf(db: Database.Database, highlightId: string | null): ReconcileSide['source'] {
  if (!highlightId) return null;
  const row = prepared(
    db,
    'SELECT id, document_sha256, page, exact, prefix, suffix, deleted_at FROM highlights WHERE id = ?',
  ).get(highlightId) as HighlightSourceRow | undefined;
  if (!row) return null;
  return {
    highlightId: row.id,
    documentSha256: row.document_sha256,
    page: row.page,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    deleted: row.deleted_at !== null,
  };
}

const parse = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T));

function toSide(db: Database.Database, row: ValueRow | null): ReconcileSide | null {
  if (!row) return null;
  return {
    reviewerId: row.reviewer_id,
    state: row.state,
    value: parse<CellValue>(row.value),
    origin: row.origin,
    rawText: parse<ValueProvenance>(row.provenance)?.rawText ?? null,
    conversion: parse<ValueConversion>(row.conversion),
    source: sourceOf(db, row.highlight_id),
    updatedAt: row.updated_at,
  };
}

function toConsensus(row: ConsensusRow): ConsensusValue {
  return {
    id: row.id,
    state: row.state,
    value: parse<CellValue>(row.value),
    origin: row.origin,
    decision: row.decision,
    adoptedReviewerId: row.adopted_reviewer_id,
    highlightId: row.highlight_id,
    rawText: parse<ValueProvenance>(row.provenance)?.rawText ?? null,
    conversion: parse<ValueConversion>(row.conversion),
    note: row.note,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  };
}

/** Sort keys in the form's order: fields by section order, then outcomes, timepoints, arms, components. */
function orderOf(form: ExtractionForm, arms: Arm[]): (target: ValueTarget) => number[] {
  const fields = new Map(form.fields.map((f, i) => [f.id, i]));
  const outcomes = new Map(form.outcomes.map((o) => [o.id, o]));
  const outcomeIndex = new Map(form.outcomes.map((o, i) => [o.id, i]));
  const armIndex = new Map(arms.map((a, i) => [a.id, i]));
  return (target) => {
    if (target.kind === 'field') return [0, fields.get(target.fieldId) ?? 1e6];
    const outcome = outcomes.get(target.outcomeId);
    return [
      1,
      outcomeIndex.get(target.outcomeId) ?? 1e6,
      outcome?.timepoints.findIndex((t) => t.id === target.timepointId) ?? 1e6,
      target.armId === null ? -1 : (armIndex.get(target.armId) ?? 1e6),
      outcome ? COMPONENTS[outcome.dataType].indexOf(target.component) : 1e6,
    ];
  };
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

interface StudyCells {
  cells: ReconcileCell[];
  items: AgreementItem[];
  counts: ReconcileCounts;
  consensusComplete: boolean;
  /** The value rows behind each cell, by key (for decisions and automatic agreement). */
  rows: Map<string, { a: ValueRow | null; b: ValueRow | null }>;
}

/** Compares the pair's extractions of a study, cell by cell, with the consensus decided so far. */
export function compareStudy(
  db: Database.Database,
  studyId: string,
  pair: [string, string],
  settings: ReconcileSettings,
  tolerance: Tolerance = settings.tolerance,
): StudyCells {
  const form = readForm(db);
  const arms = listArms(db, studyId);
  const removed = removedArmIds(db, studyId);
  const live = (row: ValueRow) => !isArchivedTarget(row, form, removed);
  const rows = new Map<string, { a: ValueRow | null; b: ValueRow | null }>();
  for (const row of listValueRows(db, studyId, pair[0]).filter(live)) rows.set(row.target_key, { a: row, b: null });
  for (const row of listValueRows(db, studyId, pair[1]).filter(live)) {
    const cell = rows.get(row.target_key);
    if (cell) cell.b = row;
    else rows.set(row.target_key, { a: null, b: row });
  }
  const consensus = new Map(listConsensusRows(db, studyId).map((r) => [r.target_key, r]));
  const order = form ? orderOf(form, arms) : () => [0];
  const cells: ReconcileCell[] = [];
  const items: AgreementItem[] = [];
  const counts: ReconcileCounts = {
    cells: 0,
    agree: 0,
    differ: 0,
    onlyOne: 0,
    bothNotReported: 0,
    resolved: 0,
    reopened: 0,
  };
  for (const [key, { a, b }] of rows) {
    const sideA: CellSide | null = a && { state: a.state, value: parse<CellValue>(a.value) };
    const sideB: CellSide | null = b && { state: b.state, value: parse<CellValue>(b.value) };
    const comparison = compareCells(sideA, sideB, tolerance)!;
    const target = targetOfRow((a ?? b)!);
    const stored = consensus.get(key) ?? null;
    const basis = parse<Partial<ConsensusBasis>>(stored?.basis ?? null);
    // A consensus value not decided between reviewers (the sample review's, taken from its abstracts)
    // gives way once two reviewers have extracted the cell: their agreement or decision replaces it.
    const decided = stored !== null && Array.isArray(basis?.reviewers) ? stored : null;
    const reopened =
      decided !== null &&
      (basis === null ||
        basis.reviewers![0] !== pair[0] ||
        basis.reviewers![1] !== pair[1] ||
        basis.a !== snapshot(a) ||
        basis.b !== snapshot(b));
    const field = target.kind === 'field' ? form?.fields.find((f) => f.id === target.fieldId) : undefined;
    const outcome = target.kind === 'outcome' ? form?.outcomes.find((o) => o.id === target.outcomeId) : undefined;
    const groupId = target.kind === 'field' ? target.fieldId : target.outcomeId;
    const groupName = field?.label ?? outcome?.name ?? key;
    const label =
      form === null
        ? key
        : target.kind === 'field'
          ? describeTarget(form, arms, target)
          : `${describeTarget(form, arms, target)}, ${COMPONENT_LABELS[target.component] ?? target.component}`;
    cells.push({
      key,
      target,
      label,
      groupId,
      groupName,
      state: comparison.state,
      toleranceOnly: comparison.state === 'agree' && !comparison.exact,
      a: toSide(db, a),
      b: toSide(db, b),
      consensus: decided && toConsensus(decided),
      reopened,
    });
    items.push({ groupId, groupName, kind: field ? field.type : 'outcome', a: sideA, b: sideB, comparison });
    counts.cells++;
    if (comparison.state === 'agree') counts.agree++;
    else if (comparison.state === 'differ') counts.differ++;
    else if (comparison.state === 'only_one') counts.onlyOne++;
    else counts.bothNotReported++;
    if (reopened) counts.reopened++;
    const agrees = comparison.state === 'agree' || comparison.state === 'both_not_reported';
    // With automatic agreement an agreeing cell counts as resolved even before the view has taken
    // it in (the command line reads without writing).
    if ((decided && !reopened) || (!decided && agrees && settings.autoAgree)) counts.resolved++;
  }
  const keyed = cells.map((cell, i) => ({ cell, item: items[i]!, sort: order(cell.target) }));
  keyed.sort((x, y) => compareKeys(x.sort, y.sort) || x.cell.key.localeCompare(y.cell.key));
  return {
    cells: keyed.map((k) => k.cell),
    items: keyed.map((k) => k.item),
    counts,
    consensusComplete: counts.resolved === counts.cells,
    rows,
  };
}

// Automatic agreement and decisions ------------------------------------------------------------------

function consensusView(row: ConsensusRow | null): unknown {
  if (!row) return null;
  return {
    target: row.target_key,
    state: row.state,
    value: parse<unknown>(row.value),
    origin: row.origin,
    highlightId: row.highlight_id,
    decision: row.decision,
    adoptedReviewerId: row.adopted_reviewer_id,
    note: row.note,
  };
}

function auditConsensus(audit: Audit, before: ConsensusRow | null, after: ConsensusRow): void {
  audit({
    entity: 'consensus_value',
    entityId: after.id,
    action: before ? 'update' : 'create',
    field: `${after.study_id}/${after.target_key}`,
    before: consensusView(before),
    after: consensusView(after),
  });
}

function consensusRow(
  studyId: string,
  key: string,
  target: ValueTarget,
  from: Pick<ValueRow, 'state' | 'value' | 'origin' | 'highlight_id' | 'provenance' | 'conversion'>,
  decision: ConsensusRow['decision'],
  extra: {
    id: string;
    adopted: string | null;
    basis: ConsensusBasis;
    note: string | null;
    decidedBy: string | null;
    now: string;
  },
): ConsensusRow {
  return {
    id: extra.id,
    study_id: studyId,
    target_key: key,
    kind: target.kind,
    field_id: target.kind === 'field' ? target.fieldId : null,
    outcome_id: target.kind === 'outcome' ? target.outcomeId : null,
    timepoint_id: target.kind === 'outcome' ? target.timepointId : null,
    arm_id: target.kind === 'outcome' ? target.armId : null,
    component: target.kind === 'outcome' ? target.component : null,
    state: from.state,
    value: from.state === 'value' ? from.value : null,
    origin: from.state === 'value' ? from.origin : 'typed',
    highlight_id: from.state === 'value' ? from.highlight_id : null,
    provenance: from.state === 'value' ? from.provenance : null,
    conversion: from.state === 'value' ? from.conversion : null,
    decision,
    adopted_reviewer_id: extra.adopted,
    basis: JSON.stringify(extra.basis),
    note: extra.note || null,
    decided_by: extra.decidedBy,
    decided_at: extra.now,
  };
}

/** Takes every agreeing cell without a consensus into it; returns how many. */
function takeAgreements(
  db: Database.Database,
  studyId: string,
  pair: [string, string],
  study: StudyCells,
  reviewerId: string,
): number {
  const todo = study.cells.filter((c) => !c.consensus && (c.state === 'agree' || c.state === 'both_not_reported'));
  if (todo.length === 0) return 0;
  writeTransaction(db, reviewerId, (audit, now) => {
    for (const cell of todo) {
      const { a, b } = study.rows.get(cell.key)!;
      // The agreed value keeps a source when either side has one (A's first).
      const from = a!.highlight_id || !b!.highlight_id ? a! : b!;
      const row = consensusRow(studyId, cell.key, cell.target, from, 'agreed', {
        id: newRowId(),
        adopted: null,
        basis: { reviewers: pair, a: snapshot(a), b: snapshot(b) },
        note: null,
        decidedBy: null,
        now,
      });
      putConsensusRow(db, row);
      auditConsensus(audit, null, row);
    }
  });
  return todo.length;
}

// Channel handlers -----------------------------------------------------------------------------------

export function reconcileSettings(ctx: RequestContext): ReconcileSettings {
  return readReconcileSettings(ctx.requireReview().db);
}

export function setReconcileSettings(
  ctx: RequestContext,
  request: ParsedRequestOf<'reconcile:setSettings'>,
): ReconcileSettings {
  const { db, reviewerId } = ctx.requireReviewer();
  const before = readReconcileSettings(db);
  const after: ReconcileSettings = {
    pair: request.pair === undefined ? before.pair : request.pair,
    tolerance: request.tolerance ?? before.tolerance,
    autoAgree: request.autoAgree ?? before.autoAgree,
    arbiterId: request.arbiterId === undefined ? before.arbiterId : request.arbiterId,
  };
  for (const id of [...(after.pair ?? []), ...(after.arbiterId ? [after.arbiterId] : [])])
    if (!findReviewer(db, id)) throw new CaliperError('not_found', `No reviewer with id ${id} in this review.`);
  if (after.pair && after.pair[0] === after.pair[1])
    throw new CaliperError('validation', 'The pair needs two different reviewers.');
  if (after.arbiterId && after.pair?.includes(after.arbiterId))
    throw new CaliperError('validation', 'The arbiter is a third reviewer, not one of the pair.');
  writeTransaction(db, reviewerId, (audit, now) => {
    writeReconcileSettings(db, after, now);
    audit({ entity: 'review_settings', entityId: 'reconcile', action: 'update', before, after });
  });
  ctx.events.emit('studies:changed', { reason: 'updated' });
  return after;
}

/**
 * Each study's statuses per reviewer, whether it is ready, its open differences and consensus. A
 * study nobody has started, with no consensus, is left out (the library reads a missing study as
 * that), so a large review nobody has extracted yet answers in a few bytes rather than megabytes.
 */
export function reconcileOverview(ctx: RequestContext): StudyReconcileStatus[] {
  const { db, reviewerId } = ctx.requireReview();
  const settings = readReconcileSettings(db);
  const pairs = studyPairs(db, settings);
  const reviewers = listReviewers(db);
  const statuses = new Map<
    string,
    { reviewerId: string; status: StudyReconcileStatus['statuses'][number]['status'] }[]
  >();
  const rows = prepared(db, 'SELECT study_id, reviewer_id, status FROM extraction_status').all() as {
    study_id: string;
    reviewer_id: string;
    status: StudyReconcileStatus['statuses'][number]['status'];
  }[];
  for (const row of rows) {
    const list = statuses.get(row.study_id) ?? [];
    list.push({ reviewerId: row.reviewer_id, status: row.status });
    statuses.set(row.study_id, list);
  }
  const order = new Map(reviewers.map((r, i) => [r.id, i]));
  return [...pairs].flatMap(([studyId, pair]): StudyReconcileStatus[] => {
    if (!statuses.has(studyId) && !pair.ready && !pair.hasConsensus) return [];
    const visible = (pair.ready || pair.hasConsensus) && takesPart(pair, settings, reviewerId);
    const study = visible && pair.pair ? compareStudy(db, studyId, pair.pair, settings) : null;
    return [
      {
        studyId,
        statuses: (statuses.get(studyId) ?? []).sort((a, b) => order.get(a.reviewerId)! - order.get(b.reviewerId)!),
        ready: pair.ready,
        differences: study ? study.counts.cells - study.counts.resolved : null,
        consensusComplete: study !== null && pair.ready && study.consensusComplete,
      },
    ];
  });
}

function pairReviewers(db: Database.Database, pair: [string, string]): [Reviewer, Reviewer] {
  return [findReviewer(db, pair[0])!, findReviewer(db, pair[1])!];
}

/** The study's pair, when this session's reviewer may reconcile it now; a clear refusal otherwise. */
function requireReconcilable(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
): { pair: [string, string]; settings: ReconcileSettings; info: StudyPair } {
  if (!getStudyRow(db, reviewerId, studyId))
    throw new CaliperError('not_found', `No study with id ${studyId} in this review.`);
  const settings = readReconcileSettings(db);
  const info = studyPairs(db, settings).get(studyId)!;
  if (!info.pair || !(info.ready || info.hasConsensus)) {
    const mine = readStatus(db, studyId, reviewerId);
    throw new CaliperError(
      'not_ready',
      mine === 'complete'
        ? 'This study is not ready to reconcile: the other reviewer has not marked it complete yet.'
        : 'This study is not ready to reconcile: two reviewers have to mark their extraction complete first.',
    );
  }
  if (!takesPart(info, settings, reviewerId)) {
    throw new CaliperError(
      'not_allowed',
      'Only the two reviewers of this study or the review’s arbiter can reconcile it.',
    );
  }
  return { pair: info.pair, settings, info };
}

function studyReconciliation(
  db: Database.Database,
  studyId: string,
  reviewerId: string,
  pair: [string, string],
  settings: ReconcileSettings,
  study: StudyCells,
): StudyReconciliation {
  return {
    studyId,
    label: getStudyRow(db, reviewerId, studyId)!.label,
    reviewers: pairReviewers(db, pair),
    canDecide: true,
    settings,
    cells: study.cells,
    counts: study.counts,
    consensusComplete: study.consensusComplete,
    agreement: agreement(study.items),
  };
}

export function reconcileGet(ctx: RequestContext, request: { studyId: string }): StudyReconciliation {
  const { db, reviewerId } = ctx.requireReviewer();
  const { pair, settings, info } = requireReconcilable(db, request.studyId, reviewerId);
  let study = compareStudy(db, request.studyId, pair, settings);
  if (settings.autoAgree && info.ready && takeAgreements(db, request.studyId, pair, study, reviewerId) > 0) {
    study = compareStudy(db, request.studyId, pair, settings);
    ctx.events.emit('values:changed', { studyId: request.studyId, layer: 'consensus', reviewerId: null });
  }
  return studyReconciliation(db, request.studyId, reviewerId, pair, settings, study);
}

/**
 * The rest of an outcome cell as the consensus stands (a decided value, else the pair's agreed one),
 * so a value entered at reconciliation is checked like one entered in extraction (events ≤ total).
 */
function consensusCell(study: StudyCells, cell: ReconcileCell): Map<string, CellComponents> {
  const target = cell.target;
  if (target.kind !== 'outcome') return new Map();
  const components: CellComponents = new Map();
  for (const other of study.cells) {
    const t = other.target;
    if (t.kind !== 'outcome' || other.key === cell.key) continue;
    if (t.outcomeId !== target.outcomeId || t.timepointId !== target.timepointId || t.armId !== target.armId) continue;
    const value = other.consensus
      ? other.consensus.state === 'value'
        ? other.consensus.value
        : null
      : other.state === 'agree' && other.a?.state === 'value'
        ? other.a.value
        : null;
    if (value !== null) components.set(t.component, asNumber(value));
  }
  return new Map([[cellKey(target), components]]);
}

export function reconcileDecide(
  ctx: RequestContext,
  request: ParsedRequestOf<'reconcile:decide'>,
): StudyReconciliation {
  const { db, reviewerId } = ctx.requireReviewer();
  const { pair, settings, info } = requireReconcilable(db, request.studyId, reviewerId);
  if (!info.ready)
    throw new CaliperError(
      'not_ready',
      'A reviewer has reopened their extraction of this study: it can be reconciled again once both mark it complete.',
    );
  const study = compareStudy(db, request.studyId, pair, settings);
  const cell = study.cells.find((c) => c.key === request.key);
  if (!cell) throw new CaliperError('not_found', `This study has no cell ${request.key} to reconcile.`);
  const { a, b } = study.rows.get(cell.key)!;
  const basis: ConsensusBasis = { reviewers: pair, a: snapshot(a), b: snapshot(b) };
  const before = findConsensusRow(db, request.studyId, cell.key);
  let from: Pick<ValueRow, 'state' | 'value' | 'origin' | 'highlight_id' | 'provenance' | 'conversion'>;
  let decision: ConsensusRow['decision'];
  let adopted: string | null = null;
  if (request.take === 'a' || request.take === 'b') {
    const side = request.take === 'a' ? a : b;
    const name = findReviewer(db, pair[request.take === 'a' ? 0 : 1])!.name;
    if (!side)
      throw new CaliperError(
        'validation',
        `${cell.label}: ${name} left this cell empty; enter a value (or "not reported") instead.`,
      );
    from = side;
    const exact = compareCells(
      a && { state: a.state, value: parse<CellValue>(a.value) },
      b && { state: b.state, value: parse<CellValue>(b.value) },
    )?.exact;
    decision = exact ? 'agreed' : 'adopted';
    adopted = exact ? null : side.reviewer_id;
  } else {
    const entered = request.entered!;
    const form = readForm(db)!;
    const arms = listArms(db, request.studyId);
    const checked = checkWrite(
      db,
      form,
      arms,
      request.studyId,
      { target: cell.target, ...entered },
      consensusCell(study, cell),
      reviewerId,
    );
    if (!checked.ok) throw new CaliperError('validation', `${cell.label}: ${checked.reason}.`);
    from = {
      state: entered.state,
      value: entered.state === 'value' ? JSON.stringify(checked.value) : null,
      origin: entered.origin,
      highlight_id: entered.provenance?.highlightId ?? null,
      provenance: entered.provenance ? JSON.stringify(entered.provenance) : null,
      conversion: entered.conversion ? JSON.stringify(entered.conversion) : null,
    };
    decision = 'entered';
  }
  writeTransaction(db, reviewerId, (audit, now) => {
    const row = consensusRow(request.studyId, cell.key, cell.target, from, decision, {
      id: before?.id ?? newRowId(),
      adopted,
      basis,
      note: request.note ?? null,
      decidedBy: reviewerId,
      now,
    });
    putConsensusRow(db, row);
    auditConsensus(audit, before, row);
  });
  ctx.events.emit('studies:changed', { reason: 'updated' });
  // An open analysis of the consensus pools again.
  ctx.events.emit('values:changed', { studyId: request.studyId, layer: 'consensus', reviewerId: null });
  return studyReconciliation(
    db,
    request.studyId,
    reviewerId,
    pair,
    settings,
    compareStudy(db, request.studyId, pair, settings),
  );
}

/** Agreement over the studies being reconciled (in which this reviewer takes part). */
export function reconcileAgreement(
  ctx: RequestContext,
  request: { tolerance?: Tolerance | undefined },
): AgreementSummary {
  const { db, reviewerId } = ctx.requireReviewer();
  const settings = readReconcileSettings(db);
  const pairs = [...studyPairs(db, settings)].filter(([, p]) => p.ready && takesPart(p, settings, reviewerId));
  return agreementOver(db, pairs, settings, request.tolerance ?? settings.tolerance);
}

/** Agreement over the given studies' pairs (the reviewers reported when every study has the same pair). */
export function agreementOver(
  db: Database.Database,
  pairs: [string, StudyPair][],
  settings: ReconcileSettings,
  tolerance: Tolerance,
): AgreementSummary {
  const items: AgreementItem[] = [];
  for (const [studyId, p] of pairs) items.push(...compareStudy(db, studyId, p.pair!, settings, tolerance).items);
  const distinct = new Set(pairs.map(([, p]) => p.pair!.join('\u0000')));
  return {
    reviewers: distinct.size === 1 ? pairReviewers(db, pairs[0]![1].pair!) : null,
    studies: pairs.length,
    tolerance,
    agreement: agreement(items),
  };
}
