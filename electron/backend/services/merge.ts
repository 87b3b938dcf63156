// Merging a reviewer's work from a copy of the same review: a reviewer who extracted on another
// computer sends their copy (.caliper file), and their values, highlights and statuses come into this
// review, matched by the ids the copy shares with it (studies, form fields, outcomes, timepoints, arms).
//
// Rules (README: "Merge a reviewer's work"):
// - The copy is read from a private copy and never written (db/open.ts openReviewCopy).
// - It must be a copy of this review (the same review id).
// - Only the chosen reviewer's own work comes in: their values, the highlights they made (deleted ones
//   too, so every value keeps its highlight), their statuses, the arms they added to a study and the
//   PDFs their highlights are on. Nobody else's work in the copy and no consensus comes in; nothing
//   here is removed or overwritten.
// - The reviewer is matched by id, then by name (names are unique in a review). One this review lacks
//   is created with the copy's id, name and passcode: their passcode stays theirs. Merging into a
//   reviewer with a passcode needs it, unless this session is already theirs.
// - Refused, all of it, with nothing written: a value for a cell that differs from the one the
//   reviewer has here, a study, field, outcome or timepoint this review does not have, an arm whose id
//   or name differs between the two, a highlight id here that is not the same highlight, a highlight on
//   an abstract this review does not have.
// - Statuses only move forward (not started, in progress, complete).
// - One transaction: everything or nothing; every row is audited as the reviewer's work, and the merge
//   itself as the work of the session that merged.
// Answers carry counts and the cells that conflict, never a value. Layer: electron/backend.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { MAX_LISTED_IDS } from '../../../shared/contract/limits';
import { CaliperError } from '../../../shared/contract/result';
import { describeTarget } from '../../../shared/extraction/rules';
import type { Arm, ExtractionForm } from '../../../shared/model/extraction';
import type {
  MergeConflict,
  MergeCopyReviewer,
  MergeCounts,
  MergePreview,
  MergeResult,
} from '../../../shared/model/merge';
import type { ExtractionStatus } from '../../../shared/model/types';
import type { RequestContext } from '../context';
import { openReviewCopy } from '../db/open';
import { appendAudit, type Audit } from '../db/repositories/audit';
import { attachDocument } from '../db/repositories/documents';
import { putValueRow, readStatus, targetOfRow, writeStatus, type ValueRow } from '../db/repositories/extraction';
import { readForm } from '../db/repositories/forms';
import { studyHasDocument } from '../db/repositories/highlights';
import { findReviewer, findReviewerByName, passcodeHashOf } from '../db/repositories/reviewers';
import { readReviewInfo } from '../db/repositories/reviewMeta';
import { prepared } from '../db/statements';
import { requireForm } from './forms';
import { verifyPasscode } from './passcodes';

/** How many conflicts an answer lists; the count says how many there are. */
const LISTED_CONFLICTS = 100;

const STATUS_RANK: Record<ExtractionStatus, number> = { not_started: 0, in_progress: 1, complete: 2 };

interface ReviewerRow {
  id: string;
  name: string;
  created_at: string;
  passcode: string | null;
}

interface HighlightRow {
  id: string;
  study_id: string;
  document_sha256: string;
  reviewer_id: string | null;
  page: number | null;
  exact: string;
  prefix: string;
  suffix: string;
  start_offset: number;
  end_offset: number;
  created_at: string;
  deleted_at: string | null;
}

interface ArmRow {
  id: string;
  study_id: string;
  label: string;
  position: number;
  created_at: string;
  removed_at: string | null;
}

interface StatusRow {
  study_id: string;
  status: ExtractionStatus;
  updated_at: string;
}

/** Everything a merge would write, worked out by reading both files. */
interface MergePlan {
  copyReviewer: ReviewerRow;
  /** The reviewer here whose work it becomes; null when the merge creates them. */
  hereReviewer: { id: string; name: string } | null;
  arms: ArmRow[];
  documents: string[];
  links: { studyId: string; sha256: string; reportId: string | null; fileName: string }[];
  highlights: HighlightRow[];
  values: ValueRow[];
  statuses: StatusRow[];
  unchanged: number;
  conflicts: MergeConflict[];
}

const label = (file: string) => `"${path.basename(file)}"`;

