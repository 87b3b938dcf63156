// Review files: create, open, close, save a copy, recent files, the reviews folder, and the sample
// review a new user finds on first run. Layer: electron/backend.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CaliperError } from '../../../shared/contract/result';
import type { RecentReview, ReviewFileEntry, ReviewInfo } from '../../../shared/model/types';
import type { RequestContext } from '../context';
import { REVIEW_EXTENSION, closeReviewDb, createReviewDb, openReviewFile, type OpenedReviewFile } from '../db/open';
import { readReviewInfo, writeReviewMeta } from '../db/repositories/reviewMeta';
import { insertStudy } from '../db/repositories/studies';
import { writeTransaction } from '../db/repositories/audit';
import { addArm } from './extraction';
import { createForm, createMissingForm } from './forms';
import { seedSampleAnalyses } from './sampleAnalyses';
import { newRowId } from '../db/ids';

/** A file name from a review title: keeps letters, digits, spaces and a few marks. */
export function fileNameForTitle(title: string): string {
  const base = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
    .replace(/^\.+/, '');
  return `${base || 'Review'}${REVIEW_EXTENSION}`;
}

/** How a review is opened: `remember: false` (the command line) leaves the recent-reviews list alone. */
export interface OpenOptions {
  remember?: boolean;
}

/**
 * Makes an opened review the current one. It is remembered in the settings first: when that fails (a
 * full disk) the review is closed again and the open refused whole, the previous review staying open.
 */
function activate(
  ctx: RequestContext,
  filePath: string,
  opened: OpenedReviewFile,
  options: OpenOptions = {},
): ReviewInfo {
  const { db, readOnly } = opened;
  let info: ReviewInfo;
  try {
    // A review made before forms existed gets its form now, as it is opened, so reads never write.
    if (!readOnly) createMissingForm(db);
    info = readReviewInfo(db, filePath, readOnly);
    if (options.remember !== false) ctx.settings.rememberOpened(filePath, info.title);
  } catch (error) {
    closeReviewDb(db);
    if (error instanceof CaliperError) {
      throw new CaliperError(error.code, `${error.message} "${path.basename(filePath)}" was not opened.`);
    }
    throw error;
  }
  ctx.backend.setOpen({ db, info });
  return info;
}

