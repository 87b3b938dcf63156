// Importing reference files (RIS, MEDLINE, EndNote XML, BibTeX, CSV) into the open review, in two
// steps: a preview that writes nothing (new records, likely duplicates of studies already in the
// review or of earlier records in the file, bad records with line and reason), then a commit that
// writes the good records in ONE transaction with their audit rows. Bad records are never written;
// a failure or a cancel part-way leaves the review as it was. Progress goes out as
// `import:progress` events. Layer: electron/backend (services).
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatMegabytes } from '../../../shared/contract/limits';
import { CaliperError } from '../../../shared/contract/result';
import { MAX_REFERENCE_CONTENT_BYTES, MAX_REFERENCE_FILE_BYTES } from '../../../shared/contract/sources';
import {
  IMPORT_PREVIEW_WINDOW,
  type CsvColumnField,
  type DuplicateAction,
  type DuplicateReason,
  type ImportDuplicate,
  type ImportPreview,
  type ImportPreviewPage,
  type ImportProgress,
  type ImportRecordSummary,
  type ImportSummary,
  type ReferenceFormatName,
} from '../../../shared/model/imports';
import type { RequestContext } from '../context';
import { writeTransaction } from '../db/repositories/audit';
import { sha256Hex, studyLabel, surnameOf } from '../db/repositories/studies';
import { prepared } from '../db/statements';
import type { ImportedRecord, ParseError, ParseNote } from '../importers';
import { IN_THREAD_MAX_BYTES, ReadCancelled, readReferencesOffThread } from '../importers/thread';
import { RecordStage } from './recordStage';
import { doiKey, titleKey } from '../importers/record';
import { newRowId } from '../db/ids';

/** Records handled between two yields to the event loop (where progress goes out and cancels come in). */
const CHUNK = 2_000;

/**
 * New records and duplicates the preview answer lists at most (each); the rest come a page at a
 * time through previewPage, so a 100,000-record file does not make 100,000 summaries at once.
 */
const PREVIEW_WINDOW = IMPORT_PREVIEW_WINDOW;

type Target = { kind: 'existing'; studyId: string; label: string } | { kind: 'file'; index: number; line: number };

interface Match {
  by: DuplicateReason;
  target: Target;
}

/** A record's match, kept compact: 0 for none, else the reason's place in REASON_CODES. */
const REASON_CODES: readonly DuplicateReason[] = ['doi', 'pmid', 'title_year'];

/**
 * What a preview keeps in memory between preview and commit: per record, its line and its match
 * (numbers only); the records themselves wait in the stage.
 */
interface PendingImport {
  id: string;
  reviewPath: string;
  /** The reports table when the preview was made: duplicates were found against exactly these. */
  reportsSnapshot: string;
  fileName: string;
  format: ReferenceFormatName | null;
  /** Good records read (the stage holds records 0 .. total - 1). */
  total: number;
  lines: number[];
  /** Per record: 0 when new, else 1 + the reason's index in REASON_CODES. */
  reasons: number[];
  /** Per duplicate record: the earlier record of the file it repeats (>= 0), or -1 - k for existing[k]. */
  targets: number[];
  existing: { studyId: string; label: string }[];
  newCount: number;
  errors: ParseError[];
  notes: ParseNote[];
  /** Where the records wait, in record order. */
  stage: RecordStage;
  /** Set while a commit of this preview runs, so a second commit cannot write it twice. */
  committing: boolean;
  /** The indexes of the new records and of the duplicates, in file order: made when first paged. */
  positions?: { new: Int32Array; duplicates: Int32Array };
}

/** Drops a preview: its keys, and its staged records (the scratch folder is removed). */
function release(state: ImportState, id: string): void {
  state.previews.get(id)?.stage.close();
  state.previews.delete(id);
}

