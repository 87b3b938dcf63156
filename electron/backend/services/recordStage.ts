// Where an import's records wait between preview and commit: a scratch SQLite file in a private
// temporary folder, not the heap. The preview keeps in memory only what finding duplicates needs
// (DOI, PMID and title keys, each record's line and match), so 100,000 records cost about 30 MB of
// keys instead of their citations and abstracts; the commit reads the records back in record
// order, in one pass, as it writes them, and the preview's pages read the few they list. Removed
// when the preview is committed, replaced or cancelled, and when the process ends. A small file's
// records (read in the calling thread, a few megabytes at most) wait in an in-memory database
// instead: the same code, no file.
// Layer: electron/backend (services).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ImportedRecord } from '../importers';

const open = new Set<RecordStage>();
let cleanupRegistered = false;

/** The prefix of a stage's folder in the system's temporary folder. */
const STAGE_DIR_PREFIX = 'caliper-import-';

export class RecordStage {
  /** The stage's private folder (removed by close); null for a stage in memory. */
  readonly dir: string | null;
  private db: Database.Database | null;
  private readonly insert: Database.Statement;
  private readonly scan: Database.Statement;
  private readonly one: Database.Statement;
  private readonly insertMany: (first: number, records: readonly ImportedRecord[]) => void;

  constructor(options: { onDisk: boolean }) {
    this.dir = options.onDisk ? mkdtempSync(path.join(os.tmpdir(), STAGE_DIR_PREFIX)) : null;
    const db = new Database(this.dir ? path.join(this.dir, 'records.db') : ':memory:');
    // Scratch data: nothing to recover after a crash, so no journal and no syncing.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -2048');
    db.exec('CREATE TABLE records (record INTEGER PRIMARY KEY, json TEXT NOT NULL)');
    this.db = db;
    this.insert = db.prepare('INSERT INTO records (record, json) VALUES (?, ?)');
    this.scan = db.prepare('SELECT json FROM records ORDER BY record').pluck(true);
    this.one = db.prepare('SELECT json FROM records WHERE record = ?').pluck(true);
    this.insertMany = db.transaction((first: number, records: readonly ImportedRecord[]) => {
      records.forEach((record, i) => this.insert.run(first + i, JSON.stringify(record)));
    });
    open.add(this);
    if (!cleanupRegistered) {
      cleanupRegistered = true;
      process.once('exit', () => {
        for (const stage of open) stage.close();
      });
    }
  }

  private live(): Database.Database {
    if (!this.db) throw new Error('the import stage was closed');
    return this.db;
  }

  /** Keeps records first, first + 1, ... (in one transaction). */
  put(first: number, records: readonly ImportedRecord[]): void {
    this.live();
    this.insertMany(first, records);
  }

  /** The records at these indexes (each must have been put). */
  get(indexes: readonly number[]): ImportedRecord[] {
    this.live();
    return indexes.map((i) => {
      const json = this.one.get(i) as string | undefined;
      if (json === undefined) throw new Error(`record ${i} is not in the import stage`);
      return JSON.parse(json) as ImportedRecord;
    });
  }

  /**
   * The records in record order, read in one pass (a commit writes records 0, 1, 2, ...). `next()`
   * gives the next record's JSON text (parse it only when it is written); `done()` ends the pass early.
   */
  inOrder(): { next(): string; done(): void } {
    this.live();
    const rows = this.scan.iterate() as IterableIterator<string>;
    let finished = false;
    return {
      next() {
        const row = rows.next();
        if (row.done) {
          finished = true;
          throw new Error('the import stage holds fewer records than the preview');
        }
        return row.value;
      },
      done() {
        if (!finished) rows.return?.();
        finished = true;
      },
    };
  }

  close(): void {
    if (!this.db) return;
    this.db.close();
    this.db = null;
    open.delete(this);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
