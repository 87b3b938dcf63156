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
import { MAX_REFERENCE_FILE_BYTES } from '../../../shared/contract/sources';
import type {
  CsvColumnField,
  DuplicateAction,
  DuplicateReason,
  ImportDuplicate,
  ImportPreview,
  ImportProgress,
  ImportRecordSummary,
  ImportSummary,
  ReferenceFormatName,
} from '../../../shared/model/imports';
import type { RequestContext } from '../context';
import { writeTransaction } from '../db/repositories/audit';
import { sha256Hex, studyLabel, surnameOf } from '../db/repositories/studies';
import { prepared } from '../db/statements';
import type { ImportedRecord, ParseError, ParseNote } from '../importers';
import { IN_THREAD_MAX_BYTES, ReadCancelled, readReferencesOffThread } from '../importers/thread';
import { AbstractStage } from './abstractStage';
import { doiKey, titleKey } from '../importers/record';
import { newRowId } from '../db/ids';

/**
 * A file read from disk (the command line) is not limited by the 100 MB a request may carry: the
 * reading thread reads it itself. The bound is what one JavaScript string can hold once decoded.
 */
const MAX_FILE_BYTES_FROM_DISK = 512 * 1024 * 1024;

/** Records handled between two yields to the event loop (where progress goes out and cancels come in). */
const CHUNK = 2_000;

type Target = { kind: 'existing'; studyId: string; label: string } | { kind: 'file'; index: number; line: number };

interface Match {
  by: DuplicateReason;
  target: Target;
}

interface PendingImport {
  id: string;
  reviewPath: string;
  /** The reports table when the preview was made: duplicates were found against exactly these. */
  reportsSnapshot: string;
  fileName: string;
  format: ReferenceFormatName | null;
  records: ImportedRecord[];
  matches: (Match | null)[];
  errors: ParseError[];
  notes: ParseNote[];
  /** Where the records' abstracts wait (records then hold `abstract: null`); null when they are held. */
  stage: AbstractStage | null;
  /** Set while a commit of this preview runs, so a second commit cannot write it twice. */
  committing: boolean;
}

/** Drops a preview: its records, and its staged abstracts. */
function release(state: ImportState, id: string): void {
  state.previews.get(id)?.stage?.close();
  state.previews.delete(id);
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
    titleYear: title ? `${title}|${record.year ?? ''}` : null,
  };
}

class DuplicateIndex {
  private byDoi = new Map<string, Target>();
  private byPmid = new Map<string, Target>();
  private byTitleYear = new Map<string, Target>();

  add(record: { doi: string | null; pmid: string | null; title: string; year: number | null }, target: Target): void {
    const keys = keysOf(record);
    if (keys.doi && !this.byDoi.has(keys.doi)) this.byDoi.set(keys.doi, target);
    if (keys.pmid && !this.byPmid.has(keys.pmid)) this.byPmid.set(keys.pmid, target);
    if (keys.titleYear && !this.byTitleYear.has(keys.titleYear)) this.byTitleYear.set(keys.titleYear, target);
  }