function matchOf(pending: PendingImport, index: number): Match | null {
  const reason = pending.reasons[index] ?? 0;
  if (reason === 0) return null;
  const target = pending.targets[index]!;
  return {
    by: REASON_CODES[reason - 1]!,
    target:
      target >= 0
        ? { kind: 'file', index: target, line: pending.lines[target]! }
        : { kind: 'existing', ...pending.existing[-1 - target]! },
  };
}

/**
 * Drops every preview not being written (the review they were made for was closed, or the app is
 * closing): their staged records go with them.
 */
export function releasePreviews(state: ImportState): void {
  for (const [id, pending] of state.previews) if (!pending.committing) release(state, id);
}

/** The previews waiting to be committed and the imports running, per backend (kept on the Backend). */
export interface ImportState {
  previews: Map<string, PendingImport>;
  running: Map<string, AbortController>;
}

const stateOf = (ctx: RequestContext): ImportState => ctx.backend.imports;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function cancelled(): CaliperError {
  return new CaliperError('cancelled', 'The import was cancelled; nothing was written.');
}

/** Registers a cancellable run under `id`, linked to the caller's own signal when there is one. */
function startRun(ctx: RequestContext, id: string, signal?: AbortSignal): { signal: AbortSignal; end: () => void } {
  const state = stateOf(ctx);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) controller.abort();
  state.running.set(id, controller);
  return {
    signal: controller.signal,
    end: () => {
      signal?.removeEventListener('abort', onAbort);
      if (state.running.get(id) === controller) state.running.delete(id);
    },
  };
}

/** Duplicate keys of a record: DOI, PMID, and normalised title with year. */
function keysOf(record: { doi: string | null; pmid: string | null; title: string; year: number | null }) {
  const title = titleKey(record.title);
  return {
    doi: record.doi ? doiKey(record.doi) : null,
    pmid: record.pmid ? record.pmid.replace(/^0+/, '') : null,
    // Joined, not a template: a flat string, where a template leaves a rope of its parts.
    titleYear: title ? [title, record.year ?? ''].join('|') : null,
  };
}

/**
 * Duplicate keys to the record or study that has them, as numbers (a record's index in the file,
 * or -1 - k for the review's k-th study): the keys are all a preview keeps of each record.
 */
class DuplicateIndex {
  private byDoi = new Map<string, number>();
  private byPmid = new Map<string, number>();
  private byTitleYear = new Map<string, number>();
  readonly existing: { studyId: string; label: string }[] = [];

  add(record: { doi: string | null; pmid: string | null; title: string; year: number | null }, target: number): void {
    const keys = keysOf(record);
    if (keys.doi && !this.byDoi.has(keys.doi)) this.byDoi.set(keys.doi, target);
    if (keys.pmid && !this.byPmid.has(keys.pmid)) this.byPmid.set(keys.pmid, target);
    if (keys.titleYear && !this.byTitleYear.has(keys.titleYear)) this.byTitleYear.set(keys.titleYear, target);
  }

  addExisting(
    record: { doi: string | null; pmid: string | null; title: string; year: number | null },
    study: { studyId: string; label: string },
  ): void {
    this.existing.push(study);
    this.add(record, -this.existing.length);
  }

  /** The reason (1 + its index in REASON_CODES) and target of a record's match, or null. */
  find(record: ImportedRecord): [number, number] | null {
    const keys = keysOf(record);
    const doi = keys.doi ? this.byDoi.get(keys.doi) : undefined;
    if (doi !== undefined) return [1, doi];
    const pmid = keys.pmid ? this.byPmid.get(keys.pmid) : undefined;
    if (pmid !== undefined) return [2, pmid];
    const titleYear = keys.titleYear ? this.byTitleYear.get(keys.titleYear) : undefined;
    if (titleYear !== undefined) return [3, titleYear];
    return null;
  }
}

