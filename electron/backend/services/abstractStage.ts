// Where a large import's abstracts wait between preview and commit: a scratch SQLite file in a
// private temporary folder, not the heap. Abstracts are most of a reference file (about three
// quarters of a PubMed or Scopus export), and the preview needs none of them (duplicates are found
// by DOI, PMID and title), so 100,000 records are held as their citations only and each abstract is
// read back when its record is written. Removed when the preview is committed, replaced or
// cancelled, and when the process ends. Layer: electron/backend (services).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const open = new Set<AbstractStage>();
let cleanupRegistered = false;

export class AbstractStage {
  private readonly dir: string;
  private db: Database.Database | null;
  private readonly insert: Database.Statement;
  private readonly scan: Database.Statement;
  private readonly insertMany: (first: number, abstracts: (string | null)[]) => void;

  constructor() {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'caliper-import-'));
    const db = new Database(path.join(this.dir, 'abstracts.db'));
    // Scratch data: nothing to recover after a crash, so no journal and no syncing.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -2048');
    db.exec('CREATE TABLE abstracts (record INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    this.db = db;
    this.insert = db.prepare('INSERT INTO abstracts (record, text) VALUES (?, ?)');
    this.scan = db.prepare('SELECT record, text FROM abstracts ORDER BY record').raw(true);
    this.insertMany = db.transaction((first: number, abstracts: (string | null)[]) => {
      abstracts.forEach((text, i) => {
        if (text !== null) this.insert.run(first + i, text);
      });
    });
    open.add(this);
    if (!cleanupRegistered) {
      cleanupRegistered = true;
      process.once('exit', () => {
        for (const stage of open) stage.close();
      });
    }
  }

  /** Keeps the abstracts of records first, first + 1, ... (null: that record has none). */
  put(first: number, abstracts: (string | null)[]): void {
    if (!this.db) throw new Error('the import stage was closed');
    this.insertMany(first, abstracts);
  }

  /**
   * Reads the abstracts in record order, for a commit that writes records 0, 1, 2, ...: one pass
   * over the file instead of a lookup per record. `at(i)` must be asked with i never decreasing;
   * `done()` ends the pass early.
   */
  inOrder(): { at(index: number): string | null; done(): void } {
    if (!this.db) throw new Error('the import stage was closed');
    const rows = this.scan.iterate() as IterableIterator<[number, string]>;
    let current = rows.next();
    return {
      at(index) {
        while (!current.done && current.value[0] < index) current = rows.next();
        return !current.done && current.value[0] === index ? current.value[1] : null;
      },
      done() {
        if (!current.done) rows.return?.();
      },
    };
  }

  close(): void {
    if (!this.db) return;
    this.db.close();
    this.db = null;
    open.delete(this);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