function copyReviewers(copy: Database.Database): ReviewerRow[] {
  return prepared(copy, 'SELECT * FROM reviewers ORDER BY name COLLATE NOCASE').all() as ReviewerRow[];
}

function findCopyReviewer(copy: Database.Database, file: string, wanted: string): ReviewerRow {
  const all = copyReviewers(copy);
  const found =
    all.find((r) => r.id === wanted) ?? all.find((r) => r.name.toLowerCase() === wanted.trim().toLowerCase());
  if (!found) {
    const names = all.map((r) => r.name).join(', ') || 'none';
    throw new CaliperError('not_found', `${label(file)} has no reviewer "${wanted}" (its reviewers: ${names}).`);
  }
  return found;
}

/** The reviewer here who is the copy's reviewer: the same id, else the same name. */
function hereReviewerOf(db: Database.Database, copyReviewer: ReviewerRow): { id: string; name: string } | null {
  return findReviewer(db, copyReviewer.id) ?? findReviewerByName(db, copyReviewer.name);
}

function studyLabels(db: Database.Database): Map<string, string> {
  const rows = prepared(db, 'SELECT id, label FROM studies').all() as { id: string; label: string }[];
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** Reads both files and works out the merge; writes nothing. */
function planMerge(here: Database.Database, copy: Database.Database, copyReviewer: ReviewerRow): MergePlan {
  const hereReviewer = hereReviewerOf(here, copyReviewer);
  const form = requireForm(here);
  const copyForm = readForm(copy);
  const hereStudies = studyLabels(here);
  const copyStudies = studyLabels(copy);
  const conflicts: MergeConflict[] = [];
  const seen = new Set<string>();
  const conflict = (kind: MergeConflict['kind'], studyId: string | null, message: string) => {
    const key = `${kind}\u0000${studyId ?? ''}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    conflicts.push({ kind, studyId, message });
  };
  const studyName = (id: string) => hereStudies.get(id) ?? copyStudies.get(id) ?? id;
  const requireStudyHere = (studyId: string): boolean => {
    if (hereStudies.has(studyId)) return true;
    conflict(
      'study',
      studyId,
      `The study ${studyName(studyId)} (id ${studyId}) is in the copy but not in this review: add studies to this review, not to a copy.`,
    );
    return false;
  };

  // Arms: the same id must be the same arm of the same study; an arm added in the copy comes in,
  // unless this review's study has an arm of that name already.
  const hereArms = new Map((prepared(here, 'SELECT * FROM arms').all() as ArmRow[]).map((a) => [a.id, a] as const));
  const copyArms = new Map((prepared(copy, 'SELECT * FROM arms').all() as ArmRow[]).map((a) => [a.id, a] as const));
  const newArms = new Map<string, ArmRow>();
  const armUsable = (armId: string, studyId: string): boolean => {
    const hereArm = hereArms.get(armId);
    if (hereArm) {
      if (hereArm.study_id === studyId) return true;
      conflict(
        'arm',
        studyId,
        `An arm of ${studyName(studyId)} in the copy has the id of an arm of another study here.`,
      );
      return false;
    }
    if (newArms.has(armId)) return true;
    const copyArm = copyArms.get(armId);
    if (!copyArm || copyArm.study_id !== studyId) {
      conflict('arm', studyId, `A value of ${studyName(studyId)} names an arm (id ${armId}) the copy does not have.`);
      return false;
    }
    const clash = [...hereArms.values()].find(
      (a) => a.study_id === studyId && a.removed_at === null && a.label.toLowerCase() === copyArm.label.toLowerCase(),
    );
    if (clash) {
      conflict(
        'arm',
        studyId,
        `${studyName(studyId)}: the arm "${copyArm.label}" was added both here and in the copy (as two different arms).`,
      );
      return false;
    }
    newArms.set(armId, copyArm);
    return true;
  };

  const armsForLabels = (studyId: string): Arm[] =>
    [...hereArms.values(), ...newArms.values(), ...copyArms.values()]
      .filter((a) => a.study_id === studyId)
      .map((a) => ({ id: a.id, studyId: a.study_id, label: a.label, position: a.position }));

  const cellName = (row: ValueRow): string => {
    const target = targetOfRow(row);
    const known = target.kind === 'field' ? form : (copyForm ?? form);
    return describeTarget(known as ExtractionForm, armsForLabels(row.study_id), target, { component: true });
  };

  /** Whether the form here has the value's field, or its outcome and timepoint. */
  const targetKnown = (row: ValueRow): boolean => {
    if (row.kind === 'field') {
      if (form.fields.some((f) => f.id === row.field_id)) return true;
      const name = copyForm?.fields.find((f) => f.id === row.field_id)?.label ?? row.field_id;
      conflict(
        'field',
        row.study_id,
        `The field "${name}" is in the copy's form but not in this review's: add fields to this review's form, not to a copy.`,
      );
      return false;
    }
    const outcome = form.outcomes.find((o) => o.id === row.outcome_id);
    const copyOutcome = copyForm?.outcomes.find((o) => o.id === row.outcome_id);
    if (!outcome) {
      conflict(
        'outcome',
        row.study_id,
        `The outcome "${copyOutcome?.name ?? row.outcome_id}" is in the copy's form but not in this review's.`,
      );
      return false;
    }
    if (!outcome.timepoints.some((t) => t.id === row.timepoint_id)) {
      const name = copyOutcome?.timepoints.find((t) => t.id === row.timepoint_id)?.label ?? row.timepoint_id;
      conflict(
        'timepoint',
        row.study_id,
        `The timepoint "${name}" of ${outcome.name} is in the copy's form but not in this review's.`,
      );
      return false;
    }
    return true;
  };

  // Highlights the reviewer made in the copy.
  const highlights: HighlightRow[] = [];
  const documents = new Set<string>();
  const links = new Map<string, MergePlan['links'][number]>();
  let unchanged = 0;
  const copyHighlights = prepared(copy, 'SELECT * FROM highlights WHERE reviewer_id = ? ORDER BY created_at, id').all(
    copyReviewer.id,
  ) as HighlightRow[];
  const highlightIds = new Set<string>();
  for (const h of copyHighlights) {
    if (!requireStudyHere(h.study_id)) continue;
    const existing = prepared(here, 'SELECT * FROM highlights WHERE id = ?').get(h.id) as HighlightRow | undefined;
    if (existing) {
      const same =
        existing.reviewer_id === (hereReviewer?.id ?? copyReviewer.id) &&
        existing.study_id === h.study_id &&
        existing.document_sha256 === h.document_sha256 &&
        existing.page === h.page &&
        existing.start_offset === h.start_offset &&
        existing.end_offset === h.end_offset;
      if (same) {
        unchanged++;
        highlightIds.add(h.id);
      } else {
        conflict(
          'highlight',
          h.study_id,
          `A highlight in ${studyName(h.study_id)} has the id of a different highlight here.`,
        );
      }
      continue;
    }
    const documentHere = prepared(here, 'SELECT kind FROM documents WHERE sha256 = ?').get(h.document_sha256) as
      { kind: string } | undefined;
    if (!documentHere) {
      const copyDocument = prepared(copy, 'SELECT kind FROM documents WHERE sha256 = ?').get(h.document_sha256) as
        { kind: string } | undefined;
      if (copyDocument?.kind !== 'pdf') {
        conflict(
          'document',
          h.study_id,
          `A highlight in ${studyName(h.study_id)} is on an abstract this review does not have (the abstract differs between the two).`,
        );
        continue;
      }
      documents.add(h.document_sha256);
    }
    const linkKey = `${h.study_id}\u0000${h.document_sha256}`;
    const linked = studyHasDocument(here, h.study_id, h.document_sha256) !== null;
    if (!linked && documentHere?.kind === 'abstract') {
      // An abstract belongs to a study through its reports; a highlight cannot bring one along.
      conflict(
        'document',
        h.study_id,
        `A highlight in ${studyName(h.study_id)} is on an abstract this review's copy of the study does not have.`,
      );
      continue;
    }
    if (!linked && !links.has(linkKey)) {
      const copyLink = prepared(
        copy,
        'SELECT report_id, file_name FROM study_documents WHERE study_id = ? AND document_sha256 = ?',
      ).get(h.study_id, h.document_sha256) as { report_id: string | null; file_name: string | null } | undefined;
      const reportHere =
        copyLink?.report_id && prepared(here, 'SELECT 1 FROM reports WHERE id = ?').get(copyLink.report_id)
          ? copyLink.report_id
          : null;
      links.set(linkKey, {
        studyId: h.study_id,
        sha256: h.document_sha256,
        reportId: reportHere,
        fileName: copyLink?.file_name ?? `${h.document_sha256.slice(0, 12)}.pdf`,
      });
    }
    highlights.push(h);
    highlightIds.add(h.id);
  }

  // Values.
  const values: ValueRow[] = [];
  const copyValues = prepared(
    copy,
    'SELECT * FROM extraction_values WHERE reviewer_id = ? ORDER BY study_id, target_key',
  ).all(copyReviewer.id) as ValueRow[];
  for (const row of copyValues) {
    if (!requireStudyHere(row.study_id) || !targetKnown(row)) continue;
    if (row.arm_id !== null && !armUsable(row.arm_id, row.study_id)) continue;
    if (row.highlight_id !== null && !highlightIds.has(row.highlight_id)) {
      // A value may rest on a highlight nobody owns (the sample's) or another's: it must be here already.
      if (!prepared(here, 'SELECT 1 FROM highlights WHERE id = ?').get(row.highlight_id)) {
        conflict(
          'highlight',
          row.study_id,
          `${studyName(row.study_id)}, ${cellName(row)}: the value rests on a highlight that is neither here nor the reviewer's own.`,
        );
        continue;
      }
    }
    const existing = hereReviewer
      ? (prepared(
          here,
          'SELECT * FROM extraction_values WHERE study_id = ? AND reviewer_id = ? AND target_key = ?',
        ).get(row.study_id, hereReviewer.id, row.target_key) as ValueRow | undefined)
      : undefined;
    if (existing) {
      if (existing.state === row.state && sameJson(existing.value, row.value)) unchanged++;
      else {
        conflict(
          'value',
          row.study_id,
          `${studyName(row.study_id)}, ${cellName(row)}: ${copyReviewer.name}'s value in the copy differs from their value here.`,
        );
      }
      continue;
    }
    const sameId = prepared(here, 'SELECT study_id, reviewer_id, target_key FROM extraction_values WHERE id = ?').get(
      row.id,
    );
    if (sameId) {
      conflict(
        'value',
        row.study_id,
        `${studyName(row.study_id)}, ${cellName(row)}: the value's id is another value's here.`,
      );
      continue;
    }
    values.push(row);
  }

  // Statuses move forward only.
  const statuses: StatusRow[] = [];
  const copyStatuses = prepared(
    copy,
    'SELECT study_id, status, updated_at FROM extraction_status WHERE reviewer_id = ? ORDER BY study_id',
  ).all(copyReviewer.id) as StatusRow[];
  for (const s of copyStatuses) {
    if (s.status === 'not_started' || !requireStudyHere(s.study_id)) continue;
    const current = hereReviewer ? readStatus(here, s.study_id, hereReviewer.id) : 'not_started';
    if (STATUS_RANK[s.status] > STATUS_RANK[current]) statuses.push(s);
  }

  return {
    copyReviewer,
    hereReviewer,
    arms: [...newArms.values()],
    documents: [...documents],
    links: [...links.values()],
    highlights,
    values,
    statuses,
    unchanged,
    // In the order of the studies' names, so a preview reads the same each time.
    conflicts: conflicts
      .map((c, i) => ({ c, i, study: c.studyId === null ? '' : studyName(c.studyId) }))
      .sort((x, y) => x.study.localeCompare(y.study) || x.i - y.i)
      .map(({ c }) => c),
  };
}