function existingIndex(ctx: RequestContext): DuplicateIndex {
  const { db } = ctx.requireReview();
  const index = new DuplicateIndex();
  const rows = prepared(
    db,
    `SELECT r.study_id, s.label, r.doi, r.pmid, r.title, r.year FROM reports r JOIN studies s ON s.id = r.study_id
       ORDER BY r.is_primary DESC, r.created_at`,
  ).iterate() as IterableIterator<{
    study_id: string;
    label: string;
    doi: string | null;
    pmid: string | null;
    title: string;
    year: number | null;
  }>;
  // Row by row: a review of 100,000 reports is not read into one array first.
  for (const row of rows) index.addExisting(row, { studyId: row.study_id, label: row.label });
  return index;
}

/** Changes whenever a report is added or removed. */
function reportsSnapshot(ctx: RequestContext): string {
  const row = prepared(
    ctx.requireReview().db,
    'SELECT count(*) AS n, coalesce(max(rowid), 0) AS m FROM reports',
  ).get() as {
    n: number;
    m: number;
  };
  return `${row.n}:${row.m}`;
}

function summary(record: ImportedRecord, index: number): ImportRecordSummary {
  return {
    index,
    line: record.line,
    kind: record.kind,
    title: record.title,
    authors: record.authors,
    year: record.year,
    journal: record.journal,
    doi: record.doi,
    pmid: record.pmid,
  };
}

function emitProgress(ctx: RequestContext, progress: ImportProgress): void {
  ctx.events.emit('import:progress', progress);
}

export interface PreviewRequest {
  fileName: string;
  /** The file's bytes, or (from the command line) its path: then the reading thread reads it. */
  bytes?: Uint8Array | undefined;
  filePath?: string | undefined;
  fileSize?: number | undefined;
  format?: ReferenceFormatName | undefined;
  columnMapping?: Partial<Record<CsvColumnField, string>> | undefined;
}

/** Reads a reference file and says what importing it would do. Writes nothing. */
export async function previewImport(
  ctx: RequestContext,
  request: PreviewRequest,
  options: { signal?: AbortSignal } = {},
): Promise<ImportPreview> {
  const review = ctx.requireReview();
  if (request.bytes && request.bytes.length > MAX_REFERENCE_CONTENT_BYTES) {
    throw new CaliperError(
      'validation',
      `${request.fileName} is ${formatMegabytes(request.bytes.length)}; the limit for a reference file opened in the app is ${formatMegabytes(MAX_REFERENCE_CONTENT_BYTES)}.`,
    );
  }
  const id = randomUUID();
  const run = startRun(ctx, id, options.signal);
  // The records wait on disk until the commit (a small file's, read here, in memory); only their
  // duplicate keys and matches stay on the heap.
  let stage: RecordStage | null = new RecordStage({
    onDisk: (request.bytes?.length ?? request.fileSize ?? 0) > IN_THREAD_MAX_BYTES,
  });
  try {
    const size = request.bytes?.length ?? 0;
    emitProgress(ctx, { previewId: id, phase: 'reading', done: 0, total: size });
    await nextTurn();
    if (run.signal.aborted) throw cancelled();
    // Duplicates are found as the records arrive, against the review as it is now and the file's
    // earlier records.
    const snapshot = reportsSnapshot(ctx);
    const index = existingIndex(ctx);
    const lines: number[] = [];
    const reasons: number[] = [];
    const targets: number[] = [];
    let newCount = 0;
    const take = (first: number, records: ImportedRecord[]) => {
      records.forEach((record, k) => {
        const i = first + k;
        const match = index.find(record);
        lines.push(record.line);
        reasons.push(match ? match[0] : 0);
        targets.push(match ? match[1] : 0);
        if (!match) newCount++;
        // Later records that repeat this one point at the same study: an existing one, or this record's new one.
        index.add(record, match ? match[1] : i);
      });
      stage!.put(first, records);
    };
    // Parsing runs in a worker thread: a large or hostile file never blocks the app, and a cancel
    // stops the thread at once.
    let read: Awaited<ReturnType<typeof readReferencesOffThread>>;
    try {
      read = await readReferencesOffThread(
        {
          size: request.bytes?.length ?? request.fileSize ?? 0,
          fileName: request.fileName,
          bytes: request.bytes,
          filePath: request.filePath,
          format: request.format,
          mapping: request.columnMapping,
        },
        {
          signal: run.signal,
          onRecords: (done, total) => emitProgress(ctx, { previewId: id, phase: 'reading', done, total }),
          takeRecords: take,
        },
      );
    } catch (error) {
      if (error instanceof ReadCancelled) throw cancelled();
      throw error;
    }
    if (run.signal.aborted) throw cancelled();
    const total = lines.length;
    emitProgress(ctx, { previewId: id, phase: 'checking', done: total, total });
    // A file read without finding a single record (an empty file, a PDF saved as .ris) is refused,
    // not "imported" with nothing in it.
    if (total === 0 && read.errors.length === 0) {
      read.errors.push({
        line: 1,
        message: `the file holds no references (read as ${read.format ?? 'no known format'}); is it a reference manager's export?`,
      });
    }

    const pending: PendingImport = {
      id,
      reviewPath: review.info.path,
      reportsSnapshot: snapshot,
      fileName: request.fileName,
      format: read.format,
      total,
      lines,
      reasons,
      targets,
      existing: index.existing,
      newCount,
      errors: read.errors,
      notes: read.notes,
      stage,
      committing: false,
    };
    const state = stateOf(ctx);
    // A new preview replaces the earlier ones (one import dialog at a time): their records are
    // released, and committing one answers "preview the file again".
    for (const [oldId, old] of state.previews) if (!old.committing) release(state, oldId);
    state.previews.set(id, pending);
    stage = null;
    return describe(pending, read.encoding, read.csv);
  } finally {
    // Still set when the preview failed or was cancelled: nothing will read the records.
    stage?.close();
    run.end();
  }
}

