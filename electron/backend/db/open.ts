// Opening and creating review files. A review is one SQLite file marked by PRAGMA application_id.
// Before anything is written, a file given to Open is checked read-only (header, application id,
// format version, integrity), so a wrong, newer or damaged file is refused byte-for-byte unchanged.
// New files are built under a temporary name and renamed into place. Layer: electron/backend.
import { closeSync, existsSync, linkSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CaliperError } from '../../../shared/contract/result';
import { loadMigrations, migrate, type Migration } from './migrate';

/** "CALP" in ASCII: marks a SQLite file as a Caliper review. */
export const APPLICATION_ID = 0x43414c50;
export const REVIEW_EXTENSION = '.caliper';

const SQLITE_MAGIC = 'SQLite format 3\0';

let cachedMigrations: { dir: string; migrations: Migration[] } | null = null;

export function migrationsFrom(dir: string): Migration[] {
  if (cachedMigrations?.dir !== dir) cachedMigrations = { dir, migrations: loadMigrations(dir) };
  return cachedMigrations.migrations;
}

/** Applies the connection settings every review connection uses. */
function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/**
 * Reads the 100-byte SQLite header and refuses anything that is not a Caliper review this version
 * can read. Reads only; never writes.
 */
export function inspectReviewFile(filePath: string, latestVersion: number): { userVersion: number } {
  const label = `"${path.basename(filePath)}"`;
  let stat;
  try {
    stat = statSync(filePath);
  } catch {
    throw new CaliperError('not_found', `${label} does not exist (${filePath}).`);
  }
  if (stat.isDirectory()) throw new CaliperError('not_a_review', `${label} is a folder, not a Caliper review.`);
  if (stat.size === 0) throw new CaliperError('not_a_review', `${label} is empty: it is not a Caliper review.`);
  const header = Buffer.alloc(100);
  const fd = openSync(filePath, 'r');
  let read = 0;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new CaliperError('not_a_review', `${label} is not a Caliper review (it is not a SQLite database).`);
  }
  const applicationId = header.readUInt32BE(68);
  if (applicationId !== APPLICATION_ID) {
    throw new CaliperError('not_a_review', `${label} is a SQLite database but not a Caliper review.`);
  }
  const userVersion = header.readUInt32BE(60);
  if (userVersion > latestVersion) {
    throw new CaliperError(
      'newer_version',
      `${label} was made by a newer version of Caliper (review format ${userVersion}; this version reads up to ${latestVersion}). Update Caliper to open it.`,
    );
  }
  return { userVersion };
}

/** Runs SQLite's quick_check on a read-only connection. */
function checkIntegrity(filePath: string): void {
  const label = `"${path.basename(filePath)}"`;
  let db: Database.Database | null = null;
  try {
    db = new Database(filePath, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) {
      throw new CaliperError(
        'corrupt',
        `${label} is damaged (${problems.slice(0, 3).join('; ')}). It was not changed.`,
      );
    }
  } catch (error) {
    if (error instanceof CaliperError) throw error;
    throw new CaliperError(
      'corrupt',
      `${label} is damaged and cannot be read (${(error as Error).message}). It was not changed.`,
    );
  } finally {
    db?.close();
  }
}

/** Opens an existing review: read-only checks first, then a writable connection, then migrations. */
export function openReviewDb(filePath: string, migrationsDir: string): Database.Database {
  const migrations = migrationsFrom(migrationsDir);
  inspectReviewFile(filePath, migrations.length);
  checkIntegrity(filePath);
  const db = new Database(filePath, { fileMustExist: true });
  try {
    configure(db);
    // The WAL may hold transactions newer than the header: check again on the live connection.
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) {
      throw new CaliperError('not_a_review', `"${path.basename(filePath)}" is not a Caliper review.`);
    }
    migrate(db, migrations, `"${path.basename(filePath)}"`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
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
  return openReviewDb(filePath, migrationsDir);
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