function sameJson(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
}

function countsOf(plan: MergePlan): MergeCounts {
  const studies = new Set<string>([
    ...plan.values.map((v) => v.study_id),
    ...plan.highlights.map((h) => h.study_id),
    ...plan.statuses.map((s) => s.study_id),
  ]);
  return {
    studies: studies.size,
    values: plan.values.length,
    highlights: plan.highlights.length,
    statuses: plan.statuses.length,
    arms: plan.arms.length,
    documents: plan.documents.length,
    unchanged: plan.unchanged,
  };
}

/** Opens the copy, checks it is a copy of this review, and runs `fn` on it; the copy is always closed. */
async function withCopy<T>(
  ctx: RequestContext,
  file: string,
  fn: (copy: Database.Database, file: string) => T | Promise<T>,
): Promise<T> {
  const review = ctx.requireReview();
  const resolved = path.resolve(file);
  if (resolved === path.resolve(review.info.path)) {
    throw new CaliperError('validation', 'That is this review itself: choose the copy a reviewer sent.');
  }
  const copy = openReviewCopy(resolved, ctx.backend.migrationsDir);
  try {
    const theirs = readReviewInfo(copy.db, resolved);
    if (theirs.id !== review.info.id) {
      throw new CaliperError(
        'conflict',
        `${label(resolved)} is not a copy of this review: it is the review "${theirs.title}" (another review id). Nothing was merged.`,
      );
    }
    return await fn(copy.db, resolved);
  } finally {
    copy.close();
  }
}

