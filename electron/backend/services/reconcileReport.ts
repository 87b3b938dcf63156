// The reconciliation report of a review file, for `caliper reconcile`: per study the cells compared
// and their states, what is resolved, whether the consensus is complete, and the agreement between
// the pair. It reads without writing: a review at the current format is opened read-only; an older
// one is upgraded in a temporary copy, so the file itself never changes. Layer: electron/backend.
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CaliperError } from '../../../shared/contract/result';
import type { Tolerance } from '../../../shared/reconcile/compare';
import { loadMigrations } from '../db/migrate';
import { inspectReviewFile, openReviewDb } from '../db/open';
import { readReconcileSettings, studyPairs, type StudyPair } from '../db/repositories/reconciliation';
import { findReviewerByName, findReviewer } from '../db/repositories/reviewers';
import { getStudyRow } from '../db/repositories/studies';
import { agreementOver, compareStudy } from './reconciliation';

export interface ReconcileReport {
  reviewers: string[];
  tolerance: Tolerance;
  studies: {
    id: string;
    label: string;
    cells: number;
    agree: number;
    differ: number;
    onlyOne: number;
    bothNotReported: number;
    resolved: number;
    reopened: number;
    consensusComplete: boolean;
  }[];
  agreement: {
    overall: { cells: number; percent: number | null; percentWithinTolerance: number | null };
    fields: {
      field: string;
      kind: string;
      cells: number;
      differ: number;
      onlyOne: number;
      percent: number | null;
      percentWithinTolerance: number | null;
      kappa: number | null;
      kappaLower: number | null;
      kappaUpper: number | null;
    }[];
  };
}

/** Opens a review for reading only: read-only when current, else an upgraded temporary copy. */
function openForReading(file: string, migrationsDir: string): { db: Database.Database; done: () => void } {
  const latest = loadMigrations(migrationsDir).length;
  const { userVersion } = inspectReviewFile(file, latest);
  if (userVersion === latest) {
    // A read-only connection to a WAL database makes the -wal and -shm files when they are not there
    // (the app is closed) and cannot remove them; remove the ones it made, when they hold nothing.
    const made = ['-wal', '-shm'].map((suffix) => `${file}${suffix}`).filter((f) => !existsSync(f));
    const db = new Database(file, { readonly: true, fileMustExist: true });
    return {
      db,
      done: () => {
        db.close();
        const wal = `${file}-wal`;
        if (made.includes(wal) && existsSync(wal) && statSync(wal).size > 0) return;
        for (const f of made) rmSync(f, { force: true });
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caliper-reconcile-'));
  const copy = path.join(dir, 'review.caliper');
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  try {
    const db = openReviewDb(copy, migrationsDir);
    return {
      db,
      done: () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export function reconcileReport(
  file: string,
  options: { migrationsDir: string; reviewers?: [string, string] | undefined; tolerance?: Tolerance | undefined },
): ReconcileReport {
  const { db, done } = openForReading(file, options.migrationsDir);
  try {
    const settings = readReconcileSettings(db);
    if (options.reviewers) {
      const ids = options.reviewers.map((name) => {
        const reviewer = findReviewerByName(db, name);
        if (!reviewer) throw new CaliperError('not_found', `No reviewer called "${name}" in "${path.basename(file)}".`);
        return reviewer.id;
      });
      if (ids[0] === ids[1]) throw new CaliperError('validation', 'Name two different reviewers.');
      settings.pair = [ids[0]!, ids[1]!];
    }
    const tolerance = options.tolerance ?? settings.tolerance;
    const ready = [...studyPairs(db, settings)].filter(([, p]) => p.ready) as [string, StudyPair][];
    const pairs = new Set(ready.map(([, p]) => p.pair!.join('\u0000')));
    if (pairs.size > 1)
      throw new CaliperError(
        'validation',
        'Different pairs of reviewers finished different studies: name the pair with --reviewers NAME,NAME.',
      );
    const pair = ready[0]?.[1].pair ?? settings.pair;
    const studies = ready.map(([studyId, p]) => {
      const compared = compareStudy(db, studyId, p.pair!, settings, tolerance);
      return {
        id: studyId,
        label: getStudyRow(db, null, studyId)!.label,
        ...compared.counts,
        consensusComplete: compared.consensusComplete,
      };
    });
    const summary = agreementOver(db, ready, settings, tolerance);
    return {
      reviewers: pair ? pair.map((id) => findReviewer(db, id)!.name) : [],
      tolerance,
      studies,
      agreement: {
        overall: {
          cells: summary.agreement.overall.cells,
          percent: summary.agreement.overall.percent,
          percentWithinTolerance: summary.agreement.overall.percentWithinTolerance,
        },
        fields: summary.agreement.fields.map((f) => ({
          field: f.field,
          kind: f.kind,
          cells: f.cells,
          differ: f.differ,
          onlyOne: f.onlyOne,
          percent: f.percent,
          percentWithinTolerance: f.percentWithinTolerance,
          kappa: f.kappa,
          kappaLower: f.kappaLower,
          kappaUpper: f.kappaUpper,
        })),
      },
    };
  } finally {
    done();
  }
}