  find(record: ImportedRecord): Match | null {
    const keys = keysOf(record);
    const doi = keys.doi ? this.byDoi.get(keys.doi) : undefined;
    if (doi) return { by: 'doi', target: doi };
    const pmid = keys.pmid ? this.byPmid.get(keys.pmid) : undefined;
    if (pmid) return { by: 'pmid', target: pmid };
    const titleYear = keys.titleYear ? this.byTitleYear.get(keys.titleYear) : undefined;
    if (titleYear) return { by: 'title_year', target: titleYear };
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
  ).all() as {
    study_id: string;
    label: string;
    doi: string | null;
    pmid: string | null;
    title: string;
    year: number | null;
  }[];
  for (const row of rows) index.add(row, { kind: 'existing', studyId: row.study_id, label: row.label });
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
  if (request.bytes && request.bytes.length > MAX_REFERENCE_FILE_BYTES) {
    throw new CaliperError(
      'validation',
      `${request.fileName} is ${formatMegabytes(request.bytes.length)}; the limit for a reference file is ${formatMegabytes(MAX_REFERENCE_FILE_BYTES)}.`,
    );
  }
  const id = randomUUID();
  const run = startRun(ctx, id, options.signal);
  // A file read in a thread (over 1 MB) keeps its abstracts on disk until the commit.
  let stage: AbstractStage | null =
    (request.bytes?.length ?? request.fileSize ?? 0) > IN_THREAD_MAX_BYTES ? new AbstractStage() : null;
  try {
    const size = request.bytes?.length ?? 0;
    emitProgress(ctx, { previewId: id, phase: 'reading', done: 0, total: size });
    await nextTurn();
    if (run.signal.aborted) throw cancelled();
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
          ...(stage
            ? { stageAbstracts: (first: number, abstracts: (string | null)[]) => stage!.put(first, abstracts) }
            : {}),
        },
      );
    } catch (error) {
      if (error instanceof ReadCancelled) throw cancelled();
      throw error;
    }
    if (run.signal.aborted) throw cancelled();
    const total = read.records.length;
    emitProgress(ctx, { previewId: id, phase: 'checking', done: 0, total });
    const snapshot = reportsSnapshot(ctx);
    const index = existingIndex(ctx);
    const matches: (Match | null)[] = [];
    for (let i = 0; i < total; i++) {
      if (i > 0 && i % CHUNK === 0) {
        emitProgress(ctx, { previewId: id, phase: 'checking', done: i, total });
        await nextTurn();
        if (run.signal.aborted) throw cancelled();
      }
      const record = read.records[i]!;
      const match = index.find(record);
      matches.push(match);
      // Later records that repeat this one point at the same study: an existing one, or this record's new one.
      index.add(record, match ? match.target : { kind: 'file', index: i, line: record.line });
    }
    emitProgress(ctx, { previewId: id, phase: 'checking', done: total, total });
    if (run.signal.aborted) throw cancelled();

    const pending: PendingImport = {
      id,
      reviewPath: review.info.path,
      reportsSnapshot: snapshot,
      fileName: request.fileName,
      format: read.format,
      records: read.records,
      matches,
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
    // Still set when the preview failed or was cancelled: nothing will read the abstracts.
    stage?.close();
    run.end();
  }
}

function describe(pending: PendingImport, encoding: string, csv: ImportPreview['csv']): ImportPreview {
  const newRecords: ImportRecordSummary[] = [];
  const duplicates: ImportDuplicate[] = [];
  pending.records.forEach((record, i) => {
    const match = pending.matches[i];
    if (!match) newRecords.push(summary(record, i));
    else
      duplicates.push({
        record: summary(record, i),
        by: match.by,
        existing:
          match.target.kind === 'existing' ? { studyId: match.target.studyId, label: match.target.label } : null,
        sameAs: match.target.kind === 'file' ? { index: match.target.index, line: match.target.line } : null,
      });
  });
  return {
    previewId: pending.id,
    fileName: pending.fileName,
    format: pending.format,
    encoding,
    counts: {
      records: pending.records.length + pending.errors.length,
      new: newRecords.length,
      duplicates: duplicates.length,
      bad: pending.errors.length,
    },
    newRecords,
    duplicates,
    bad: pending.errors.map((e) => ({ line: e.line, reason: e.message })),
    ...(pending.notes.length > 0 ? { notes: pending.notes.map((n) => ({ line: n.line, note: n.message })) } : {}),
    ...(csv ? { csv } : {}),
  };
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
    if (!pending.matches[decision.index]) {
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
    const total = pending.records.length;
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
    // Staged abstracts are read in one pass, in record order, as the records are written.
    const staged = pending.stage?.inOrder();
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
          const record = pending.records[i]!;
          const match = pending.matches[i];
          if (!match) {
            const studyId = write.study(record);
            const reportId = write.report(studyId, record, true, record.abstract ?? staged?.at(i) ?? null);
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
          const studyId = match.target.kind === 'existing' ? match.target.studyId : studyOf.get(match.target.index)!;
          const reportId = write.report(studyId, record, false, record.abstract ?? staged?.at(i) ?? null);
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
      staged?.done();
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

/** The contract's preview: the file arrives as base64 (validated by the router). */
export function previewImportRequest(
  ctx: RequestContext,
  request: {
    fileName: string;
    contentBase64: string;
    format?: ReferenceFormatName | undefined;
    columnMapping?: Partial<Record<CsvColumnField, string>> | undefined;
  },
): Promise<ImportPreview> {
  return previewImport(ctx, {
    fileName: request.fileName,
    bytes: Buffer.from(request.contentBase64, 'base64'),
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
    if (size > MAX_FILE_BYTES_FROM_DISK) {
      return {
        ...empty,
        errors: [
          {
            file: filePath,
            line: null,
            message: `the file is ${formatMegabytes(size)}; the limit for a reference file read from disk is ${formatMegabytes(MAX_FILE_BYTES_FROM_DISK)}`,
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
