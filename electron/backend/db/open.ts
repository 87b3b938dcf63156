// Opening and creating review files. A review is one SQLite file marked by PRAGMA application_id.
// Opening a review, in order, never writing before every check has passed, so a wrong, newer, damaged
// or busy file is refused byte-for-byte unchanged with nothing left beside it:
//  1. plain file reads: the header (a SQLite file, a Caliper review, a format this version reads) and
//     the length (a file cut short is refused, unless a write-ahead log holds the missing pages);
//  2. read-only files and folders are opened read-only (see openReadOnly);
//  3. an exclusive lock, held until the review is closed: a second Caliper window, `caliper import` or
//     any other program is told the review is in use instead of writing beside this one;
//  4. on the locked connection: the application id, the applied migrations' hashes and, only when the
//     last session did not end cleanly (a write-ahead log or journal was left beside the file), SQLite's
//     quick_check. A clean file is not read in full: opening costs milliseconds whatever its size;
//  5. then the connection settings (WAL, full sync, foreign keys) and pending migrations.
// Closing a review folds the write-ahead log into the file and removes the log: a closed review is one
// self-contained file, unchanged by an open and close that edited nothing.
// New files are built under a temporary name and renamed into place. Layer: electron/backend.
import {
  accessSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CaliperError } from '../../../shared/contract/result';
import { isValidPageSize, missingPages, parseHeader, SQLITE_MAGIC, sizeOf, type SqliteHeader } from './fileChecks';
import { loadMigrations, migrate, verifyMigrations, type Migration } from './migrate';

/** "CALP" in ASCII: marks a SQLite file as a Caliper review. */
export const APPLICATION_ID = 0x43414c50;
export const REVIEW_EXTENSION = '.caliper';

let cachedMigrations: { dir: string; migrations: Migration[] } | null = null;

export function migrationsFrom(dir: string): Migration[] {
  if (cachedMigrations?.dir !== dir) cachedMigrations = { dir, migrations: loadMigrations(dir) };
  return cachedMigrations.migrations;
}

/** Applies the connection settings every writable review connection uses. */
function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

const labelOf = (filePath: string) => `"${path.basename(filePath)}"`;

/**
 * Reads the 100-byte SQLite header and the file's length, and refuses anything that is not a whole
 * Caliper review this version can read. Reads only; never writes.
 */
export function inspectReviewFile(filePath: string, latestVersion: number): SqliteHeader & { fileSize: number } {
  const label = labelOf(filePath);
  let stat;
  try {
    stat = statSync(filePath);
  } catch {
    throw new CaliperError('not_found', `${label} does not exist (${filePath}).`);
  }
  if (stat.isDirectory()) throw new CaliperError('not_a_review', `${label} is a folder, not a Caliper review.`);
  if (stat.size === 0) throw new CaliperError('not_a_review', `${label} is empty: it is not a Caliper review.`);
  const bytes = Buffer.alloc(100);
  const fd = openSync(filePath, 'r');
  let read: number;
  try {
    read = readSync(fd, bytes, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || bytes.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new CaliperError('not_a_review', `${label} is not a Caliper review (it is not a SQLite database).`);
  }
  const header = parseHeader(bytes);
  if (header.applicationId !== APPLICATION_ID) {
    throw new CaliperError('not_a_review', `${label} is a SQLite database but not a Caliper review.`);
  }
  if (header.userVersion > latestVersion) {
    throw new CaliperError(
      'newer_version',
      `${label} was made by a newer version of Caliper (review format ${header.userVersion}; this version reads up to ${latestVersion}). Update Caliper to open it.`,
    );
  }
  if (!isValidPageSize(header.pageSize)) {
    throw new CaliperError('corrupt', `${label} is damaged (its header names no valid page size). It was not changed.`);
  }
  const shortfall = missingPages(stat.size, header, `${filePath}-wal`);
  if (shortfall) throw new CaliperError('corrupt', `${label} is damaged: ${shortfall}. It was not changed.`);
  return { ...header, fileSize: stat.size };
}

/** SQLite's answer when another connection holds the lock. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function isReadOnlyError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN');
}

function inUse(filePath: string): CaliperError {
  return new CaliperError(
    'in_use',
    `${labelOf(filePath)} is open in another Caliper window or command (or another program). Close it there, then open it here.`,
  );
}

/** Runs SQLite's quick_check on the connection; refuses a damaged file. */
function quickCheck(db: Database.Database, filePath: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) {
    throw new CaliperError(
      'corrupt',
      `${labelOf(filePath)} is damaged (${problems.slice(0, 3).join('; ')}). It was not changed.`,
    );
  }
}

/** Checks made on an open connection before anything is written. */
function verify(db: Database.Database, filePath: string, migrations: Migration[], uncleanShutdown: boolean): number {
  const label = labelOf(filePath);
  // The write-ahead log may hold transactions newer than the header: check again on the live connection.
  if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) {
    throw new CaliperError('not_a_review', `${label} is not a Caliper review.`);
  }
  const version = verifyMigrations(db, migrations, label);
  if (uncleanShutdown) quickCheck(db, filePath);
  return version;
}

