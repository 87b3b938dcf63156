// PDFs: import one into the open review (checked and read before anything is written, then stored in
// one transaction with its audit rows), give the reader its bytes and page texts, and match a PDF to
// the studies it may belong to for folder import. A PDF is stored once per content (SHA-256) however
// many studies hold it. Layer: electron/backend.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { anchorIn, describeSelection } from '../../../shared/anchor/selector';
import { unusablePages, unusablePagesNote } from '../../../shared/anchor/textQuality';
import { CaliperError } from '../../../shared/contract/result';
import type { PdfDocument, PdfImportResult, PdfMatchResult, PdfStudyMatch } from '../../../shared/model/types';
import type { RequestContext } from '../context';
import { writeTransaction, type Audit } from '../db/repositories/audit';
import { listHighlightRows, moveHighlight, studyHasDocument } from '../db/repositories/highlights';
import {
  attachDocument,
  detachDocument,
  getPageTexts as pageTextsOf,
  getPdfDocument,
  insertPdfFacts,
  listMatchCandidates,
  primaryReportId,
  studiesHolding,
  studyExists,
} from '../db/repositories/documents';
import { getStudyRow, insertStudy, putDocument, sha256Hex } from '../db/repositories/studies';
import { checkPdfSize, readPdf, type PdfInfo } from '../importers/pdf';
import { warmPdfBytes } from '../pdfBytes';

export interface ImportPdfInput {
  fileName: string;
  bytes: Uint8Array;
  /** Attach to this study; without it the PDF becomes a study of its own. */
  studyId?: string | undefined;
  password?: string | undefined;
  /** More writes for the same transaction, after the PDF is stored and attached (used by replacePdf). */
  alsoInTransaction?: ((audit: Audit, now: string, sha256: string) => void) | undefined;
}