function copyReviewerSummaries(here: Database.Database, copy: Database.Database): MergeCopyReviewer[] {
  const count = (sql: string, id: string) => (prepared(copy, sql).get({ id }) as { n: number }).n;
  return copyReviewers(copy).map((r) => ({
    id: r.id,
    name: r.name,
    hasPasscode: r.passcode !== null,
    existsHere: hereReviewerOf(here, r) !== null,
    studies: count(
      `SELECT count(*) AS n FROM (SELECT study_id FROM extraction_values WHERE reviewer_id = @id
         UNION SELECT study_id FROM highlights WHERE reviewer_id = @id)`,
      r.id,
    ),
    values: count('SELECT count(*) AS n FROM extraction_values WHERE reviewer_id = @id', r.id),
    highlights: count('SELECT count(*) AS n FROM highlights WHERE reviewer_id = @id AND deleted_at IS NULL', r.id),
  }));
}

/** The passcode hash that guards the reviewer's work here: theirs here, or the copy's for a new one. */
function guardingHash(here: Database.Database, plan: MergePlan): string | null {
  return plan.hereReviewer ? passcodeHashOf(here, plan.hereReviewer.id) : plan.copyReviewer.passcode;
}

/**
 * Whether the session may act for the reviewer: it is theirs, they have no passcode, or the passcode
 * given is theirs. Null when no passcode was given for a reviewer who has one.
 */
