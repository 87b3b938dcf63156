// The whole review as JSON ("caliper-review", version 1; the tables and columns are listed in
// ../reviewJson/spec.ts and published as schemas/caliper-review.schema.json). Every row of every table
// is written, one JSON object per line inside its table's array, in primary-key order, so the same
// review always gives the same bytes and `caliper import --create` rebuilds it with every id kept.
//
// Streaming: the file is written in one synchronous pass inside SQLite's read of the review, so it is a
// consistent snapshot whatever else the app is doing. Rows come from SQLite's cursors one at a time and
// go out through a 1 MB buffer written with writeSync: memory holds one row (one PDF at most, when PDFs
// are included) and the buffer, whatever the size of the review.
//
// Blinding: the file holds every reviewer's work, so it is written only when the person asking could
// see all of it in Caliper. A reviewer may export once every other reviewer's work (values, statuses,
// highlights, undo history) lies on studies being reconciled with them; a window with no reviewer
// chosen (the command line, unless a reviewer is chosen) once every study holding any reviewer's work
// is being reconciled (both marked it complete) or has a consensus. Otherwise the export is refused
// ('not_allowed'), naming how many studies are still being extracted blind.
// Layer: electron/backend.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { CaliperError } from '../../../../shared/contract/result';
import type { RequestContext } from '../../context';
import { readReconcileSettings, studyPairs, takesPart } from '../../db/repositories/reconciliation';
import { DOCUMENTS_KEY, REVIEW_JSON_FORMAT, REVIEW_JSON_VERSION, TABLES, type TableSpec } from '../reviewJson/spec';
import type { ExportFormat, ExportOptions, ExportResult } from './types';

const FLUSH_BYTES = 1024 * 1024;
const PROGRESS_EVERY = 1000;

/** Appends text to a file through a buffer, flushed with writeSync. */
class BufferedFile {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
  }
}

/** Studies holding reviewers' work the viewer may not see yet (blinding); empty when nothing is hidden. */
export function studiesHiddenFrom(db: Database.Database, viewer: string | null): { id: string; label: string }[] {
  const settings = readReconcileSettings(db);
  const pairs = studyPairs(db, settings);
  const owners = db
    .prepare(
      `SELECT DISTINCT w.study_id AS studyId, w.reviewer_id AS reviewerId, s.label AS label FROM (
         SELECT study_id, reviewer_id FROM extraction_values
         UNION SELECT study_id, reviewer_id FROM extraction_status
         UNION SELECT study_id, reviewer_id FROM extraction_operations
         UNION SELECT study_id, reviewer_id FROM highlights WHERE reviewer_id IS NOT NULL
       ) w JOIN studies s ON s.id = w.study_id
       ORDER BY s.label, w.study_id`,
    )
    .all() as { studyId: string; reviewerId: string; label: string }[];
  const hidden = new Map<string, string>();
  for (const row of owners) {
    if (row.reviewerId === viewer) continue;
    const pair = pairs.get(row.studyId);
    const open = pair !== undefined && (pair.ready || pair.hasConsensus);
    const visible = viewer === null ? open : open && takesPart(pair, settings, viewer);
    if (!visible) hidden.set(row.studyId, row.label);
  }
  return [...hidden].map(([id, label]) => ({ id, label }));
}

function refuseWhileBlinded(db: Database.Database, viewer: string | null): void {
  const hidden = studiesHiddenFrom(db, viewer);
  if (hidden.length === 0) return;
  const who = viewer === null ? 'no reviewer is chosen here and' : 'as this reviewer,';
  throw new CaliperError(
    'not_allowed',
    `The whole review as JSON holds every reviewer's work, but ${who} ${hidden.length} ${
      hidden.length === 1 ? 'study holds' : 'studies hold'
    } another reviewer's work that is still blind to you (first: "${hidden[0]!.label}"). Export it once those studies are being reconciled, or export the consensus or your own extraction in another format.`,
  );
}

