// Review files that are short, tampered with or from a newer Caliper: refused as damaged or newer,
// byte-for-byte unchanged and with no -wal or -shm file left beside them; and a file left short by a
// crash during a checkpoint, whose missing pages are in its write-ahead log, still opens whole.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  openSync,
  closeSync,
  readFileSync,
  readSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir, testBackend } from '../helpers/temp';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const litter = (file: string) => ['-wal', '-shm', '-journal'].filter((s) => existsSync(file + s));

/** A closed review with `studies` studies, and its path. */
async function closedReview(studies: number): Promise<{ file: string; dataDir: string }> {
  const t = testBackend();
  const { path: file } = (await t.call('review:create', { title: 'Short' })) as { path: string };
  for (let i = 0; i < studies; i++) {
    await t.call('study:add', {
      title: `Trial ${i}`,
      authors: ['Smith J'],
      year: 2001,
      abstract: `Deaths ${i} of 120.`,
    });
  }
  t.backend.close();
  return { file, dataDir: t.dataDir };
}

async function openIn(file: string) {
  const t = testBackend();
  return { ...t, result: await t.router.handle('review:open', { path: file }) };
}

describe('a review file cut short', () => {
  for (const cut of [3, 4096]) {
    it(`is refused as damaged when ${cut} bytes are missing, unchanged and with nothing left beside it`, async () => {
      const { file } = await closedReview(30);
      truncateSync(file, readFileSync(file).length - cut);
      const before = sha(file);
      const { result } = await openIn(file);
      expect(result).toMatchObject({ ok: false, error: { code: 'corrupt', message: /cut short/ } });
      if (!result.ok) expect(result.error.message).toContain('Short.caliper');
      expect(sha(file)).toBe(before);
      expect(litter(file)).toEqual([]);
    });
  }

  it('opens whole when a crash mid-checkpoint left it short and its write-ahead log holds the rest', async () => {
    const { file } = await closedReview(1);
    // A writer whose log is never folded back, copied while open: the copy is a crash image.
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    const insert = writer.prepare(
      "INSERT INTO studies (id, label, created_at, updated_at) VALUES (?, ?, '2026-01-01', '2026-01-01')",
    );
    writer.transaction(() => {
      for (let i = 0; i < 400; i++) insert.run(`s${i}`, `Study ${i} ${'x'.repeat(200)}`);
    })();
    const crash = path.join(tempDir(), 'crash.caliper');
    copyFileSync(file, crash);
    copyFileSync(`${file}-wal`, `${crash}-wal`);
    writer.close();

    // A checkpoint writes page 1 (with the new page count) first: put the log's last page 1 in place.
    const wal = readFileSync(`${crash}-wal`);
    const pageSize = wal.readUInt32BE(8);
    let page1: Buffer | null = null;
    for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
      if (wal.readUInt32BE(at) === 1) page1 = wal.subarray(at + 24, at + 24 + pageSize);
    }
    expect(page1).not.toBeNull();
    const fd = openSync(crash, 'r+');
    writeSync(fd, page1!, 0, pageSize, 0);
    const header = Buffer.alloc(100);
    readSync(fd, header, 0, 100, 0);
    closeSync(fd);
    const pagesInHeader = header.readUInt32BE(28);
    expect(readFileSync(crash).length).toBeLessThan(pagesInHeader * pageSize);

    const { result, backend } = await openIn(crash);
    expect(result).toMatchObject({ ok: true });
    const db = backend.requireReview().db;
    expect((db.prepare('SELECT count(*) n FROM studies').get() as { n: number }).n).toBe(401);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    backend.close();
  });

  it('is refused when the write-ahead log beside it does not hold the missing pages', async () => {
    const { file } = await closedReview(30);
    truncateSync(file, readFileSync(file).length - 100);
    // A log that is not one (torn, or from another file) covers nothing.
    const junk = Buffer.alloc(8192, 7);
    junk.writeUInt32BE(0x377f0682, 0);
    const fd = openSync(`${file}-wal`, 'w');
    writeSync(fd, junk);
    closeSync(fd);
    const before = [sha(file), sha(`${file}-wal`)];
    const { result } = await openIn(file);
    expect(result).toMatchObject({ ok: false, error: { code: 'corrupt', message: /cut short/ } });
    expect([sha(file), sha(`${file}-wal`)]).toEqual(before);
  });
});

describe('refusing to open a review', () => {
  /** The file after Caliper closed it (WAL mode in its header), or rewritten in rollback mode by another tool. */
  for (const mode of ['wal', 'delete'] as const) {
    it(`leaves a file whose migrations were edited (${mode} mode) byte-identical, with no -wal or -shm`, async () => {
      const { file } = await closedReview(2);
      const db = new Database(file);
      db.prepare("UPDATE schema_migrations SET sha256 = 'tampered' WHERE version = 1").run();
      db.pragma(`journal_mode = ${mode}`);
      db.close();
      expect(litter(file)).toEqual([]);
      const before = sha(file);
      const { result } = await openIn(file);
      expect(result).toMatchObject({ ok: false, error: { code: 'corrupt', message: /migration 1/ } });
      expect(sha(file)).toBe(before);
      expect(litter(file)).toEqual([]);
    });
  }

  it('leaves a review from a newer Caliper byte-identical, with no -wal or -shm', async () => {
    const { file } = await closedReview(1);
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const before = sha(file);
    const { result } = await openIn(file);
    expect(result).toMatchObject({ ok: false, error: { code: 'newer_version' } });
    expect(sha(file)).toBe(before);
    expect(litter(file)).toEqual([]);
  });

  it('opens and closes a clean review without changing a byte of it', async () => {
    const { file } = await closedReview(3);
    const before = sha(file);
    const { result, backend } = await openIn(file);
    expect(result).toMatchObject({ ok: true, value: { readOnly: false } });
    backend.close();
    expect(sha(file)).toBe(before);
    expect(litter(file)).toEqual([]);
  });
});