/** The same file as the open review, also under another name (a link): it is already open here. */
function isOpenReview(ctx: RequestContext, target: string): boolean {
  const current = ctx.review?.info.path;
  if (!current) return false;
  if (current === target) return true;
  try {
    const [a, b] = [statSync(current), statSync(target)];
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/**
 * Creates a review file and opens it. `fill` writes its first content (an imported review's studies,
 * form and values) in the same transaction, before the file is renamed into place: when it throws,
 * no file is left.
 */
export function createReview(
  ctx: RequestContext,
  request: { title: string; path?: string | undefined },
  options: OpenOptions = {},
  fill?: (db: Database.Database) => void,
): ReviewInfo {
  const target = path.resolve(request.path ?? path.join(ctx.backend.reviewsDir, fileNameForTitle(request.title)));
  if (path.extname(target) !== REVIEW_EXTENSION) {
    throw new CaliperError(
      'validation',
      `A review file name must end in ${REVIEW_EXTENSION} (got "${path.basename(target)}").`,
    );
  }
  if (!existsSync(path.dirname(target))) {
    throw new CaliperError('not_found', `The folder ${path.dirname(target)} does not exist.`);
  }
  const db = createReviewDb(target, ctx.backend.migrationsDir, (db) => {
    writeReviewMeta(db, { id: randomUUID(), title: request.title, createdAt: new Date().toISOString() });
    createForm(db, new Date().toISOString(), null, ['intervention']);
    fill?.(db);
  });
  return activate(ctx, target, { db, readOnly: false }, options);
}

export function openReview(ctx: RequestContext, request: { path: string }, options: OpenOptions = {}): ReviewInfo {
  const target = path.resolve(request.path);
  // Checked without opening the file: closing any descriptor of it would drop this process's lock.
  if (isOpenReview(ctx, target)) return ctx.review!.info;
  return activate(ctx, target, openReviewFile(target, ctx.backend.migrationsDir), options);
}

export function closeReview(ctx: RequestContext): null {
  if (ctx.review) {
    ctx.backend.setOpen(null);
    ctx.settings.update((s) => {
      s.lastReviewPath = null;
    });
  }
  return null;
}

/**
 * Writes a consistent copy of the open review to another file (VACUUM INTO a temporary name, then
 * rename), leaving the open review where it is.
 */
export function saveCopy(ctx: RequestContext, request: { path: string }): { path: string } {
  const { db, info } = ctx.requireReview();
  const target = path.resolve(request.path.endsWith(REVIEW_EXTENSION) ? request.path : request.path + REVIEW_EXTENSION);
  if (target === info.path)
    throw new CaliperError('validation', 'A copy cannot replace the review itself; choose another name.');
  if (existsSync(target))
    throw new CaliperError('exists', `"${path.basename(target)}" already exists; choose another name.`);
  if (!existsSync(path.dirname(target)))
    throw new CaliperError('not_found', `The folder ${path.dirname(target)} does not exist.`);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new CaliperError('io', `Could not write the copy to ${target}: ${(error as Error).message}`);
  }
  return { path: target };
}

export function recentReviews(ctx: RequestContext): RecentReview[] {
  return ctx.settings.get().recent.map((r) => ({ ...r, exists: existsSync(r.path) }));
}

export function listReviewFiles(ctx: RequestContext): ReviewFileEntry[] {
  if (!existsSync(ctx.backend.reviewsDir)) return [];
  return readdirSync(ctx.backend.reviewsDir)
    .filter((name) => name.endsWith(REVIEW_EXTENSION) && !name.startsWith('.'))
    .map((name) => {
      const full = path.join(ctx.backend.reviewsDir, name);
      const stat = statSync(full);
      return { path: full, name, modifiedAt: stat.mtime.toISOString(), bytes: stat.size };
    })
    .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
}

interface SampleManifest {
  title: string;
  fileName: string;
  studies: {
    title: string;
    authors: string[];
    year: number | null;
    journal: string | null;
    abstractFile: string;
    /** The study's arms in the sample form ("CRT", "ICD"). */
    arms?: string[];
  }[];
}

/** Builds the sample review (the four sample studies) in the reviews folder. */
export function createSampleReview(ctx: RequestContext): ReviewInfo {
  const manifest = JSON.parse(
    readFileSync(path.join(ctx.backend.sampleDir, 'sample-review.json'), 'utf8'),
  ) as SampleManifest;
  const target = path.join(ctx.backend.reviewsDir, manifest.fileName);
  const db = createReviewDb(target, ctx.backend.migrationsDir, (db) => {
    writeReviewMeta(db, { id: randomUUID(), title: manifest.title, createdAt: new Date().toISOString() });
    writeTransaction(db, null, (audit, now) => {
      createForm(db, now, null, ['intervention', 'sample_crt']);
      for (const { arms, abstractFile, ...study } of manifest.studies) {
        const abstract = readFileSync(path.join(ctx.backend.sampleDir, abstractFile), 'utf8');
        const studyId = insertStudy(db, audit, now, { ...study, abstract });
        for (const label of arms ?? []) addArm(db, audit, now, { id: newRowId(), studyId, label });
      }
      seedSampleAnalyses(db, audit, now, ctx.backend.sampleDir);
    });
  });
  return activate(ctx, target, { db, readOnly: false });
}

/**
 * What the app shows at start: the review open last time when it still opens; on the very first
 * run, a new sample review; otherwise nothing (the welcome screen).
 */
export function openAtStart(
  ctx: RequestContext,
  explicitPath?: string,
): { review: ReviewInfo | null; problem: string | null } {
  const settings = ctx.settings.get();
  const candidate = explicitPath ?? settings.lastReviewPath;
  if (candidate) {
    try {
      return { review: openReview(ctx, { path: candidate }), problem: null };
    } catch (error) {
      if (explicitPath) throw error;
      return { review: null, problem: `Could not reopen ${candidate}: ${(error as Error).message}` };
    }
  }
  if (!settings.sampleCreated) {
    ctx.settings.update((s) => {
      s.sampleCreated = true;
    });
    const manifest = JSON.parse(
      readFileSync(path.join(ctx.backend.sampleDir, 'sample-review.json'), 'utf8'),
    ) as SampleManifest;
    const existing = path.join(ctx.backend.reviewsDir, manifest.fileName);
    if (existsSync(existing)) return { review: openReview(ctx, { path: existing }), problem: null };
    return { review: createSampleReview(ctx), problem: null };
  }
  return { review: null, problem: null };
}
