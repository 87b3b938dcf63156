// Review files on disk: pragmas, refusing files that are not Caliper reviews (byte-for-byte
// unchanged), creating without overwriting, and reopening what was written.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../electron/backend/db/migrate';
import { APPLICATION_ID, openReviewDb } from '../../electron/backend/db/open';
import { resources } from '../../electron/backend/resources';
import { tempDir, testBackend } from '../helpers/temp';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function newReview(dir = tempDir()) {
  const t = testBackend(dir);
  const info = (await t.call('review:create', { title: 'Statins for prevention' })) as { path: string };
  return { ...t, file: info.path };
}

describe('a new review file', () => {
  it('is a SQLite file marked as a Caliper review, in WAL mode with full sync and foreign keys', async () => {
    const { backend, file } = await newReview();
    expect(path.basename(file)).toBe('Statins for prevention.caliper');
    const db = backend.requireReview().db;
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations(resources.migrationsDir).length);
    const header = readFileSync(file).subarray(0, 100);
    expect(header.readUInt32BE(68)).toBe(APPLICATION_ID);
  });

  it('is never created over an existing file', async () => {
    const dir = tempDir();
    const { router, file } = await newReview(dir);
    const before = sha(file);
    const result = await router.handle('review:create', { title: 'Statins for prevention' });
    expect(result).toMatchObject({ ok: false, error: { code: 'exists' } });
    expect(sha(file)).toBe(before);
  });

  it('must end in .caliper when a path is given', async () => {
    const { router, dataDir } = testBackend();
    const result = await router.handle('review:create', { title: 'x', path: path.join(dataDir, 'x.sqlite') });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(existsSync(path.join(dataDir, 'x.sqlite'))).toBe(false);
  });
});

describe('opening a file that is not a review Caliper can read', () => {
  const cases: [string, (file: string) => void, string, RegExp][] = [
    [
      'a text file renamed .caliper',
      (f) => writeFileSync(f, 'Title,Year\nSmith,2001\n'.repeat(20)),
      'not_a_review',
      /not a SQLite database/,
    ],
    ['an empty file', (f) => writeFileSync(f, ''), 'not_a_review', /empty/],
    [
      'another program’s SQLite database',
      (f) => {
        const db = new Database(f);
        db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
        db.close();
      },
      'not_a_review',
      /SQLite database but not a Caliper review/,
    ],
  ];
  for (const [name, make, code, message] of cases) {
    it(`refuses ${name} and leaves it unchanged`, async () => {
      const { router, dataDir } = testBackend();
      const file = path.join(dataDir, 'input.caliper');
      make(file);
      const before = sha(file);
      const result = await router.handle('review:open', { path: file });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(code);
        expect(result.error.message).toMatch(message);
        expect(result.error.message).toContain('input.caliper');
      }
      expect(sha(file)).toBe(before);
      expect(existsSync(`${file}-wal`)).toBe(false);
    });
  }

  it('refuses a review from a newer version of Caliper, unchanged', async () => {
    const { backend, file } = await newReview();
    backend.close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = sha(file);
    const t = testBackend();
    const result = await t.router.handle('review:open', { path: file });
    expect(result).toMatchObject({ ok: false, error: { code: 'newer_version' } });
    if (!result.ok) expect(result.error.message).toMatch(/newer version of Caliper/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a damaged review, unchanged', async () => {
    const { backend, file } = await newReview();
    await backend.requireReview();
    backend.close();
    const bytes = readFileSync(file);
    // Keep the 100-byte header (so it still looks like a review), scramble the pages after it.
    for (let i = 1024; i < bytes.length; i += 7) bytes[i] = (bytes[i]! * 31 + 17) & 0xff;
    writeFileSync(file, bytes);
    const before = sha(file);
    const t = testBackend();
    const result = await t.router.handle('review:open', { path: file });
    expect(result).toMatchObject({ ok: false, error: { code: 'corrupt' } });
    if (!result.ok) expect(result.error.message).toMatch(/damaged/);
    expect(sha(file)).toBe(before);
  });

  it('says clearly when the file does not exist', async () => {
    const { router, dataDir } = testBackend();
    const result = await router.handle('review:open', { path: path.join(dataDir, 'missing.caliper') });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    if (!result.ok) expect(result.error.message).toContain('missing.caliper');
  });

  it('keeps the open review open when another file is refused', async () => {
    const { router, dataDir, file } = await newReview();
    const bad = path.join(dataDir, 'bad.caliper');
    writeFileSync(bad, 'nope');
    await router.handle('review:open', { path: bad });
    expect(await router.handle('review:current', {})).toMatchObject({ ok: true, value: { path: file } });
  });
});

describe('save a copy', () => {
  it('writes a complete review that opens on its own, and refuses to overwrite', async () => {
    const { call, dataDir, router } = await newReview();
    await call('study:add', {
      title: 'Trial A',
      authors: ['Smith J'],
      year: 2001,
      abstract: 'Deaths 4/123 vs 11/139.',
    });
    const copy = path.join(dataDir, 'copy.caliper');
    expect(await call('review:saveCopy', { path: copy })).toEqual({ path: copy });
    const db = openReviewDb(copy, resources.migrationsDir);
    expect((db.prepare('SELECT count(*) n FROM studies').get() as { n: number }).n).toBe(1);
    db.close();
    const again = await router.handle('review:saveCopy', { path: copy });
    expect(again).toMatchObject({ ok: false, error: { code: 'exists' } });
  });
});
