// The study rows of each analysis, kept between runs so that re-pooling after one change rebuilds only
// the study that changed. What changed is recorded by the database itself: temporary triggers (on this
// connection only, never in the review file) note the study of every row written to the tables a row
// is built from (values of either layer, arms, studies, reports) with a rising number, one row per
// study (so it stays as small as the review); each cached analysis remembers the last number it has seen. The analysis itself, its outcome and its subgroup
// field are a fingerprint: any change to them rebuilds every row. Layer: electron/backend.
import type Database from 'better-sqlite3';
import type { Analysis } from '../../../shared/analysis/model';
import { studyRow, type AnalysisStudy, type StudyRow } from '../../../shared/analysis/rows';
import type { ExtractionForm, OutcomeDefinition } from '../../../shared/model/extraction';
import { consensusValuesFor, listAnalysisStudies, reviewerValuesFor } from '../db/repositories/analyses';
import { prepared } from '../db/statements';

/** The tables a study row is read from, with the column naming the study. */
const TRACKED: [table: string, studyColumn: string][] = [
  ['extraction_values', 'study_id'],
  ['consensus_values', 'study_id'],
  ['arms', 'study_id'],
  ['studies', 'id'],
  ['reports', 'study_id'],
];
/** Analyses kept per review; the least recently run gives way. */
const MAX_ANALYSES = 32;
/** Past this many changed studies, one read of everything is faster than one read per study. */
const MAX_PER_STUDY_READS = 64;

interface CachedRows {
  fingerprint: string;
  /** The last change (sequence number) these rows include. */
  seen: number;
  rows: Map<string, StudyRow>;
}

interface ReviewCache {
  tracking: boolean;
  analyses: Map<string, CachedRows>;
}

const caches = new WeakMap<Database.Database, ReviewCache>();

function startTracking(db: Database.Database): boolean {
  try {
    // One row per study (so the table stays as small as the review), with the number of its last change.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS analysis_changes (study_id TEXT PRIMARY KEY, seq INTEGER NOT NULL)');
    db.exec('CREATE INDEX IF NOT EXISTS temp.analysis_changes_seq ON analysis_changes (seq)');
    // No conflict clause: the outer statement's (INSERT OR IGNORE, say) would override it.
    const next = '(SELECT coalesce(max(seq), 0) + 1 FROM analysis_changes)';
    const note = (id: string) =>
      `UPDATE analysis_changes SET seq = ${next} WHERE study_id = ${id};
       INSERT INTO analysis_changes (study_id, seq) SELECT ${id}, ${next}
         WHERE NOT EXISTS (SELECT 1 FROM analysis_changes WHERE study_id = ${id});`;
    for (const [table, column] of TRACKED) {
      const on = (event: string, body: string) =>
        db.exec(
          `CREATE TEMP TRIGGER IF NOT EXISTS analysis_changes_${table}_${event.toLowerCase()}
           AFTER ${event} ON main.${table} BEGIN ${body} END`,
        );
      on('INSERT', note(`NEW.${column}`));
      on('UPDATE', note(`OLD.${column}`) + note(`NEW.${column}`));
      on('DELETE', note(`OLD.${column}`));
    }
    return true;
  } catch {
    // A connection that cannot hold temporary triggers reads every row on each run.
    return false;
  }
}

/** The number of the last change recorded. */
const lastChange = (db: Database.Database): number =>
  (prepared(db, 'SELECT coalesce(max(seq), 0) AS seq FROM temp.analysis_changes').get() as { seq: number }).seq;

/** The studies (with their values of the analysis's layer) read now: every study, or one. */
function readStudies(db: Database.Database, analysis: Analysis, studyId?: string): AnalysisStudy[] {
  const field = analysis.settings.subgroupFieldId;
  const values =
    analysis.layer.kind === 'consensus'
      ? consensusValuesFor(db, analysis.outcomeId, field, studyId)
      : reviewerValuesFor(db, analysis.layer.reviewerId, analysis.outcomeId, field, studyId);
  const byStudy = new Map<string, AnalysisStudy['values']>();
  for (const v of values) {
    let list = byStudy.get(v.studyId);
    if (!list) byStudy.set(v.studyId, (list = []));
    list.push(v);
  }
  return listAnalysisStudies(db, studyId).map((s) => ({ ...s, values: byStudy.get(s.id) ?? [] }));
}

/** Every study's row of the analysis, as the review's values are now. */
export function analysisRows(
  db: Database.Database,
  form: ExtractionForm,
  analysis: Analysis,
  outcome: OutcomeDefinition,
): StudyRow[] {
  const buildAll = () => readStudies(db, analysis).map((study) => studyRow(analysis, outcome, study));
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { tracking: startTracking(db), analyses: new Map() }));
  if (!cache.tracking) return buildAll();

  const fingerprint = JSON.stringify([
    analysis,
    outcome,
    form.fields.find((f) => f.id === analysis.settings.subgroupFieldId) ?? null,
  ]);
  const seen = lastChange(db);
  let cached = cache.analyses.get(analysis.id);
  cache.analyses.delete(analysis.id);
  if (cached?.fingerprint === fingerprint && cached.seen < seen) {
    const changed = (
      prepared(db, 'SELECT DISTINCT study_id FROM temp.analysis_changes WHERE seq > ?').all(cached.seen) as {
        study_id: string;
      }[]
    ).map((r) => r.study_id);
    if (changed.length > MAX_PER_STUDY_READS) cached = undefined;
    else {
      for (const studyId of changed) {
        const study = readStudies(db, analysis, studyId)[0];
        if (study) cached.rows.set(studyId, studyRow(analysis, outcome, study));
        else cached.rows.delete(studyId);
      }
      cached.seen = seen;
    }
  } else if (cached?.fingerprint !== fingerprint) cached = undefined;
  if (!cached) cached = { fingerprint, seen, rows: new Map(buildAll().map((r) => [r.studyId, r])) };
  cache.analyses.set(analysis.id, cached);
  while (cache.analyses.size > MAX_ANALYSES) cache.analyses.delete(cache.analyses.keys().next().value!);
  return [...cached.rows.values()];
}
