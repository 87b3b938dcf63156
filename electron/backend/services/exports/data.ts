// What every export reads from the open review: the form, the studies (citation, year, each reviewer's
// status, arms), and the values of a layer (the consensus, or one reviewer's extraction) study by
// study, each with where it came from (raw text, highlight, document and page, conversion). Studies
// are read one at a time, so memory does not grow with the size of the review. Layer: electron/backend.
import type Database from 'better-sqlite3';
import {
  type CellValue,
  type ExtractionForm,
  type ValueConversion,
  type ValueProvenance,
  type ValueTarget,
} from '../../../../shared/model/extraction';
import { CaliperError } from '../../../../shared/contract/result';
import type { ExtractionStatus } from '../../../../shared/model/types';
import { targetOfRow } from '../../db/repositories/extraction';
import { readForm } from '../../db/repositories/forms';
import { readReconcileSettings, studyPairs } from '../../db/repositories/reconciliation';
import { findReviewerByName, listReviewers } from '../../db/repositories/reviewers';
import { prepared } from '../../db/statements';
import { compareStudy } from '../reconciliation';
import type { ExportOptions } from './types';

/** One layer of values: the consensus, or one reviewer's extraction. */
export type ExportLayer = { kind: 'consensus'; name: 'consensus' } | { kind: 'reviewer'; id: string; name: string };

export interface ExportStudy {
  id: string;
  label: string;
  year: number | null;
  firstAuthor: string | null;
  authors: string[];
  title: string | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  pmid: string | null;
  /** Each reviewer's extraction status, by reviewer id. */
  statuses: Map<string, ExtractionStatus>;
  /** Arms in their order, removed ones last (their values are archived but exported). */
  arms: { id: string; label: string; removed: boolean }[];
}

export interface ExportValue {
  id: string;
  studyId: string;
  key: string;
  target: ValueTarget;
  state: 'value' | 'not_reported';
  value: CellValue;
  origin: 'typed' | 'mapped' | 'converted';
  rawText: string | null;
  highlightId: string | null;
  /** The highlighted document: its kind, file name (PDFs) and SHA-256, and the 1-based page. */
  document: { sha256: string; kind: 'abstract' | 'pdf'; fileName: string | null } | null;
  page: number | null;
  conversion: ValueConversion | null;
  /** Consensus only: how the value was decided. */
  decision: 'agreed' | 'adopted' | 'entered' | null;
}

/** The layers an export's `layer` option names; an unknown reviewer name is a clear error. */
export function resolveLayers(db: Database.Database, layer: ExportOptions['layer']): ExportLayer[] {
  const consensus: ExportLayer = { kind: 'consensus', name: 'consensus' };
  if (layer === 'consensus') return [consensus];
  if (layer === 'all')
    return [consensus, ...listReviewers(db).map((r): ExportLayer => ({ kind: 'reviewer', id: r.id, name: r.name }))];
  const reviewer = findReviewerByName(db, layer.reviewer);
  if (!reviewer) {
    const names = listReviewers(db)
      .map((r) => `"${r.name}"`)
      .join(', ');
    throw new CaliperError(
      'not_found',
      `No reviewer called "${layer.reviewer}" in this review (reviewers: ${names || 'none'}).`,
    );
  }
  return [{ kind: 'reviewer', id: reviewer.id, name: reviewer.name }];
}

/** The review's form; a review without one has nothing to export but its studies. */
export function exportForm(db: Database.Database): ExtractionForm {
  return (
    readForm(db) ?? {
      id: 'none',
      version: 0,
      sections: [],
      fields: [],
      outcomes: [],
      updatedAt: new Date(0).toISOString(),
    }
  );
}

interface StudyDbRow {
  id: string;
  label: string;
  year: number | null;
  first_author: string | null;
  authors: string | null;
  title: string | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  pmid: string | null;
}

/** Every study, ordered by label, with its primary report's citation, statuses and arms (three queries). */
export function listExportStudies(db: Database.Database): ExportStudy[] {
  const rows = prepared(
    db,
    `SELECT s.id, s.label, r.year, r.first_author, r.authors, r.title, r.journal, r.volume, r.issue, r.pages,
            r.doi, r.pmid
     FROM studies s LEFT JOIN reports r ON r.study_id = s.id AND r.is_primary = 1
     ORDER BY s.label COLLATE NOCASE, s.id`,
  ).all() as StudyDbRow[];
  const statuses = new Map<string, Map<string, ExtractionStatus>>();
  for (const s of prepared(db, 'SELECT study_id, reviewer_id, status FROM extraction_status').all() as {
    study_id: string;
    reviewer_id: string;
    status: ExtractionStatus;
  }[]) {
    let m = statuses.get(s.study_id);
    if (!m) statuses.set(s.study_id, (m = new Map()));
    m.set(s.reviewer_id, s.status);
  }
  const arms = new Map<string, ExportStudy['arms']>();
  for (const a of prepared(
    db,
    'SELECT id, study_id, label, removed_at FROM arms ORDER BY study_id, removed_at IS NOT NULL, position, created_at',
  ).all() as { id: string; study_id: string; label: string; removed_at: string | null }[]) {
    let list = arms.get(a.study_id);
    if (!list) arms.set(a.study_id, (list = []));
    list.push({ id: a.id, label: a.label, removed: a.removed_at !== null });
  }
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    year: r.year,
    firstAuthor: r.first_author,
    authors: r.authors ? (JSON.parse(r.authors) as string[]) : [],
    title: r.title,
    journal: r.journal,
    volume: r.volume,
    issue: r.issue,
    pages: r.pages,
    doi: r.doi,
    pmid: r.pmid,
    statuses: statuses.get(r.id) ?? new Map(),
    arms: arms.get(r.id) ?? [],
  }));
}