/** True when this process may write both the file and its folder (SQLite writes its log beside the file). */
function writable(filePath: string): boolean {
  try {
    accessSync(filePath, constants.W_OK);
    accessSync(path.dirname(filePath), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface OpenedReviewFile {
  db: Database.Database;
  /** The file or its folder cannot be written: the review is open for reading only. */
  readOnly: boolean;
}

/** What closing each open review must do besides closing its connection. */
const closeActions = new WeakMap<Database.Database, () => void>();

/**
 * Opens an existing review (see the steps at the top of this file). Read-write with an exclusive
 * lock when the file and its folder can be written; read-only otherwise.
 */
export function openReviewFile(filePath: string, migrationsDir: string): OpenedReviewFile {
  const migrations = migrationsFrom(migrationsDir);
  const header = inspectReviewFile(filePath, migrations.length);
  const uncleanShutdown = sizeOf(`${filePath}-wal`) > 0 || sizeOf(`${filePath}-journal`) > 0;
  if (!writable(filePath)) return openReadOnly(filePath, header, migrations, uncleanShutdown);

  let db: Database.Database;
  try {
    db = new Database(filePath, { fileMustExist: true, timeout: 0 });
  } catch (error) {
    if (isReadOnlyError(error)) return openReadOnly(filePath, header, migrations, uncleanShutdown);
    throw new CaliperError('corrupt', `${labelOf(filePath)} cannot be read (${(error as Error).message}).`);
  }
  try {
    // EXCLUSIVE locking mode keeps the lock from the first transaction until the connection closes; in
    // WAL mode it also keeps the log's index in memory, so no -shm file is made.
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE');
      db.exec('COMMIT');
    } catch (error) {
      if (isBusy(error)) throw inUse(filePath);
      throw error;
    }
    verify(db, filePath, migrations, uncleanShutdown);
    configure(db);
    migrate(db, migrations, labelOf(filePath));
    return { db, readOnly: false };
  } catch (error) {
    db.close();
    if (error instanceof CaliperError) throw error;
    if (isBusy(error)) throw inUse(filePath);
    throw new CaliperError(
      'corrupt',
      `${labelOf(filePath)} is damaged and cannot be read (${(error as Error).message}). It was not changed.`,
    );
  }
}

/**
 * Opens a review that cannot be written (a read-only file, or a file in a read-only folder) for
 * reading. SQLite reads a file in WAL mode (every review Caliper has opened) only where it can make
 * the -wal and -shm files beside it, which a read-only folder forbids and which would be left as
 * litter beside someone's read-only file: such a file is read from a private copy in the system's
 * temporary folder, removed on close. A file in rollback-journal mode opens in place.
 */
function openReadOnly(
  filePath: string,
  header: SqliteHeader,
  migrations: Migration[],
  uncleanShutdown: boolean,
): OpenedReviewFile {
  const label = labelOf(filePath);
  let source = filePath;
  let copyDir: string | null = null;
  if (header.walMode || uncleanShutdown) {
    copyDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-read-only-'));
    source = path.join(copyDir, path.basename(filePath));
    try {
      copyFileSync(filePath, source);
      if (existsSync(`${filePath}-wal`)) copyFileSync(`${filePath}-wal`, `${source}-wal`);
    } catch (error) {
      rmSync(copyDir, { recursive: true, force: true });
      throw new CaliperError(
        'io',
        `${label} is read-only and could not be copied to read it: ${(error as Error).message}`,
      );
    }
  }
  const removeCopy = () => {
    if (copyDir) rmSync(copyDir, { recursive: true, force: true });
  };
  let db: Database.Database;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true, timeout: 0 });
  } catch (error) {
    removeCopy();
    throw new CaliperError('corrupt', `${label} cannot be read (${(error as Error).message}). It was not changed.`);
  }
  try {
    const version = verify(db, source, migrations, uncleanShutdown);
    if (version < migrations.length) {
      throw new CaliperError(
        'read_only',
        `${label} was made by an earlier version of Caliper and must be updated before it can be read, but it is read-only. Copy it to a folder you can write to, then open the copy.`,
      );
    }
    db.pragma('foreign_keys = ON');
    closeActions.set(db, removeCopy);
    return { db, readOnly: true };
  } catch (error) {
    db.close();
    removeCopy();
    if (error instanceof CaliperError) throw error;
    if (isBusy(error)) throw inUse(filePath);
    throw new CaliperError('corrupt', `${label} is damaged and cannot be read (${(error as Error).message}).`);
  }
}

/** Opens an existing review read-write (or read-only when it cannot be written); see openReviewFile. */
export function openReviewDb(filePath: string, migrationsDir: string): Database.Database {
  return openReviewFile(filePath, migrationsDir).db;
}

/** A private, read-only copy of another review file, removed by `close`. */
export interface ReviewCopy {
  db: Database.Database;
  close(): void;
}