function valueOf(type: TableSpec['columns'][number]['type'], raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (type === 'bool') return raw === 1;
  if (type === 'json') return JSON.parse(raw as string);
  return raw;
}

function selectSql(table: TableSpec, includePdfs: boolean): string {
  const columns = table.columns.map((c) => c.column);
  if (table.key === DOCUMENTS_KEY) {
    // A PDF's bytes are read only when they are written: leaving PDFs out reads none of them.
    columns.push(includePdfs ? 'content' : "CASE WHEN kind = 'pdf' THEN NULL ELSE content END AS content");
  }
  return `SELECT ${columns.join(', ')} FROM ${table.table} ORDER BY ${table.orderBy.join(', ')}`;
}

/** A document's bytes as the file holds them: an abstract as text, a PDF (when included) as base64. */
function documentContent(row: Record<string, unknown>, out: Record<string, unknown>): void {
  const content = row.content as Buffer | null;
  if (content === null || content.length === 0) {
    // A PDF left out (of this export, or of the export this review was imported from).
    if (row.kind === 'abstract') out.text = '';
    return;
  }
  if (row.kind === 'abstract') {
    const text = content.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(content)) {
      out.text = text;
      return;
    }
  }
  out.contentBase64 = content.toString('base64');
}

/** Writes the open review as JSON to `path`; answers with the number of records written. */
export function writeReviewJson(
  db: Database.Database,
  path: string,
  options: Pick<ExportOptions, 'includePdfs' | 'onProgress' | 'signal'>,
): ExportResult {
  const includePdfs = options.includePdfs === true;
  const total = TABLES.reduce(
    (sum, table) => sum + (db.prepare(`SELECT count(*) AS n FROM ${table.table}`).get() as { n: number }).n,
    0,
  );
  const fd = openSync(path, 'w');
  let done = 0;
  try {
    const out = new BufferedFile(fd);
    const meta = db.prepare('SELECT key, value FROM review_meta ORDER BY key').all() as {
      key: string;
      value: string;
    }[];
    const review = Object.fromEntries(meta.map((r) => [r.key, r.value]));
    out.write(
      `{\n  "format": ${JSON.stringify(REVIEW_JSON_FORMAT)},\n  "version": ${REVIEW_JSON_VERSION},\n` +
        `  "pdfsIncluded": ${includePdfs},\n  "review": ${JSON.stringify(review)}`,
    );
    for (const table of TABLES) {
      out.write(`,\n  ${JSON.stringify(table.key)}: [`);
      let first = true;
      for (const row of db.prepare(selectSql(table, includePdfs)).iterate() as Iterable<Record<string, unknown>>) {
        const record: Record<string, unknown> = {};
        for (const column of table.columns) record[column.name] = valueOf(column.type, row[column.column]);
        if (table.key === DOCUMENTS_KEY) documentContent(row, record);
        out.write(`${first ? '\n    ' : ',\n    '}${JSON.stringify(record)}`);
        first = false;
        done++;
        if (done % PROGRESS_EVERY === 0) {
          if (options.signal?.aborted) throw new CaliperError('cancelled', 'The export was cancelled.');
          options.onProgress?.(done, total);
        }
      }
      out.write(first ? ']' : '\n  ]');
    }
    out.write('\n}\n');
    out.flush();
  } catch (error) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
  options.onProgress?.(done, total);
  return { rows: done, unit: 'records' };
}

export const jsonFormat: ExportFormat = {
  id: 'json',
  label: 'Whole review (JSON)',
  extension: 'json',
  // The whole review whatever layer and studies are chosen: every layer and study, so it imports back.
  async write(ctx: RequestContext, path: string, options: ExportOptions): Promise<ExportResult> {
    const { db, reviewerId } = ctx.requireReview();
    if (options.signal?.aborted) throw new CaliperError('cancelled', 'The export was cancelled.');
    refuseWhileBlinded(db, reviewerId);
    return writeReviewJson(db, path, options);
  },
};
