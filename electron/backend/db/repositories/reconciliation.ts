// The consensus layer and what reconciliation needs to know about a review: its settings (the pair,
// tolerance, automatic agreement, arbiter), the consensus rows of a study, and for each study which
// two reviewers are reconciled and whether both marked their extraction complete. Also who may see
// another reviewer's work on a study (blinding). Layer: electron/backend.
import type Database from 'better-sqlite3';
import { DEFAULT_RECONCILE_SETTINGS, type ReconcileSettings } from '../../../../shared/model/reconcile';
import { prepared } from '../statements';

// Settings -----------------------------------------------------------------------------------------

export function readReconcileSettings(db: Database.Database): ReconcileSettings {
  const row = prepared(db, "SELECT value FROM review_settings WHERE key = 'reconcile'").get() as
    { value: string } | undefined;
  if (!row) return { ...DEFAULT_RECONCILE_SETTINGS };
  const stored = JSON.parse(row.value) as Partial<ReconcileSettings>;
  return { ...DEFAULT_RECONCILE_SETTINGS, ...stored };
}

export function writeReconcileSettings(db: Database.Database, settings: ReconcileSettings, now: string): void {
  prepared(
    db,
    `INSERT INTO review_settings (key, value, updated_at) VALUES ('reconcile', ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(JSON.stringify(settings), now);
}

// Consensus rows -----------------------------------------------------------------------------------

export interface ConsensusRow {
  id: string;
  study_id: string;
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
  decision: 'agreed' | 'adopted' | 'entered';
  adopted_reviewer_id: string | null;
  basis: string;
  note: string | null;
  decided_by: string | null;
  decided_at: string;
}

/** Each reviewer's cell as it was when the consensus was decided. */
export interface ConsensusBasis {
  reviewers: [string, string];
  a: string | null;
  b: string | null;
}

export function listConsensusRows(db: Database.Database, studyId: string): ConsensusRow[] {
  return prepared(db, 'SELECT * FROM consensus_values WHERE study_id = ? ORDER BY target_key').all(
    studyId,
  ) as ConsensusRow[];
}

export function findConsensusRow(db: Database.Database, studyId: string, key: string): ConsensusRow | null {
  return (
    (prepared(db, 'SELECT * FROM consensus_values WHERE study_id = ? AND target_key = ?').get(studyId, key) as
      ConsensusRow | undefined) ?? null
  );
}

export function putConsensusRow(db: Database.Database, row: ConsensusRow): void {
  prepared(
    db,
    `INSERT OR REPLACE INTO consensus_values (id, study_id, target_key, kind, field_id, outcome_id, timepoint_id,
       arm_id, component, state, value, origin, highlight_id, provenance, conversion, decision, adopted_reviewer_id,
       basis, note, decided_by, decided_at)
     VALUES (@id, @study_id, @target_key, @kind, @field_id, @outcome_id, @timepoint_id, @arm_id, @component, @state,
       @value, @origin, @highlight_id, @provenance, @conversion, @decision, @adopted_reviewer_id, @basis, @note,
       @decided_by, @decided_at)`,
  ).run(row);
}

// Pairs and readiness ------------------------------------------------------------------------------

export interface StudyPair {
  /** The two reviewers reconciled in this study, null while fewer than two are known. */
  pair: [string, string] | null;
  /** Both of the pair marked their extraction complete. */
  ready: boolean;
  hasConsensus: boolean;
}

/**
 * Which two reviewers each study is reconciled between: the review's pair when it names one; else
 * the pair its consensus was decided between; else the first two reviewers (by when they joined)
 * who marked it complete. One pass over the statuses and consensus bases, whatever the review's size.
 */
export function studyPairs(db: Database.Database, settings: ReconcileSettings): Map<string, StudyPair> {
  const complete = new Map<string, string[]>();
  const rows = prepared(
    db,
    `SELECT es.study_id, es.reviewer_id FROM extraction_status es JOIN reviewers r ON r.id = es.reviewer_id
     WHERE es.status = 'complete' ORDER BY r.created_at, r.id`,
  ).all() as { study_id: string; reviewer_id: string }[];
  for (const row of rows) {
    const list = complete.get(row.study_id);
    if (list) list.push(row.reviewer_id);
    else complete.set(row.study_id, [row.reviewer_id]);
  }
  const decided = new Map<string, [string, string]>();
  const bases = prepared(
    db,
    `SELECT study_id, json_extract(basis, '$.reviewers[0]') AS a, json_extract(basis, '$.reviewers[1]') AS b
     FROM consensus_values GROUP BY study_id`,
  ).all() as { study_id: string; a: string | null; b: string | null }[];
  for (const row of bases) if (row.a && row.b) decided.set(row.study_id, [row.a, row.b]);
  const studies = prepared(db, 'SELECT id FROM studies').all() as { id: string }[];
  const out = new Map<string, StudyPair>();
  for (const { id } of studies) {
    const done = complete.get(id) ?? [];
    const pair: [string, string] | null =
      settings.pair ?? decided.get(id) ?? (done.length >= 2 ? [done[0]!, done[1]!] : null);
    const ready = pair !== null && done.includes(pair[0]) && done.includes(pair[1]);
    out.set(id, { pair, ready, hasConsensus: decided.has(id) });
  }
  return out;
}

/** Whether a reviewer takes part in reconciling a study (one of its pair, or the review's arbiter). */
export function takesPart(
  pair: StudyPair | undefined,
  settings: ReconcileSettings,
  reviewerId: string | null,
): boolean {
  if (!pair?.pair || reviewerId === null) return false;
  return pair.pair.includes(reviewerId) || settings.arbiterId === reviewerId;
}

/**
 * The studies on which this reviewer may see the other reviewers' work: those being reconciled
 * (both of the pair marked complete, or a consensus begun) in which the reviewer takes part. Until
 * then every reviewer sees only their own values, highlights, history and audit entries.
 */
export function revealedStudyIds(db: Database.Database, reviewerId: string | null): Set<string> {
  const out = new Set<string>();
  if (reviewerId === null) return out;
  const settings = readReconcileSettings(db);
  for (const [studyId, pair] of studyPairs(db, settings)) {
    if ((pair.ready || pair.hasConsensus) && takesPart(pair, settings, reviewerId)) out.add(studyId);
  }
  return out;
}