/**
 * Opens someone else's copy of a review (a file a reviewer sends from another computer) to read it,
 * never writing to it or beside it. The file passes the same checks as any review (a Caliper review,
 * not newer, not cut short); one that is open in Caliper (it holds the exclusive lock, or a write-ahead
 * log is beside it) is refused as in use. Its bytes are copied, under that lock, to a private file in
 * the system's temporary folder, which is checked in full (quick_check: the file came from elsewhere),
 * brought up to this version's format and then made query-only.
 */
export function openReviewCopy(filePath: string, migrationsDir: string): ReviewCopy {
  const migrations = migrationsFrom(migrationsDir);
  const label = labelOf(filePath);
  inspectReviewFile(filePath, migrations.length);
  if (sizeOf(`${filePath}-wal`) > 0 || sizeOf(`${filePath}-journal`) > 0) {
    throw new CaliperError(
      'in_use',
      `${label} is open in Caliper, or was not closed cleanly (a log of changes not yet written into it is beside it). Close it there (or open and close it in Caliper), then merge it.`,
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caliper-copy-'));
  // Named as the original, so every message names the file the user chose.
  const privateCopy = path.join(dir, path.basename(filePath));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    copyUnderLock(filePath, privateCopy);
  } catch (error) {
    remove();
    if (error instanceof CaliperError) throw error;
    throw new CaliperError('io', `${label} could not be read: ${(error as Error).message}`);
  }
  let db: Database.Database;
  try {
    db = new Database(privateCopy, { fileMustExist: true });
  } catch (error) {
    remove();
    throw new CaliperError('corrupt', `${label} cannot be read (${(error as Error).message}).`);
  }
  try {
    verify(db, privateCopy, migrations, true);
    migrate(db, migrations, label);
    db.pragma('query_only = ON');
  } catch (error) {
    db.close();
    remove();
    if (error instanceof CaliperError) throw error;
    throw new CaliperError('corrupt', `${label} is damaged and cannot be read (${(error as Error).message}).`);
  }
  return {
    db,
    close: () => {
      if (db.open) db.close();
      remove();
    },
  };
}

/**
 * Copies a clean review file while holding its exclusive lock, so no Caliper writes it meanwhile and
 * one that has it open is reported as such. The lock is taken as opening a review takes it, which
 * writes nothing; a file that cannot be written (a read-only file or folder) cannot be locked and is
 * not being written by Caliper either, so it is copied as it is.
 */
function copyUnderLock(filePath: string, target: string): void {
  if (!writable(filePath)) {
    copyFileSync(filePath, target);
    return;
  }
  const probe = new Database(filePath, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    try {
      probe.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      if (isBusy(error)) throw inUse(filePath);
      throw error;
    }
    try {
      copyFileSync(filePath, target);
    } finally {
      probe.exec('COMMIT');
    }
  } finally {
    probe.close();
  }
}

/** Closes a review opened here (SQLite folds the log into the file) and removes a read-only copy. */
export function closeReviewDb(db: Database.Database): void {
  if (!db.open) return;
  const action = closeActions.get(db);
  closeActions.delete(db);
  try {
    action?.();
  } finally {
    db.close();
  }
}

/** The refusal to give for a write to a review that was opened read-only, or null for any other error. */
export function readOnlyRefusal(error: unknown, filePath: string | undefined): CaliperError | null {
  if (!isReadOnlyError(error) || filePath === undefined) return null;
  return new CaliperError(
    'read_only',
    `${labelOf(filePath)} is read-only (the file or its folder cannot be written), so changes cannot be saved. Use Save a copy… to work on a copy.`,
  );
}

/**
 * Creates a new review file at filePath (which must not exist) with its schema and metadata,
 * atomically: the file is built under a temporary name and renamed into place when complete.
 */
export function createReviewDb(
  filePath: string,
  migrationsDir: string,
  init: (db: Database.Database) => void,
): Database.Database {
  if (existsSync(filePath)) {
    throw new CaliperError('exists', `"${path.basename(filePath)}" already exists; choose another name.`);
  }
  const migrations = migrationsFrom(migrationsDir);
  const temp = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const db = new Database(temp);
    try {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      configure(db);
      migrate(db, migrations, `"${path.basename(filePath)}"`);
      db.transaction(() => init(db))();
      // Fold the WAL into the main file so the renamed file is complete on its own.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    placeWithoutOverwriting(temp, filePath);
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temp + suffix, { force: true });
    throw error;
  }
  return openReviewFile(filePath, migrationsDir).db;
}

/** Moves temp to target, failing rather than replacing a file that appeared at target meanwhile. */
function placeWithoutOverwriting(temp: string, target: string): void {
  try {
    linkSync(temp, target);
    rmSync(temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new CaliperError('exists', `"${path.basename(target)}" already exists; choose another name.`);
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
      // File systems without hard links (FAT, some network drives).
      if (existsSync(target))
        throw new CaliperError('exists', `"${path.basename(target)}" already exists; choose another name.`);
      renameSync(temp, target);
      return;
    }
    throw error;
  }
}