/**
 * Up to `limit` indexes of new records (or of duplicates) from the `offset`-th on. The first call
 * goes through the records once to list both kinds (4 bytes a record); every page after reads its
 * slice of that list, so paging through a whole file costs one pass, not one per page.
 */
function indexesOf(pending: PendingImport, list: 'new' | 'duplicates', offset: number, limit: number): number[] {
  if (!pending.positions) {
    const positions = {
      new: new Int32Array(pending.newCount),
      duplicates: new Int32Array(pending.total - pending.newCount),
    };
    let news = 0;
    let duplicates = 0;
    for (let i = 0; i < pending.total; i++) {
      if (pending.reasons[i] === 0) positions.new[news++] = i;
      else positions.duplicates[duplicates++] = i;
    }
    pending.positions = positions;
  }
  return Array.from(pending.positions[list].subarray(offset, offset + limit));
}

function newRecordsAt(pending: PendingImport, indexes: number[]): ImportRecordSummary[] {
  const records = pending.stage.get(indexes);
  return indexes.map((index, k) => summary(records[k]!, index));
}

function duplicatesAt(pending: PendingImport, indexes: number[]): ImportDuplicate[] {
  const records = pending.stage.get(indexes);
  return indexes.map((index, k) => {
    const match = matchOf(pending, index)!;
    return {
      record: summary(records[k]!, index),
      by: match.by,
      existing: match.target.kind === 'existing' ? { studyId: match.target.studyId, label: match.target.label } : null,
      sameAs: match.target.kind === 'file' ? { index: match.target.index, line: match.target.line } : null,
    };
  });
}

function describe(pending: PendingImport, encoding: string, csv: ImportPreview['csv']): ImportPreview {
  return {
    previewId: pending.id,
    fileName: pending.fileName,
    format: pending.format,
    encoding,
    counts: {
      records: pending.total + pending.errors.length,
      new: pending.newCount,
      duplicates: pending.total - pending.newCount,
      bad: pending.errors.length,
    },
    newRecords: newRecordsAt(pending, indexesOf(pending, 'new', 0, PREVIEW_WINDOW)),
    duplicates: duplicatesAt(pending, indexesOf(pending, 'duplicates', 0, PREVIEW_WINDOW)),
    bad: pending.errors.map((e) => ({ line: e.line, reason: e.message })),
    ...(pending.notes.length > 0 ? { notes: pending.notes.map((n) => ({ line: n.line, note: n.message })) } : {}),
    ...(csv ? { csv } : {}),
  };
}

