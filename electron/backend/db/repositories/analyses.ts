// Stored analyses (one row each, comparison, layer and settings as JSON) and what an analysis reads
// to build its study rows: the studies with their year and arms, and the values of one outcome (and
// of the subgroup field) from the consensus layer (consensus_values) or one reviewer's extraction
// (extraction_values). Layer: electron/backend.
import type Database from 'better-sqlite3';
import {
  defaultSettings,
  type Analysis,
  type AnalysisSettings,
  type Comparison,
} from '../../../../shared/analysis/model';
import type { AnalysisStudy, AnalysisValue } from '../../../../shared/analysis/rows';
import type { CellValue, ValueConversion, ValueProvenance } from '../../../../shared/model/extraction';
import type { Measure } from '../../../../shared/stats/effectSizes';
import { prepared } from '../statements';
import { targetOfRow } from './extraction';

interface AnalysisRow {
  id: string;
  name: string;
  position: number;
  outcome_id: string;
  timepoint_id: string;
  comparison: string;
  layer: 'consensus' | 'reviewer';
  reviewer_id: string | null;
  measure: string;
  method: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

function toAnalysis(row: AnalysisRow): Analysis {
  return {
    id: row.id,
    name: row.name,
    outcomeId: row.outcome_id,
    timepointId: row.timepoint_id,
    comparison: JSON.parse(row.comparison) as Comparison,
    layer: row.layer === 'reviewer' ? { kind: 'reviewer', reviewerId: row.reviewer_id! } : { kind: 'consensus' },
    measure: row.measure as Measure,
    method: row.method as Analysis['method'],
    // Settings added in later versions take their defaults in analyses stored before them.
    settings: { ...defaultSettings(), ...(JSON.parse(row.settings) as Partial<AnalysisSettings>) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listAnalyses(db: Database.Database): Analysis[] {
  return (prepared(db, 'SELECT * FROM analyses ORDER BY position, created_at').all() as AnalysisRow[]).map(toAnalysis);
}

export function findAnalysis(db: Database.Database, id: string): Analysis | null {
  const row = prepared(db, 'SELECT * FROM analyses WHERE id = ?').get(id) as AnalysisRow | undefined;
  return row ? toAnalysis(row) : null;
}

export function findAnalysisByName(db: Database.Database, name: string): Analysis | null {
  const row = prepared(db, 'SELECT * FROM analyses WHERE name = ? COLLATE NOCASE').get(name) as AnalysisRow | undefined;
  return row ? toAnalysis(row) : null;
}

function rowOf(a: Analysis): Omit<AnalysisRow, 'position'> {
  return {
    id: a.id,
    name: a.name,
    outcome_id: a.outcomeId,
    timepoint_id: a.timepointId,
    comparison: JSON.stringify(a.comparison),
    layer: a.layer.kind,
    reviewer_id: a.layer.kind === 'reviewer' ? a.layer.reviewerId : null,
    measure: a.measure,
    method: a.method,
    settings: JSON.stringify(a.settings),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

export function insertAnalysis(db: Database.Database, a: Analysis): void {
  const { next } = prepared(db, 'SELECT coalesce(max(position), -1) + 1 AS next FROM analyses').get() as {
    next: number;
  };
  prepared(
    db,
    `INSERT INTO analyses (id, name, position, outcome_id, timepoint_id, comparison, layer, reviewer_id, measure,
       method, settings, created_at, updated_at)
     VALUES (@id, @name, @position, @outcome_id, @timepoint_id, @comparison, @layer, @reviewer_id, @measure, @method,
       @settings, @created_at, @updated_at)`,
  ).run({ ...rowOf(a), position: next });
}

export function updateAnalysis(db: Database.Database, a: Analysis): void {
  prepared(
    db,
    `UPDATE analyses SET name = @name, outcome_id = @outcome_id, timepoint_id = @timepoint_id, comparison = @comparison,
       layer = @layer, reviewer_id = @reviewer_id, measure = @measure, method = @method, settings = @settings,
       updated_at = @updated_at
     WHERE id = @id`,
  ).run(rowOf(a));
}

export function deleteAnalysis(db: Database.Database, id: string): void {
  prepared(db, 'DELETE FROM analyses WHERE id = ?').run(id);
}

// What an analysis reads ----------------------------------------------------------------------------

/**
 * Every study (or the one given) with its label, the year of its primary report, and its arms
 * (removed arms left out).
 */
export function listAnalysisStudies(db: Database.Database, studyId?: string): Omit<AnalysisStudy, 'values'>[] {
  const studies = (
    studyId === undefined
      ? prepared(
          db,
          `SELECT s.id, s.label, r.year FROM studies s
           LEFT JOIN reports r ON r.study_id = s.id AND r.is_primary = 1
           ORDER BY s.label, s.id`,
        ).all()
      : prepared(
          db,
          `SELECT s.id, s.label, r.year FROM studies s
           LEFT JOIN reports r ON r.study_id = s.id AND r.is_primary = 1
           WHERE s.id = ?`,
        ).all(studyId)
  ) as { id: string; label: string; year: number | null }[];
  const arms = (
    studyId === undefined
      ? prepared(
          db,
          'SELECT id, study_id, label FROM arms WHERE removed_at IS NULL ORDER BY study_id, position, created_at',
        ).all()
      : prepared(
          db,
          'SELECT id, study_id, label FROM arms WHERE removed_at IS NULL AND study_id = ? ORDER BY position, created_at',
        ).all(studyId)
  ) as { id: string; study_id: string; label: string }[];
  const byStudy = new Map<string, { id: string; label: string }[]>();
  for (const a of arms) {
    let list = byStudy.get(a.study_id);
    if (!list) byStudy.set(a.study_id, (list = []));
    list.push({ id: a.id, label: a.label });
  }
  return studies.map((s) => ({ ...s, arms: byStudy.get(s.id) ?? [] }));
}

interface LayerValueRow {
  id: string;
  study_id: string;
  kind: 'field' | 'outcome';
  field_id: string | null;
  outcome_id: string | null;
  timepoint_id: string | null;
  arm_id: string | null;
  component: string | null;
  state: 'value' | 'not_reported';
  value: string | null;
  origin: 'typed' | 'mapped' | 'converted';
  provenance: string | null;
  conversion: string | null;
}

/** A consensus_values or extraction_values row as an analysis reads it (as repositories/extraction.ts maps rows). */
function toAnalysisValue(row: LayerValueRow): AnalysisValue {
  const target = targetOfRow(row);
  return {
    id: row.id,
    studyId: row.study_id,
    target,
    state: row.state,
    value: row.value === null ? null : (JSON.parse(row.value) as CellValue),
    origin: row.origin,
    provenance: row.provenance === null ? null : (JSON.parse(row.provenance) as ValueProvenance),
    conversion: row.conversion === null ? null : (JSON.parse(row.conversion) as ValueConversion),
  };
}

const COLUMNS =
  'id, study_id, kind, field_id, outcome_id, timepoint_id, arm_id, component, state, value, origin, provenance, conversion';

/** The consensus values of one outcome (every timepoint) and of one study-level field (of one study, if given). */
export function consensusValuesFor(
  db: Database.Database,
  outcomeId: string,
  fieldId: string | null,
  studyId?: string,
): AnalysisValue[] {
  const rows = (
    studyId === undefined
      ? prepared(
          db,
          `SELECT ${COLUMNS} FROM consensus_values WHERE outcome_id = ?
           UNION ALL SELECT ${COLUMNS} FROM consensus_values WHERE field_id = ?`,
        ).all(outcomeId, fieldId ?? '')
      : prepared(
          db,
          `SELECT ${COLUMNS} FROM consensus_values WHERE study_id = ? AND (outcome_id = ? OR field_id = ?)`,
        ).all(studyId, outcomeId, fieldId ?? '')
  ) as LayerValueRow[];
  return rows.map(toAnalysisValue);
}

/** One reviewer's values of one outcome (every timepoint) and of one study-level field (of one study, if given). */
export function reviewerValuesFor(
  db: Database.Database,
  reviewerId: string,
  outcomeId: string,
  fieldId: string | null,
  studyId?: string,
): AnalysisValue[] {
  const rows = (
    studyId === undefined
      ? prepared(
          db,
          `SELECT ${COLUMNS} FROM extraction_values WHERE reviewer_id = ? AND outcome_id = ?
           UNION ALL SELECT ${COLUMNS} FROM extraction_values WHERE reviewer_id = ? AND field_id = ?`,
        ).all(reviewerId, outcomeId, reviewerId, fieldId ?? '')
      : prepared(
          db,
          `SELECT ${COLUMNS} FROM extraction_values
           WHERE study_id = ? AND reviewer_id = ? AND (outcome_id = ? OR field_id = ?)`,
        ).all(studyId, reviewerId, outcomeId, fieldId ?? '')
  ) as LayerValueRow[];
  return rows.map(toAnalysisValue);
}
