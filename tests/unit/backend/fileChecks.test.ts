// The plain-file checks made before SQLite opens a review: the write-ahead log reader takes exactly
// the committed frames SQLite would (fuzzed with random and damaged logs), and the length check
// refuses a short file unless the log holds the missing pages.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missingPages, parseHeader, readWal } from '../../../electron/backend/db/fileChecks';
import { fuzzRuns } from '../../helpers/fuzz';
import { tempDir } from '../../helpers/temp';

/** A database with a write-ahead log of `transactions` committed transactions, copied while open. */
function walImage(transactions: number): { db: Buffer; wal: Buffer; committedPages: number } {
  const dir = tempDir();
  const file = path.join(dir, 'w.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (x TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  for (let i = 0; i < transactions; i++) insert.run('x'.repeat(3000));
  const image = { db: readFileSync(file), wal: readFileSync(`${file}-wal`) };
  const committedPages = db.pragma('page_count', { simple: true }) as number;
  db.close();
  return { ...image, committedPages };
}

const image = walImage(6);

function readWalBytes(bytes: Uint8Array, file = path.join(tempDir(), 'x.db-wal')) {
  writeFileSync(file, bytes);
  return readWal(file, 4096);
}

describe('write-ahead log reader', () => {
  it('takes every page of the committed transactions and the database size after the last one', () => {
    const wal = readWalBytes(image.wal);
    expect(wal.committedPageCount).toBe(image.committedPages);
    expect(wal.pages.size).toBeGreaterThan(1);
    expect(Math.max(...wal.pages)).toBeLessThanOrEqual(image.committedPages);
  });

  it('fuzz: random bytes are never taken as a log, and never throw', () => {
    const file = path.join(tempDir(), 'x.db-wal');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.boolean(), (bytes, magic) => {
        if (magic && bytes.length >= 4) Buffer.from(bytes.buffer).writeUInt32BE(0x377f0682, 0);
        const wal = readWalBytes(bytes, file);
        expect(wal.pages.size).toBe(0);
        expect(wal.committedPageCount).toBe(0);
      }),
      { numRuns: fuzzRuns(200) },
    );
  });

  it('fuzz: a damaged log yields at most what the whole one holds, stopping at the damage', () => {
    const whole = readWalBytes(image.wal);
    const file = path.join(tempDir(), 'x.db-wal');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: image.wal.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        fc.boolean(),
        (at, xor, truncate) => {
          const damaged = Buffer.from(truncate ? image.wal.subarray(0, at) : image.wal);
          if (!truncate) damaged[at] = damaged[at]! ^ xor;
          const wal = readWalBytes(damaged, file);
          for (const page of wal.pages) expect(whole.pages.has(page)).toBe(true);
          expect(wal.committedPageCount).toBeLessThanOrEqual(whole.committedPageCount);
          // Damage inside the last transaction's frames loses that transaction.
          if (at >= 32 && at < image.wal.length - 4096 - 24)
            expect(wal.committedPageCount).toBeLessThan(whole.committedPageCount + 1);
        },
      ),
      { numRuns: fuzzRuns(100) },
    );
  });
});

describe('length check', () => {
  const header = parseHeader(image.db);
  const noWal = path.join(tempDir(), 'none-wal');

  it('passes a whole file and refuses one a few bytes short, naming both lengths', () => {
    const pages = header.pageCount!;
    expect(missingPages(pages * header.pageSize, header, noWal)).toBeNull();
    expect(missingPages(pages * header.pageSize - 3, header, noWal)).toMatch(
      new RegExp(
        `${(pages * header.pageSize - 3).toLocaleString('en')} bytes long but should be ${(pages * header.pageSize).toLocaleString('en')}`,
      ),
    );
  });

  it('passes a short file whose missing pages are in the log beside it, and refuses it when they are not', () => {
    const wal = path.join(tempDir(), 'w.db-wal');
    writeFileSync(wal, image.wal);
    const grown = { ...header, pageCount: image.committedPages };
    expect(missingPages(image.db.length, grown, wal)).toBeNull();
    // Only the log's header: no frames, so nothing beyond the file's end.
    writeFileSync(wal, image.wal.subarray(0, 32));
    expect(missingPages(image.db.length, grown, wal)).toMatch(/cut short/);
    // Frames whose checksums fail (a torn log) hold nothing either.
    const torn = Buffer.from(image.wal);
    for (let at = 32 + 24; at < torn.length; at += 24 + 4096) torn[at] = torn[at]! ^ 0xff;
    writeFileSync(wal, torn);
    expect(missingPages(image.db.length, grown, wal)).toMatch(/cut short/);
  });
});