/**
 * A page of a preview's new records or duplicates beyond the first PREVIEW_WINDOW the preview
 * answer lists: `limit` (at most PREVIEW_WINDOW) from the `offset`-th on, read from the stage.
 */
export function previewPage(
  ctx: RequestContext,
  request: { previewId: string; list: 'new' | 'duplicates'; offset: number; limit?: number | undefined },
): ImportPreviewPage {
  const review = ctx.requireReview();
  const pending = stateOf(ctx).previews.get(request.previewId);
  if (!pending || pending.reviewPath !== review.info.path) {
    throw new CaliperError(
      'not_found',
      'This import preview is no longer available (committed already, or for another review); preview the file again.',
    );
  }
  const limit = Math.min(request.limit ?? PREVIEW_WINDOW, PREVIEW_WINDOW);
  const indexes = indexesOf(pending, request.list, request.offset, limit);
  const total = request.list === 'new' ? pending.newCount : pending.total - pending.newCount;
  return request.list === 'new'
    ? { list: 'new', offset: request.offset, total, newRecords: newRecordsAt(pending, indexes), duplicates: [] }
    : { list: 'duplicates', offset: request.offset, total, newRecords: [], duplicates: duplicatesAt(pending, indexes) };
}

export interface CommitRequest {
  previewId: string;
  /** What to do with a duplicate that has no decision of its own. */
  onDuplicate?: DuplicateAction | undefined;
  decisions?: { index: number; action: DuplicateAction }[] | undefined;
}

/** Writes a previewed import in one transaction; returns what was done. */
export async function commitImport(
  ctx: RequestContext,
  request: CommitRequest,
  options: { signal?: AbortSignal } = {},
): Promise<ImportSummary> {
  const review = ctx.requireReview();
  const state = stateOf(ctx);
  const pending = state.previews.get(request.previewId);
  if (!pending || pending.reviewPath !== review.info.path) {
    throw new CaliperError(
      'not_found',
      'This import preview is no longer available (committed already, or for another review); preview the file again.',
    );
  }
  const decisions = new Map<number, DuplicateAction>();
  for (const decision of request.decisions ?? []) {
    if (!pending.reasons[decision.index]) {
      throw new CaliperError(
        'validation',
        `Record ${decision.index} of the preview is not a duplicate; only duplicates take a decision.`,
      );
    }
    decisions.set(decision.index, decision.action);
  }
  if (pending.committing) throw new CaliperError('exists', 'This import is already being written.');
  pending.committing = true;
  const run = startRun(ctx, pending.id, options.signal);
  try {
    const total = pending.total;
    emitProgress(ctx, { previewId: pending.id, phase: 'writing', done: 0, total });
    // One turn of the event loop before writing, so a cancel sent with the commit is seen.
    await nextTurn();
    if (run.signal.aborted) throw cancelled();
    if (ctx.review?.db !== review.db) {
      throw new CaliperError('no_review', 'The review was closed before the import was written; nothing was written.');
    }
    if (reportsSnapshot(ctx) !== pending.reportsSnapshot) {
      throw new CaliperError(
        'exists',
        'Studies were added to the review since this preview; preview the file again so its duplicates are found.',
      );
    }
    const result: ImportSummary = { imported: 0, merged: 0, skipped: 0, bad: pending.errors.length };
    const { db } = review;
    // Staged records are read in one pass, in record order, as they are written.
    const staged = pending.stage.inOrder();
    try {
      writeTransaction(db, review.reviewerId, (audit, now) => {
        const write = importWriter(db, now);
        const studyOf = new Map<number, string>();
        const added: { studies: [string, string][]; merged: [string, string][]; abstracts: number } = {
          studies: [],
          merged: [],
          abstracts: 0,
        };
        for (let i = 0; i < total; i++) {
          if (i > 0 && i % CHUNK === 0) {
            emitProgress(ctx, { previewId: pending.id, phase: 'writing', done: i, total });
            if (run.signal.aborted) throw cancelled();
          }
          const json = staged.next();
          const reason = pending.reasons[i]!;
          if (reason === 0) {
            const record = JSON.parse(json) as ImportedRecord;
            const studyId = write.study(record);
            const reportId = write.report(studyId, record, true, record.abstract);
            if (write.lastAbstractWasNew) added.abstracts++;
            studyOf.set(i, studyId);
            added.studies.push([studyId, reportId]);
            result.imported++;
            continue;
          }
          const action = decisions.get(i) ?? request.onDuplicate ?? 'skip';
          if (action === 'skip') {
            result.skipped++;
            continue;
          }
          const target = pending.targets[i]!;
          const studyId = target >= 0 ? studyOf.get(target)! : pending.existing[-1 - target]!.studyId;
          const record = JSON.parse(json) as ImportedRecord;
          const reportId = write.report(studyId, record, false, record.abstract);
          if (write.lastAbstractWasNew) added.abstracts++;
          write.touch(studyId);
          added.merged.push([studyId, reportId]);
          result.merged++;
        }
        if (added.studies.length + added.merged.length > 0) {
          // One audit row per import: which studies and reports it added (the records themselves are in
          // the reports table), instead of a copy of every citation.
          audit({
            entity: 'import',
            entityId: pending.id,
            action: 'create',
            after: {
              file: pending.fileName,
              format: pending.format,
              studies: added.studies,
              merged: added.merged,
              abstracts: added.abstracts,
              skipped: result.skipped,
              bad: result.bad,
            },
          });
        }
        emitProgress(ctx, { previewId: pending.id, phase: 'writing', done: total, total });
      });
    } finally {
      staged.done();
    }
    release(state, pending.id);
    if (result.imported + result.merged > 0) ctx.events.emit('studies:changed', { reason: 'added' });
    return result;
  } finally {
    pending.committing = false;
    run.end();
  }
}