async function readOnce(ctx: RequestContext, sha256: string, input: ImportPdfInput): Promise<PdfInfo> {
  // Only reads made without a password are kept, so a cached read never skips the encryption check.
  if (input.password !== undefined) {
    return readPdf(input.bytes, { fileName: input.fileName, password: input.password });
  }
  const cached = ctx.backend.recentPdfReads.get(sha256);
  if (cached) return cached;
  const info = await readPdf(input.bytes, { fileName: input.fileName });
  ctx.backend.recentPdfReads.set(sha256, info);
  return info;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The file name without its folder or ".pdf": the title of last resort. */
function titleFromFileName(fileName: string): string {
  const base = path
    .basename(fileName)
    .replace(/\.pdf$/i, '')
    .replace(/[_]+/g, ' ')
    .trim();
  return base.length > 0 ? base : fileName;
}

/**
 * Imports one PDF. Everything that can be wrong with the file is found before the review is touched;
 * then the document, its pages, the study (when new) and the link are written in one transaction.
 * Importing a PDF the review already holds, without naming a study, changes nothing and answers
 * with the study that holds it (attached: false).
 */
export async function importPdf(ctx: RequestContext, input: ImportPdfInput): Promise<PdfImportResult> {
  const review = ctx.requireReview();
  checkPdfSize(input.fileName, input.bytes.length);
  if (input.studyId !== undefined && !studyExists(review.db, input.studyId)) {
    throw new CaliperError('not_found', `No study with id ${input.studyId} in this review.`);
  }
  const content = toBuffer(input.bytes);
  const sha256 = sha256Hex(content);
  const known = getPdfDocument(review.db, sha256);
  // A PDF already in the review was read when it came in; read it again only if it never was.
  const info: Pick<PdfInfo, 'title' | 'doi'> | PdfInfo = known ?? (await readOnce(ctx, sha256, input));
  // The review may have changed (or closed) while the file was read.
  const current = ctx.requireReview();
  if (current.db !== review.db)
    throw new CaliperError('no_review', 'The review was closed while the PDF was being read.');

  const outcome = writeTransaction(review.db, review.reviewerId, (audit, now) => {
    if (input.studyId !== undefined && !studyExists(review.db, input.studyId)) {
      throw new CaliperError('not_found', `No study with id ${input.studyId} in this review.`);
    }
    const existed = getPdfDocument(review.db, sha256) !== null;
    putDocument(review.db, audit, now, { kind: 'pdf', mediaType: 'application/pdf', content });
    if (!existed) {
      if (!('pages' in info)) throw new Error('PDF facts missing for a new document');
      insertPdfFacts(review.db, audit, sha256, info);
    }
    // Without a study named, a PDF the review already holds stays with the study that holds it.
    let studyId = input.studyId ?? (existed ? studiesHolding(review.db, sha256)[0] : undefined);
    const createdStudy = studyId === undefined;
    if (studyId === undefined) {
      studyId = insertStudy(review.db, audit, now, {
        title: info.title ?? titleFromFileName(input.fileName),
        authors: [],
        year: null,
        journal: null,
        abstract: '',
        doi: info.doi,
      });
    }
    const attached = attachDocument(review.db, audit, now, {
      studyId,
      sha256,
      reportId: primaryReportId(review.db, studyId),
      fileName: path.basename(input.fileName),
    });
    input.alsoInTransaction?.(audit, now, sha256);
    return { studyId, createdStudy, storedNew: !existed, attached };
  });
  ctx.backend.recentPdfReads.delete(sha256);
  if (outcome.attached)
    ctx.events.emit('studies:changed', {
      reason: outcome.createdStudy ? 'added' : 'updated',
      studyIds: [outcome.studyId],
    });
  return {
    study: getStudyRow(review.db, review.reviewerId, outcome.studyId)!,
    document: getPdfDocument(review.db, sha256)!,
    fileName: path.basename(input.fileName),
    createdStudy: outcome.createdStudy,
    storedNew: outcome.storedNew,
    attached: outcome.attached,
    ...textReport(review.db, sha256, info),
  };
}

/** Pages without usable text and the notes for the reviewer: from the read, or from the stored pages. */
function textReport(
  db: Database.Database,
  sha256: string,
  info: Pick<PdfInfo, 'title' | 'doi'> | PdfInfo,
): { unusablePages: number[]; notes: string[] } {
  if ('notes' in info) return { unusablePages: info.unusablePages, notes: info.notes };
  const pages = pageTextsOf(db, sha256);
  const unusable = unusablePages(pages);
  const note = unusablePagesNote(unusable, pages.length);
  return { unusablePages: unusable, notes: note ? [note] : [] };
}

/**
 * A PDF file's name and bytes, read from disk for the command line, which then imports them through
 * the router's `document:importPdf` like any caller. Refuses a file over the limit by its size, without
 * reading it, and names the file when it cannot be read.
 */
export async function readPdfFile(filePath: string): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
  const fileName = path.basename(filePath);
  let size: number;
  try {
    const stats = await stat(filePath);
    if (!stats.isFile()) throw new CaliperError('validation', `${filePath} is not a file.`);
    size = stats.size;
  } catch (error) {
    if (error instanceof CaliperError) throw error;
    throw new CaliperError('io', `Cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  checkPdfSize(fileName, size);
  try {
    return { fileName, bytes: await readFile(filePath) };
  } catch (error) {
    throw new CaliperError('io', `Cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

function requirePdf(ctx: RequestContext, sha256: string): PdfDocument {
  const document = getPdfDocument(ctx.requireReview().db, sha256);
  if (!document) throw new CaliperError('not_found', `No PDF with SHA-256 ${sha256} in this review.`);
  return document;
}

/** The page texts stored at import (pages[i] is page i + 1). */
export function getPageTexts(ctx: RequestContext, sha256: string): string[] {
  requirePdf(ctx, sha256);
  return pageTextsOf(ctx.requireReview().db, sha256);
}

/** Lower case, accents and punctuation dropped, ligatures and spaces folded: titles compared as words. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const compact = text.replace(/ /g, '');
  for (let i = 0; i < compact.length - 1; i++) {
    const pair = compact.slice(i, i + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Sørensen–Dice coefficient over character bigrams of the normalised titles (0..1). */
export function titleSimilarity(a: string, b: string): number {
  const x = normaliseTitle(a);
  const y = normaliseTitle(b);
  if (x.length === 0 || y.length === 0) return 0;
  if (x === y) return 1;
  const bx = bigrams(x);
  const by = bigrams(y);
  let shared = 0;
  for (const [pair, n] of bx) shared += Math.min(n, by.get(pair) ?? 0);
  const total = [...bx.values(), ...by.values()].reduce((s, n) => s + n, 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

const MIN_TITLE_SCORE = 0.6;

/** Studies a PDF may belong to: same DOI first (case-insensitive), then titles by similarity. */
export function matchPdfToStudies(
  ctx: RequestContext,
  pdf: { title: string | null; doi: string | null },
): PdfStudyMatch[] {
  const candidates = listMatchCandidates(ctx.requireReview().db);
  const best = new Map<string, PdfStudyMatch>();
  const offer = (match: PdfStudyMatch) => {
    const previous = best.get(match.studyId);
    if (
      !previous ||
      (match.by === 'doi' && previous.by !== 'doi') ||
      (match.by === previous.by && match.score > previous.score)
    ) {
      best.set(match.studyId, match);
    }
  };
  const doi = pdf.doi?.toLowerCase() ?? null;
  for (const c of candidates) {
    if (doi && c.doi && c.doi.toLowerCase() === doi) {
      offer({ studyId: c.studyId, label: c.label, title: c.title, by: 'doi', score: 1 });
    } else if (pdf.title) {
      const score = titleSimilarity(pdf.title, c.title);
      if (score >= MIN_TITLE_SCORE) {
        offer({ studyId: c.studyId, label: c.label, title: c.title, by: 'title', score: Number(score.toFixed(3)) });
      }
    }
  }
  return [...best.values()].sort(
    (a, b) => Number(b.by === 'doi') - Number(a.by === 'doi') || b.score - a.score || a.label.localeCompare(b.label),
  );
}

/**
 * Replaces a study's PDF with a new version, in one transaction: the new PDF is stored and attached,
 * each highlight on the old one is anchored in the new text (its page first, then the others) and
 * moved there, and the old PDF is detached from the study (its bytes stay in the file). Highlights
 * whose text is not in the new version stay on the old one and are listed as orphaned.
 */
export async function replacePdf(
  ctx: RequestContext,
  input: { studyId: string; oldSha256: string; fileName: string; bytes: Uint8Array; password?: string | undefined },
): Promise<PdfImportResult & { movedHighlights: number; orphanedHighlights: number }> {
  const { db, reviewerId } = ctx.requireReview();
  if (studyHasDocument(db, input.studyId, input.oldSha256)?.kind !== 'pdf') {
    throw new CaliperError('not_found', 'The PDF to replace is not attached to this study.');
  }
  if (sha256Hex(input.bytes) === input.oldSha256) {
    throw new CaliperError(
      'validation',
      `${path.basename(input.fileName)} is the same PDF as the one it would replace.`,
    );
  }
  let moved = 0;
  let orphaned = 0;
  const result = await importPdf(ctx, {
    fileName: input.fileName,
    bytes: input.bytes,
    studyId: input.studyId,
    password: input.password,
    alsoInTransaction: (audit, _now, newSha) => {
      const pages = pageTextsOf(db, newSha);
      for (const row of listHighlightRows(db, input.studyId).filter((h) => h.document_sha256 === input.oldSha256)) {
        const anchor = {
          exact: row.exact,
          prefix: row.prefix,
          suffix: row.suffix,
          start: row.start_offset,
          end: row.end_offset,
        };
        const order = pages.map((_, i) => i + 1).sort((a, b) => Number(b === row.page) - Number(a === row.page));
        const found = order
          .map((page) => ({ page, match: anchorIn(pages[page - 1]!, anchor) }))
          .filter((c) => c.match !== null)
          .sort(
            (a, b) => b.match!.score - a.match!.score || Number(b.page === row.page) - Number(a.page === row.page),
          )[0];
        // Counts are of this reviewer's highlights only: another's would reveal their work.
        const mine = row.reviewer_id === null || row.reviewer_id === reviewerId;
        if (!found) {
          if (mine) orphaned++;
          continue;
        }
        const anchorThere = describeSelection(pages[found.page - 1]!, found.match!.start, found.match!.end);
        moveHighlight(db, row.id, newSha, found.page, anchorThere);
        audit({
          entity: 'highlight',
          entityId: row.id,
          action: 'update',
          field: 'document',
          before: { document: input.oldSha256, page: row.page, start: row.start_offset, end: row.end_offset },
          after: {
            document: newSha,
            page: found.page,
            start: anchorThere.start,
            end: anchorThere.end,
            exact: anchorThere.exact,
          },
        });
        if (mine) moved++;
      }
      detachDocument(db, input.studyId, input.oldSha256);
      audit({
        entity: 'study_document',
        entityId: `${input.studyId}:${input.oldSha256}`,
        action: 'delete',
        before: { replacedBy: newSha },
      });
    },
  });
  return { ...result, movedHighlights: moved, orphanedHighlights: orphaned };
}

// ---- Channel handlers -------------------------------------------------------------------------

/** The PDF of an upload: its bytes, or its base64 decoded. */
function uploadBytes(request: { content?: Uint8Array | undefined; contentBase64?: string | undefined }): Uint8Array {
  return request.content ?? Buffer.from(request.contentBase64 ?? '', 'base64');
}

type PdfUpload = {
  fileName: string;
  content?: Uint8Array | undefined;
  contentBase64?: string | undefined;
  password?: string | undefined;
};

export function documentImportPdf(
  ctx: RequestContext,
  request: PdfUpload & { studyId?: string | undefined },
): Promise<PdfImportResult> {
  return importPdf(ctx, {
    fileName: request.fileName,
    bytes: uploadBytes(request),
    studyId: request.studyId,
    password: request.password,
  });
}

export function documentReplacePdf(
  ctx: RequestContext,
  request: PdfUpload & { studyId: string; oldSha256: string },
): ReturnType<typeof replacePdf> {
  return replacePdf(ctx, {
    studyId: request.studyId,
    oldSha256: request.oldSha256,
    fileName: request.fileName,
    bytes: uploadBytes(request),
    password: request.password,
  });
}

/** Where the reader fetches a stored PDF's bytes: the web host's route, or the app:// protocol's. */
export function pdfUrl(ctx: RequestContext, sha256: string): string {
  return ctx.backend.host === 'web' ? `/api/pdf/${sha256}` : `app://caliper/pdf/${sha256}`;
}

export function documentGet(
  ctx: RequestContext,
  request: { sha256: string },
): PdfDocument & { url: string; unusablePages: number[] } {
  const document = requirePdf(ctx, request.sha256);
  const pages = pageTextsOf(ctx.requireReview().db, request.sha256);
  warmPdfBytes(ctx.backend, request.sha256);
  return { ...document, url: pdfUrl(ctx, request.sha256), unusablePages: unusablePages(pages) };
}

export function documentPages(ctx: RequestContext, request: { sha256: string }): { sha256: string; pages: string[] } {
  return { sha256: request.sha256, pages: getPageTexts(ctx, request.sha256) };
}

export async function documentMatchPdf(ctx: RequestContext, request: PdfUpload): Promise<PdfMatchResult> {
  const review = ctx.requireReview();
  const bytes = uploadBytes(request);
  checkPdfSize(request.fileName, bytes.length);
  const sha256 = sha256Hex(bytes);
  const known = getPdfDocument(review.db, sha256);
  const info =
    known ?? (await readOnce(ctx, sha256, { fileName: request.fileName, bytes, password: request.password }));
  const alreadyIn = studiesHolding(review.db, sha256);
  return {
    sha256,
    fileName: path.basename(request.fileName),
    title: info.title,
    doi: info.doi,
    pageCount: info.pageCount,
    matches: matchPdfToStudies(ctx, info),
    alreadyIn,
  };
}