async function actsForReviewer(
  ctx: RequestContext,
  here: Database.Database,
  plan: MergePlan,
  passcode: string | undefined,
): Promise<boolean | null> {
  if (!passcodeNeeded(ctx, here, plan)) return true;
  if (passcode === undefined) return null;
  return verifyPasscode(passcode, guardingHash(here, plan)!);
}

function passcodeNeeded(ctx: RequestContext, here: Database.Database, plan: MergePlan): boolean {
  const sessionReviewer = ctx.review?.reviewerId ?? null;
  if (plan.hereReviewer && sessionReviewer === plan.hereReviewer.id) return false;
  return guardingHash(here, plan) !== null;
}

/** Kinds of conflict that compare with the reviewer's own work here (which their passcode guards). */
const ABOUT_THEIR_WORK = new Set<MergeConflict['kind']>(['value', 'highlight']);

/**
 * The conflicts a session may read: all of them when it acts for the reviewer; otherwise the cells
 * that differ from the reviewer's work here are only counted (which cells they filled is theirs).
 */
function visibleConflicts(plan: MergePlan, mayRead: boolean): MergeConflict[] {
  if (mayRead) return plan.conflicts;
  const hidden = plan.conflicts.filter((c) => ABOUT_THEIR_WORK.has(c.kind)).length;
  const name = plan.hereReviewer?.name ?? plan.copyReviewer.name;
  return [
    ...plan.conflicts.filter((c) => !ABOUT_THEIR_WORK.has(c.kind)),
    ...(hidden > 0
      ? [
          {
            kind: 'value' as const,
            studyId: null,
            message: `${hidden} of ${name}’s values or highlights in the copy differ from their work here; ${name}’s passcode shows which.`,
          },
        ]
      : []),
  ];
}