interface ValueDbRow {
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
  decision: 'agreed' | 'adopted' | 'entered' | null;
  h_page: number | null;
  h_doc: string | null;
  h_exact: string | null;
  d_kind: 'abstract' | 'pdf' | null;
  d_name: string | null;
}

const SOURCE_JOIN = `LEFT JOIN highlights h ON h.id = v.highlight_id
  LEFT JOIN documents d ON d.sha256 = h.document_sha256
  LEFT JOIN study_documents sd ON sd.study_id = v.study_id AND sd.document_sha256 = h.document_sha256`;
const SOURCE_COLUMNS = `v.id, v.study_id, v.target_key, v.kind, v.field_id, v.outcome_id, v.timepoint_id, v.arm_id,
  v.component, v.state, v.value, v.origin, v.highlight_id, v.provenance, v.conversion,
  h.page AS h_page, h.document_sha256 AS h_doc, h.exact AS h_exact, d.kind AS d_kind, sd.file_name AS d_name`;

function toExportValue(row: ValueDbRow): ExportValue {
  const provenance = row.provenance === null ? null : (JSON.parse(row.provenance) as ValueProvenance);
  return {
    id: row.id,
    studyId: row.study_id,
    key: row.target_key,
    target: targetOfRow(row),
    state: row.state,
    value: row.value === null ? null : (JSON.parse(row.value) as CellValue),
    origin: row.origin,
    rawText: provenance?.rawText ?? row.h_exact ?? null,
    highlightId: row.highlight_id,
    document: row.h_doc ? { sha256: row.h_doc, kind: row.d_kind ?? 'pdf', fileName: row.d_name } : null,
    page: row.h_page,
    conversion: row.conversion === null ? null : (JSON.parse(row.conversion) as ValueConversion),
    decision: row.decision,
  };
}

/**
 * A layer's values of one study (archived targets included: they are exported too); with `prefix`,
 * only the targets whose key starts with it ("field:", "outcome:ID:"), a range of the same index.
 */
export function layerValues(db: Database.Database, layer: ExportLayer, studyId: string, prefix = ''): ExportValue[] {
  const range = [prefix, `${prefix}\uffff`];
  const rows =
    layer.kind === 'consensus'
      ? prepared(
          db,
          `SELECT ${SOURCE_COLUMNS}, v.decision FROM consensus_values v ${SOURCE_JOIN}
           WHERE v.study_id = ? AND v.target_key >= ? AND v.target_key < ? ORDER BY v.target_key`,
        ).all(studyId, ...range)
      : prepared(
          db,
          `SELECT ${SOURCE_COLUMNS}, NULL AS decision FROM extraction_values v ${SOURCE_JOIN}
           WHERE v.study_id = ? AND v.reviewer_id = ? AND v.target_key >= ? AND v.target_key < ?
           ORDER BY v.target_key`,
        ).all(studyId, layer.id, ...range);
  return (rows as ValueDbRow[]).map(toExportValue);
}

/**
 * Which studies a layer exports: all, or (`complete`) those whose extraction of that layer is
 * complete: the reviewer marked it complete, or, for the consensus, both of the pair did and every
 * cell is decided.
 */
export function completeFilter(
  db: Database.Database,
  studies: 'all' | 'complete',
): (layer: ExportLayer, study: ExportStudy) => boolean {
  if (studies === 'all') return () => true;
  const settings = readReconcileSettings(db);
  const pairs = studyPairs(db, settings);
  const consensus = new Map<string, boolean>();
  return (layer, study) => {
    if (layer.kind === 'reviewer') return study.statuses.get(layer.id) === 'complete';
    let done = consensus.get(study.id);
    if (done === undefined) {
      const pair = pairs.get(study.id);
      done = !!pair?.ready && compareStudy(db, study.id, pair.pair!, settings).consensusComplete;
      consensus.set(study.id, done);
    }
    return done;
  };
}

/** "Smith J, Jones K. Title. Journal 2001;12(3):45-50. doi:…" */
export function citationOf(study: ExportStudy): string {
  const authors = study.authors.length > 6 ? [...study.authors.slice(0, 6), 'et al.'] : study.authors;
  const where = [
    study.journal,
    study.year === null ? null : `${study.year}`,
    study.volume ? `;${study.volume}${study.issue ? `(${study.issue})` : ''}` : null,
    study.pages ? `:${study.pages}` : null,
  ]
    .filter(Boolean)
    .join(' ')
    .replace(/ ;/, ';')
    .replace(/ :/, ':');
  return [authors.join(', '), study.title, where, study.doi ? `doi:${study.doi}` : null]
    .filter((s) => s && s.length > 0)
    .map((s) => (s!.endsWith('.') ? s : `${s}.`))
    .join(' ');
}

/** A number when the cell holds one; numbers typed as text ("12.5") stay as stored. */
export function numeric(value: CellValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A cell value as text (choices joined with "; "). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}