/**
 * Writes imported records with three rows each (study, report, abstract document) and no
 * per-row audit: the commit writes one audit row for the whole import. Same columns and rules as
 * insertStudy/insertReport (db/repositories/studies.ts), with the statements prepared once.
 */
function importWriter(db: Database.Database, now: string) {
  const study = prepared(db, 'INSERT INTO studies (id, label, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const document = prepared(
    db,
    `INSERT INTO documents (sha256, kind, media_type, bytes, content, created_at) VALUES (?, 'abstract', ?, ?, ?, ?)
       ON CONFLICT (sha256) DO NOTHING`,
  );
  const report = prepared(
    db,
    `INSERT INTO reports (id, study_id, kind, title, authors, first_author, year, journal, volume, issue, pages, doi,
       pmid, url, keywords, abstract_sha256, is_primary, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const touch = prepared(db, 'UPDATE studies SET updated_at = ? WHERE id = ?');
  const writer = {
    lastAbstractWasNew: false,
    study(record: ImportedRecord): string {
      const id = newRowId();
      study.run(id, studyLabel(record.authors, record.year, record.title), now, now);
      return id;
    },
    report(studyId: string, record: ImportedRecord, isPrimary: boolean, abstract: string | null): string {
      const id = newRowId();
      let sha: string | null = null;
      writer.lastAbstractWasNew = false;
      if (abstract && abstract.trim().length > 0) {
        const content = Buffer.from(abstract, 'utf8');
        sha = sha256Hex(content);
        writer.lastAbstractWasNew =
          document.run(sha, 'text/plain; charset=utf-8', content.length, content, now).changes > 0;
      }
      report.run(
        id,
        studyId,
        record.kind,
        record.title,
        JSON.stringify(record.authors),
        record.authors[0] ? surnameOf(record.authors[0]) : null,
        record.year,
        record.journal,
        record.volume,
        record.issue,
        record.pages,
        record.doi,
        record.pmid,
        record.url,
        JSON.stringify(record.keywords),
        sha,
        isPrimary ? 1 : 0,
        now,
      );
      return id;
    },
    touch(studyId: string): void {
      touch.run(now, studyId);
    },
  };
  return writer;
}

/**
 * Cancels a running preview or commit, or every running one without an id. Given the id of a
 * preview that is not running, releases it (its records are dropped).
 */
export function cancelImport(ctx: RequestContext, request: { previewId?: string | undefined }): { cancelled: number } {
  const state = stateOf(ctx);
  // A preview that is not being written is released: the reviewer closed the dialog.
  if (request.previewId && !state.running.has(request.previewId)) {
    const pending = state.previews.get(request.previewId);
    if (pending && !pending.committing) release(state, request.previewId);
  }
  let count = 0;
  for (const [id, controller] of state.running) {
    if (request.previewId && request.previewId !== id) continue;
    if (!controller.signal.aborted) {
      controller.abort();
      count++;
    }
  }
  return { cancelled: count };
}

/** The contract's preview: the file arrives as bytes or as base64 (validated by the router). */
export function previewImportRequest(
  ctx: RequestContext,
  request: {
    fileName: string;
    content?: Uint8Array | undefined;
    contentBase64?: string | undefined;
    format?: ReferenceFormatName | undefined;
    columnMapping?: Partial<Record<CsvColumnField, string>> | undefined;
  },
): Promise<ImportPreview> {
  return previewImport(ctx, {
    fileName: request.fileName,
    bytes: request.content ?? Buffer.from(request.contentBase64 ?? '', 'base64'),
    format: request.format,
    columnMapping: request.columnMapping,
  });
}

export interface FileImportResult extends ImportSummary {
  /** Likely duplicates found (merged or skipped). */
  duplicates: number;
  /** `line` is null for a problem with the whole file (unreadable, too large). */
  errors: { file: string; line: number | null; message: string }[];
  /** What was imported with a change (a field left out) or ignored (lines outside records). */
  notes: { file: string; line: number; message: string }[];
}

/** What `caliper import` calls: preview then commit one file, every duplicate merged or skipped. */
export async function importReferenceFile(
  ctx: RequestContext,
  filePath: string,
  options: {
    onDuplicate: DuplicateAction;
    signal?: AbortSignal;
    format?: ReferenceFormatName | undefined;
    columnMapping?: Partial<Record<CsvColumnField, string>> | undefined;
  },
): Promise<FileImportResult> {
  const file = path.basename(filePath);
  const empty = { imported: 0, merged: 0, skipped: 0, bad: 0, duplicates: 0, notes: [] };
  let size: number;
  try {
    size = (await stat(filePath)).size;
    if (size > MAX_REFERENCE_FILE_BYTES) {
      return {
        ...empty,
        errors: [
          {
            file: filePath,
            line: null,
            message: `the file is ${formatMegabytes(size)}; the limit for a reference file is ${formatMegabytes(MAX_REFERENCE_FILE_BYTES)}`,
          },
        ],
      };
    }
    await access(filePath, constants.R_OK);
  } catch (error) {
    return {
      ...empty,
      errors: [{ file: filePath, line: null, message: `cannot read the file: ${(error as Error).message}` }],
    };
  }
  const signal = options.signal ? { signal: options.signal } : {};
  const preview = await previewImport(
    ctx,
    { fileName: file, filePath, fileSize: size, format: options.format, columnMapping: options.columnMapping },
    signal,
  );
  const committed = await commitImport(ctx, { previewId: preview.previewId, onDuplicate: options.onDuplicate }, signal);
  return {
    ...committed,
    duplicates: preview.counts.duplicates,
    errors: preview.bad.map((b) => ({ file: filePath, line: b.line, message: b.reason })),
    notes: (preview.notes ?? []).map((n) => ({ file: filePath, line: n.line, message: n.note })),
  };
}