export async function mergePreview(
  ctx: RequestContext,
  request: { path: string; reviewer?: string | undefined; passcode?: string | undefined },
): Promise<MergePreview> {
  const { db } = ctx.requireReview();
  return withCopy(ctx, request.path, async (copy, file) => {
    const info = readReviewInfo(copy, file);
    const preview: MergePreview = {
      copy: { path: file, title: info.title, reviewId: info.id },
      reviewers: copyReviewerSummaries(db, copy),
      reviewer: null,
      counts: null,
      conflicts: [],
      conflictCount: 0,
    };
    if (request.reviewer === undefined) return preview;
    const plan = planMerge(db, copy, findCopyReviewer(copy, file, request.reviewer));
    const mayRead = (await actsForReviewer(ctx, db, plan, request.passcode)) === true;
    return {
      ...preview,
      reviewer: {
        id: plan.hereReviewer?.id ?? plan.copyReviewer.id,
        name: plan.hereReviewer?.name ?? plan.copyReviewer.name,
        created: plan.hereReviewer === null,
        passcodeNeeded: passcodeNeeded(ctx, db, plan),
      },
      counts: countsOf(plan),
      conflicts: visibleConflicts(plan, mayRead).slice(0, LISTED_CONFLICTS),
      conflictCount: plan.conflicts.length,
    };
  });
}

function conflictError(conflicts: MergeConflict[], total: number, file: string): CaliperError {
  const shown = conflicts
    .slice(0, 3)
    .map((c) => c.message)
    .join(' ');
  const more = total - Math.min(3, conflicts.length);
  return new CaliperError(
    'conflict',
    `Nothing was merged from ${label(file)}: ${total} conflict${total === 1 ? '' : 's'}. ${shown}${more > 0 ? ` (and ${more} more)` : ''}`,
  );
}

/** Writes the plan: every row audited as the reviewer's work. */
function applyPlan(db: Database.Database, copy: Database.Database, plan: MergePlan, audit: Audit, now: string): string {
  let reviewerId = plan.hereReviewer?.id;
  if (!reviewerId) {
    const r = plan.copyReviewer;
    prepared(db, 'INSERT INTO reviewers (id, name, created_at, passcode) VALUES (?, ?, ?, ?)').run(
      r.id,
      r.name,
      r.created_at,
      r.passcode,
    );
    audit({ entity: 'reviewer', entityId: r.id, action: 'create', after: { name: r.name, merged: true } });
    if (r.passcode !== null)
      audit({ entity: 'reviewer', entityId: r.id, action: 'update', field: 'passcode', after: 'set' });
    reviewerId = r.id;
  }
  for (const arm of plan.arms) {
    prepared(
      db,
      'INSERT INTO arms (id, study_id, label, position, created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(arm.id, arm.study_id, arm.label, arm.position, arm.created_at, arm.removed_at);
    audit({ entity: 'arm', entityId: arm.id, action: 'create', after: { studyId: arm.study_id, label: arm.label } });
  }
  for (const sha256 of plan.documents) {
    const doc = prepared(copy, 'SELECT * FROM documents WHERE sha256 = ?').get(sha256) as {
      kind: string;
      media_type: string;
      bytes: number;
      content: Buffer;
    };
    prepared(
      db,
      'INSERT INTO documents (sha256, kind, media_type, bytes, content, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(sha256, doc.kind, doc.media_type, doc.bytes, doc.content, now);
    audit({ entity: 'document', entityId: sha256, action: 'create', after: { kind: doc.kind, bytes: doc.bytes } });
    const facts = prepared(copy, 'SELECT * FROM pdf_documents WHERE sha256 = ?').get(sha256) as
      Record<string, unknown> | undefined;
    if (facts) {
      prepared(
        db,
        `INSERT INTO pdf_documents (sha256, fingerprint, page_count, title, doi, pdfjs_version)
         VALUES (@sha256, @fingerprint, @page_count, @title, @doi, @pdfjs_version)`,
      ).run(facts);
      const insertPage = prepared(db, 'INSERT INTO document_pages (sha256, page, text) VALUES (?, ?, ?)');
      for (const page of prepared(copy, 'SELECT page, text FROM document_pages WHERE sha256 = ? ORDER BY page').iterate(
        sha256,
      ) as IterableIterator<{ page: number; text: string }>)
        insertPage.run(sha256, page.page, page.text);
      audit({ entity: 'pdf_document', entityId: sha256, action: 'create', after: { pageCount: facts.page_count } });
    }
  }
  for (const link of plan.links) attachDocument(db, audit, now, link);
  for (const h of plan.highlights) {
    prepared(
      db,
      `INSERT INTO highlights (id, study_id, document_sha256, reviewer_id, page, exact, prefix, suffix, start_offset,
         end_offset, created_at, deleted_at)
       VALUES (@id, @study_id, @document_sha256, @reviewer_id, @page, @exact, @prefix, @suffix, @start_offset,
         @end_offset, @created_at, @deleted_at)`,
    ).run({ ...h, reviewer_id: reviewerId });
    audit({
      entity: 'highlight',
      entityId: h.id,
      action: 'create',
      after: { studyId: h.study_id, document: h.document_sha256, page: h.page, exact: h.exact, merged: true },
    });
  }
  for (const row of plan.values) {
    putValueRow(db, { ...row, reviewer_id: reviewerId });
    audit({
      entity: 'extraction_value',
      entityId: row.id,
      action: 'create',
      field: `${row.study_id}/${row.target_key} (merged)`,
      after: {
        target: row.target_key,
        state: row.state,
        value: row.value === null ? null : (JSON.parse(row.value) as unknown),
        origin: row.origin,
        highlightId: row.highlight_id,
        conversion: row.conversion === null ? null : (JSON.parse(row.conversion) as unknown),
      },
    });
  }
  for (const s of plan.statuses) {
    const before = readStatus(db, s.study_id, reviewerId);
    writeStatus(db, s.study_id, reviewerId, s.status, now);
    audit({
      entity: 'extraction_status',
      entityId: s.study_id,
      action: 'update',
      field: reviewerId,
      before,
      after: s.status,
    });
  }
  return reviewerId;
}

export async function mergeCommit(
  ctx: RequestContext,
  request: { path: string; reviewer: string; passcode?: string | undefined },
): Promise<MergeResult> {
  const review = ctx.requireReview();
  const { db } = review;
  const result = await withCopy(ctx, request.path, async (copy, file) => {
    const copyReviewer = findCopyReviewer(copy, file, request.reviewer);
    const first = planMerge(db, copy, copyReviewer);
    // The passcode first: a refusal names cells only to those who may see the reviewer's work.
    const allowed = await actsForReviewer(ctx, db, first, request.passcode);
    const name = first.hereReviewer?.name ?? copyReviewer.name;
    if (allowed === null)
      throw new CaliperError('passcode_required', `${name} has a passcode: enter it to merge their work.`);
    if (!allowed) throw new CaliperError('wrong_passcode', `That is not ${name}’s passcode. Nothing was merged.`);
    // Planned again inside the transaction: the review may have changed while the passcode was checked.
    return db.transaction(() => {
      const now = new Date().toISOString();
      const plan = planMerge(db, copy, copyReviewer);
      if (plan.conflicts.length > 0) throw conflictError(plan.conflicts, plan.conflicts.length, file);
      const hereId = plan.hereReviewer?.id ?? copyReviewer.id;
      // Rows are stamped as the reviewer's own work (so blinding treats them as theirs)...
      const asReviewer: Audit = (record) => appendAudit(db, hereId, now, record);
      const reviewerId = applyPlan(db, copy, plan, asReviewer, now);
      const counts = countsOf(plan);
      // ...and the merge itself as the work of whoever merged, with counts only.
      appendAudit(db, review.reviewerId, now, {
        entity: 'review',
        entityId: review.info.id,
        action: 'update',
        field: 'merge',
        after: { copy: path.basename(file), reviewerId, counts },
      });
      return {
        copy: file,
        reviewerId,
        reviewer: plan.hereReviewer?.name ?? copyReviewer.name,
        reviewerCreated: plan.hereReviewer === null,
        counts,
        studyIds: [...new Set([...plan.values.map((v) => v.study_id), ...plan.statuses.map((s) => s.study_id)])],
      };
    })();
  });
  const { studyIds, ...answer } = result;
  if (answer.reviewerCreated) {
    ctx.events.emit('reviewers:changed', {
      reviewerIds: (prepared(db, 'SELECT id FROM reviewers').all() as { id: string }[]).map((r) => r.id),
    });
  }
  if (studyIds.length > 0) {
    ctx.events.emit('studies:changed', {
      reason: 'updated',
      ...(studyIds.length <= MAX_LISTED_IDS ? { studyIds } : {}),
    });
    for (const studyId of studyIds)
      ctx.events.emit('values:changed', { studyId, layer: 'reviewer', reviewerId: answer.reviewerId });
  }
  return answer;
}
