// Importing reference files through the contract, against real review files: preview (nothing
// written), duplicates by DOI, PMID and title+year (against the review and within the file), skip
// and merge, one transaction (nothing written when it fails part-way or is cancelled), audit rows,
// progress events, and the CLI's importReferenceFile.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportPreview, ImportPreviewPage, ImportProgress, ImportSummary } from '../../shared/model/imports';
import type { AuditEntry, StudyDetail, StudyRow } from '../../shared/model/types';
import { IN_THREAD_MAX_BYTES } from '../../electron/backend/importers/thread';
import { importReferenceFile } from '../../electron/backend/services/importReferences';
import { REFERENCES_DIR } from '../unit/importers/fixtures';
import { tempDir, testBackend } from '../helpers/temp';

const fixture = (name: string) => readFileSync(path.join(REFERENCES_DIR, name));
const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

async function reviewWithReviewer() {
  const t = testBackend();
  await t.call('review:create', { title: 'Import' });
  await t.call('reviewer:create', { name: 'Ana' });
  const counts = () => {
    const db = t.backend.requireReview().db;
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      studies: n('SELECT count(*) n FROM studies'),
      reports: n('SELECT count(*) n FROM reports'),
      audit: n('SELECT count(*) n FROM audit_log'),
    };
  };
  const preview = async (fileName: string, content: Buffer | string, extra: object = {}) =>
    (await t.call('source:previewImport', { fileName, contentBase64: base64(content), ...extra })) as ImportPreview;
  const commit = async (request: object) => (await t.call('source:commitImport', request)) as ImportSummary;
  return { ...t, counts, preview, commit };
}

describe('reference import', () => {
  it('previews the seed RIS file without writing, then commits it with reports, abstracts and audit rows', async () => {
    const t = await reviewWithReviewer();
    const before = t.counts();
    const preview = await t.preview('seeds.ris', fixture('seeds.ris'));
    expect(preview).toMatchObject({
      fileName: 'seeds.ris',
      format: 'ris',
      encoding: 'utf-8',
      counts: { records: 3, new: 3, duplicates: 0, bad: 0 },
      duplicates: [],
      bad: [],
    });
    expect(preview.newRecords.map((r) => [r.index, r.line, r.year])).toEqual([
      [0, 1, 2007],
      [1, 8, 2018],
      [2, 30, 2015],
    ]);
    expect(t.counts()).toEqual(before);

    const summary = await t.commit({ previewId: preview.previewId });
    expect(summary).toEqual({ imported: 3, merged: 0, skipped: 0, bad: 0 });
    const rows = (await t.call('study:list', {})) as StudyRow[];
    expect(rows.map((r) => r.label).sort()).toEqual([
      'Cardiac resynchronization therapy in 2007',
      'Cardiac resynchronization therapy in 2015',
      'Hernandez 2018',
    ]);
    const hernandez = rows.find((r) => r.label === 'Hernandez 2018')!;
    const detail = (await t.call('study:get', { id: hernandez.id })) as StudyDetail;
    expect(detail.reports).toHaveLength(1);
    expect(detail.reports[0]).toMatchObject({
      kind: 'journal_article',
      journal: 'JACC: Heart Failure',
      volume: '6',
      issue: '9',
      pages: '734-742',
      keywords: ['cardiac resynchronization therapy', 'heart failure', 'inotropes'],
      isPrimary: true,
    });
    expect(detail.abstract?.text).toContain('93% of the reported patients');
    // One audit row for the import, naming each study and report it added.
    const audit = (await t.call('audit:list', { entity: 'import' })) as AuditEntry[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reviewerId).not.toBeNull();
    expect(audit[0]!.entityId).toBe(preview.previewId);
    const added = JSON.parse(audit[0]!.after!) as {
      file: string;
      studies: [string, string][];
      merged: unknown[];
      abstracts: number;
    };
    expect(added.file).toBe('seeds.ris');
    expect(added.studies.map(([studyId]) => studyId).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(added.studies.map(([, reportId]) => reportId)).toContain(detail.reports[0]!.id);
    expect(added).toMatchObject({ merged: [], abstracts: 3 });
    expect(t.counts().audit - before.audit).toBe(1);
    // A preview is used once.
    await expect(t.commit({ previewId: preview.previewId })).rejects.toThrow(/not_found/);
  });

  it('finds duplicates by title and year across formats, skips or merges each as decided', async () => {
    const t = await reviewWithReviewer();
    await t.commit({ previewId: (await t.preview('seeds.ris', fixture('seeds.ris'))).previewId });
    const preview = await t.preview('seeds.nbib', fixture('seeds.nbib'));
    expect(preview.format).toBe('medline');
    expect(preview.counts).toEqual({ records: 3, new: 0, duplicates: 3, bad: 0 });
    expect(preview.duplicates.map((d) => [d.record.line, d.by, d.existing?.label, d.sameAs])).toEqual([
      [1, 'title_year', 'Cardiac resynchronization therapy in 2007', null],
      [20, 'title_year', 'Hernandez 2018', null],
      [62, 'title_year', 'Cardiac resynchronization therapy in 2015', null],
    ]);
    const before = t.counts();
    const summary = await t.commit({
      previewId: preview.previewId,
      decisions: [{ index: 1, action: 'merge' }],
    });
    expect(summary).toEqual({ imported: 0, merged: 1, skipped: 2, bad: 0 });
    expect(t.counts().studies).toBe(before.studies);
    expect(t.counts().reports).toBe(before.reports + 1);
    const detail = (await t.call('study:get', { id: preview.duplicates[1]!.existing!.studyId })) as StudyDetail;
    expect(detail.reports.map((r) => [r.isPrimary, r.pmid])).toEqual([
      [true, null],
      [false, '90000002'],
    ]);
    // The study keeps the abstract of its primary report; the merged report's abstract is a document of the study.
    expect(detail.abstract?.text).toContain('93% of the reported patients');
    expect(detail.documents).toHaveLength(2);
    // The reader shows it too: the other report's abstract, as text, by its document.
    const merged = detail.reports.find((r) => !r.isPrimary)!;
    expect(detail.otherAbstracts).toHaveLength(1);
    expect(detail.otherAbstracts[0]!.sha256).toBe(merged.abstractSha256);
    expect(detail.otherAbstracts[0]!.text).not.toBe(detail.abstract!.text);
    expect(detail.otherAbstracts[0]!.text.length).toBeGreaterThan(0);
  });

  it('finds duplicates by DOI (any case, with or without doi.org) and by PMID, within the file too', async () => {
    const t = await reviewWithReviewer();
    const first = [
      'TY  - JOUR',
      'TI  - First title',
      'PY  - 2001',
      'DO  - 10.1000/ABC',
      'ER  - ',
      'TY  - JOUR',
      'TI  - Second title',
      'PY  - 2002',
      'DB  - PubMed',
      'AN  - 555',
      'ER  - ',
    ].join('\n');
    await t.commit({ previewId: (await t.preview('first.ris', first)).previewId });
    const second = [
      'PMID- 555',
      'TI  - Completely different title',
      'DP  - 1999',
      '',
      'PMID- 777',
      'TI  - Other wording',
      'LID - https://doi.org/10.1000/abc [doi]',
      'DP  - 2001',
      '',
      'PMID- 888',
      'TI  - New here',
      'DP  - 2010',
      '',
      'PMID- 889',
      'TI  - New here!',
      'DP  - 2010',
    ].join('\n');
    // LID values are written as "10.x [doi]"; a resolver prefix is stripped all the same.
    const preview = await t.preview('second.nbib', second);
    expect(preview.counts).toEqual({ records: 4, new: 1, duplicates: 3, bad: 0 });
    expect(preview.duplicates.map((d) => [d.record.line, d.by, d.existing !== null, d.sameAs])).toEqual([
      [1, 'pmid', true, null],
      [5, 'doi', true, null],
      [14, 'title_year', false, { index: 2, line: 10 }],
    ]);
    const summary = await t.commit({ previewId: preview.previewId, onDuplicate: 'merge' });
    expect(summary).toEqual({ imported: 1, merged: 3, skipped: 0, bad: 0 });
    const rows = (await t.call('study:list', {})) as StudyRow[];
    expect(rows).toHaveLength(3);
    const newHere = rows.find((r) => r.title === 'New here')!;
    const detail = (await t.call('study:get', { id: newHere.id })) as StudyDetail;
    expect(detail.reports.map((r) => r.pmid)).toEqual(['888', '889']);
  });

  it('lists bad records with line and reason, notes what it left out, and writes only the good ones, on commit', async () => {
    const t = await reviewWithReviewer();
    const preview = await t.preview('malformed.ris', fixture('malformed.ris'));
    expect(preview.counts).toEqual({ records: 7, new: 6, duplicates: 0, bad: 1 });
    expect(preview.bad).toEqual([{ line: 7, reason: 'the record has no title' }]);
    expect(preview.notes?.map((n) => n.line)).toEqual([12, 17, 21, 31]);
    expect(preview.notes?.[0]).toEqual({ line: 12, note: 'the year 3021 is outside 1500–2200; left out' });
    expect(t.counts().studies).toBe(0);
    expect(await t.commit({ previewId: preview.previewId })).toEqual({ imported: 6, merged: 0, skipped: 0, bad: 1 });
    expect(t.counts().studies).toBe(6);
  });

  it('writes nothing when the transaction fails part-way', async () => {
    const t = await reviewWithReviewer();
    const db = t.backend.requireReview().db;
    // Fail on the third report, after two studies were written inside the transaction.
    db.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON reports WHEN (SELECT count(*) FROM reports) >= 2
             BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    const before = t.counts();
    const preview = await t.preview('seeds.ris', fixture('seeds.ris'));
    const result = await t.router.handle('source:commitImport', { previewId: preview.previewId });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(t.counts()).toEqual(before);
    db.exec('DROP TRIGGER fail_third');
    // The preview is still there: the reviewer can try again.
    expect(await t.commit({ previewId: preview.previewId })).toMatchObject({ imported: 3 });
  });

  it('reports progress as events and writes nothing when the commit is cancelled', async () => {
    const t = await reviewWithReviewer();
    const events: ImportProgress[] = [];
    t.backend.events.subscribe((event, payload) => {
      if (event === 'import:progress') events.push(payload as ImportProgress);
    });
    const preview = await t.preview('seeds.nbib', fixture('seeds.nbib'));
    // Duplicates are checked as the records arrive: the checking ends with the reading.
    expect(events.map((e) => e.phase)).toEqual(['reading', 'reading', 'checking']);
    expect(events.every((e) => e.previewId === preview.previewId)).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: 3, total: 3 });

    const before = t.counts();
    const committing = t.router.handle('source:commitImport', { previewId: preview.previewId });
    expect(await t.call('source:cancelImport', { previewId: preview.previewId })).toEqual({ cancelled: 1 });
    expect(await committing).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(t.counts()).toEqual(before);
    expect(await t.call('source:cancelImport', {})).toEqual({ cancelled: 0 });
    // Not cancelled this time: the same preview commits.
    expect(await t.commit({ previewId: preview.previewId })).toMatchObject({ imported: 3 });
    expect(events.filter((e) => e.phase === 'writing').at(-1)).toMatchObject({ done: 3, total: 3 });
  });

  it('cancels a running preview', async () => {
    const t = await reviewWithReviewer();
    const previewing = t.router.handle('source:previewImport', {
      fileName: 'seeds.ris',
      contentBase64: base64(fixture('seeds.ris')),
    });
    expect(await t.call('source:cancelImport', {})).toEqual({ cancelled: 1 });
    expect(await previewing).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('releases a preview when a new one replaces it or the reviewer cancels it, and refuses one made before other studies were added', async () => {
    const t = await reviewWithReviewer();
    const first = await t.preview('seeds.ris', fixture('seeds.ris'));
    const second = await t.preview('seeds.ris', fixture('seeds.ris'));
    const replaced = await t.router.handle('source:commitImport', { previewId: first.previewId });
    expect(replaced).toMatchObject({ ok: false, error: { code: 'not_found' } });
    if (!replaced.ok) expect(replaced.error.message).toMatch(/preview the file again/);
    expect(await t.call('source:cancelImport', { previewId: second.previewId })).toEqual({ cancelled: 0 });
    const released = await t.router.handle('source:commitImport', { previewId: second.previewId });
    expect(released).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(t.counts().studies).toBe(0);
    const third = await t.preview('seeds.ris', fixture('seeds.ris'));
    await t.call('study:add', { title: 'Added meanwhile', authors: [], year: 2001, journal: '', abstract: '' });
    const stale = await t.router.handle('source:commitImport', { previewId: third.previewId });
    expect(stale).toMatchObject({ ok: false, error: { code: 'exists' } });
    if (!stale.ok) expect(stale.error.message).toMatch(/preview the file again/);
    expect(t.counts().studies).toBe(1);
  });

  it('lists the first 500 duplicates and gives the rest a page at a time; a decision from a later page is kept', async () => {
    const t = await reviewWithReviewer();
    const n = 700;
    const record = (i: number) => `TY  - JOUR\nTI  - Paged record ${i}\nPY  - 2001\nDO  - 10.1000/paged.${i}\nER  - \n`;
    // Every record twice: the second copies (records n .. 2n - 1) are duplicates of the first.
    const text = [
      ...Array.from({ length: n }, (_, i) => record(i)),
      ...Array.from({ length: n }, (_, i) => record(i)),
    ].join('\n');
    const preview = await t.preview('twice.ris', text);
    expect(preview.counts).toEqual({ records: 2 * n, new: n, duplicates: n, bad: 0 });
    expect(preview.newRecords).toHaveLength(500);
    expect(preview.duplicates.map((d) => d.record.index)).toEqual(Array.from({ length: 500 }, (_, i) => n + i));
    const page = (await t.call('source:previewPage', {
      previewId: preview.previewId,
      list: 'duplicates',
      offset: 500,
    })) as ImportPreviewPage;
    expect(page).toMatchObject({ list: 'duplicates', offset: 500, total: n, newRecords: [] });
    expect(page.duplicates.map((d) => d.record.index)).toEqual(Array.from({ length: n - 500 }, (_, i) => n + 500 + i));
    const lastDuplicate = page.duplicates.at(-1)!;
    // Each record is five lines and a blank line: record k starts on line 6k + 1.
    const lineOf = (index: number) => 6 * index + 1;
    expect(lastDuplicate).toMatchObject({
      record: { index: 2 * n - 1, title: `Paged record ${n - 1}`, line: lineOf(2 * n - 1) },
      by: 'doi',
      existing: null,
      sameAs: { index: n - 1, line: lineOf(n - 1) },
    });
    const newPage = (await t.call('source:previewPage', {
      previewId: preview.previewId,
      list: 'new',
      offset: 600,
      limit: 50,
    })) as ImportPreviewPage;
    expect(newPage.newRecords.map((r) => r.title)).toEqual(
      Array.from({ length: 50 }, (_, i) => `Paged record ${600 + i}`),
    );
    // Past the end: an empty page.
    expect(
      (
        (await t.call('source:previewPage', {
          previewId: preview.previewId,
          list: 'duplicates',
          offset: n,
        })) as ImportPreviewPage
      ).duplicates,
    ).toEqual([]);
    const summary = await t.commit({
      previewId: preview.previewId,
      decisions: [{ index: lastDuplicate.record.index, action: 'merge' }],
    });
    expect(summary).toEqual({ imported: n, merged: 1, skipped: n - 1, bad: 0 });
    expect(t.counts()).toMatchObject({ studies: n, reports: n + 1 });
    const gone = await t.router.handle('source:previewPage', { previewId: preview.previewId, list: 'new', offset: 0 });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it("removes a preview's scratch files when it is committed, cancelled or replaced, or when it fails", async () => {
    const t = await reviewWithReviewer();
    // Over 1 MB: read in the reading thread, its records staged in a scratch file.
    const big = (tag: string) =>
      Array.from(
        { length: 2_000 },
        (_, i) =>
          `TY  - JOUR\nTI  - Staged ${tag} ${i}\nPY  - 2001\nAB  - ${'Words of an abstract. '.repeat(30)}\nER  - \n`,
      ).join('\n');
    expect(Buffer.byteLength(big('a'))).toBeGreaterThan(IN_THREAD_MAX_BYTES);
    const stageDir = (previewId: string) => t.backend.imports.previews.get(previewId)!.stage.dir!;
    const committed = await t.preview('a.ris', big('a'));
    const committedDir = stageDir(committed.previewId);
    expect(existsSync(committedDir)).toBe(true);
    await t.commit({ previewId: committed.previewId });
    expect(existsSync(committedDir)).toBe(false);

    const replaced = await t.preview('b.ris', big('b'));
    const replacedDir = stageDir(replaced.previewId);
    const cancelledPreview = await t.preview('c.ris', big('c'));
    expect(existsSync(replacedDir)).toBe(false);
    const cancelledDir = stageDir(cancelledPreview.previewId);
    expect(existsSync(cancelledDir)).toBe(true);
    await t.call('source:cancelImport', { previewId: cancelledPreview.previewId });
    expect(existsSync(cancelledDir)).toBe(false);
    expect(t.backend.imports.previews.size).toBe(0);

    // A commit that fails keeps the preview (and its file) to try again; a cancelled preview is not kept.
    const stale = await t.preview('d.ris', big('d'));
    const staleDir = stageDir(stale.previewId);
    await t.call('study:add', { title: 'Added meanwhile', authors: [], year: 2001, journal: '', abstract: '' });
    expect(await t.router.handle('source:commitImport', { previewId: stale.previewId })).toMatchObject({ ok: false });
    expect(existsSync(staleDir)).toBe(true);
    const previewing = t.router.handle('source:previewImport', { fileName: 'e.ris', contentBase64: base64(big('e')) });
    await t.call('source:cancelImport', {});
    expect(await previewing).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect([...t.backend.imports.previews.keys()]).toEqual([stale.previewId]);
    await t.call('source:cancelImport', { previewId: stale.previewId });
    expect(existsSync(staleDir)).toBe(false);

    // Another review opened, or the app closed: the previews made for the review open before go.
    const left = await t.preview('f.ris', big('f'));
    const leftDir = stageDir(left.previewId);
    await t.call('review:create', { title: 'Another' });
    expect(existsSync(leftDir)).toBe(false);
    expect(t.backend.imports.previews.size).toBe(0);
    await t.call('reviewer:create', { name: 'Bo' });
    const atClose = await t.preview('g.ris', big('g'));
    const atCloseDir = stageDir(atClose.previewId);
    t.backend.close();
    expect(existsSync(atCloseDir)).toBe(false);
  });

  it("keeps a small file's records in memory: no scratch file at all", async () => {
    const t = await reviewWithReviewer();
    const small = await t.preview('seeds.ris', fixture('seeds.ris'));
    expect(t.backend.imports.previews.get(small.previewId)!.stage.dir).toBeNull();
    expect(await t.commit({ previewId: small.previewId })).toMatchObject({ imported: 3 });
  });

  it('writes a preview once when two commits race', async () => {
    const t = await reviewWithReviewer();
    const preview = await t.preview('seeds.ris', fixture('seeds.ris'));
    const [a, b] = await Promise.all([
      t.router.handle('source:commitImport', { previewId: preview.previewId }),
      t.router.handle('source:commitImport', { previewId: preview.previewId }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(t.counts().studies).toBe(3);
  });

  it('imports CSV with a column mapping, and every other format', async () => {
    const t = await reviewWithReviewer();
    const guessed = await t.preview('mapped.csv', fixture('mapped.csv'));
    expect(guessed.counts.bad).toBe(1);
    expect(guessed.csv?.headers).toEqual(['Ref', 'Article name', 'Who', 'When', 'Where', 'Identifier']);
    const mapped = await t.preview('mapped.csv', fixture('mapped.csv'), {
      columnMapping: { title: 'Article name', authors: 'Who', year: 'When', journal: 'Where', doi: 'Identifier' },
    });
    expect(mapped.counts).toEqual({ records: 2, new: 2, duplicates: 0, bad: 0 });
    expect(await t.commit({ previewId: mapped.previewId })).toMatchObject({ imported: 2 });
    // sample.bib repeats the EndNote file's Hernandez 2018 (same DOI): two of its three records are new.
    for (const [name, imported] of [
      ['sample.xml', 2],
      ['sample.bib', 2],
      ['utf16le.ris', 2],
    ] as const) {
      const preview = await t.preview(name, fixture(name));
      expect(preview.counts.new, name).toBe(imported);
      expect(await t.commit({ previewId: preview.previewId }), name).toMatchObject({ imported });
    }
    // latin1.ris holds the same two records as utf16le.ris: duplicates by DOI and by title+year.
    const latin = await t.preview('latin1.ris', fixture('latin1.ris'));
    expect(latin.encoding).toBe('windows-1252');
    expect(latin.duplicates.map((d) => d.by)).toEqual(['doi', 'title_year']);
  });

  it('refuses a decision for a record that is not a duplicate, a file over 100 MB, and works only with a review open', async () => {
    const t = await reviewWithReviewer();
    const preview = await t.preview('seeds.ris', fixture('seeds.ris'));
    const result = await t.router.handle('source:commitImport', {
      previewId: preview.previewId,
      decisions: [{ index: 0, action: 'merge' }],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    const big = await t.router.handle('source:previewImport', {
      fileName: 'big.ris',
      contentBase64: 'A'.repeat(Math.ceil((100 * 1024 * 1024 + 3) / 3) * 4),
    });
    expect(big).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!big.ok) {
      expect(big.error.message).toMatch(
        /big\.ris is 100\.0 MB; the limit for a reference file sent as base64 is 100\.0 MB \(send it as content\)/,
      );
    }
    // As bytes, the limit is 256 MB (an untouched zero-filled buffer: no memory is written).
    const huge = await t.router.handle('source:previewImport', {
      fileName: 'huge.ris',
      content: new Uint8Array(256 * 1024 * 1024 + 1),
    });
    expect(huge).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!huge.ok)
      expect(huge.error.message).toMatch(
        /huge\.ris is 256\.0 MB; the limit for a reference file opened in the app is 256\.0 MB/,
      );
    const both = await t.router.handle('source:previewImport', {
      fileName: 'a.ris',
      content: new Uint8Array(4),
      contentBase64: base64('x'),
    });
    expect(both).toMatchObject({ ok: false, error: { code: 'validation' } });
    // The same file as bytes previews as it does as base64.
    const asBytes = (await t.call('source:previewImport', {
      fileName: 'seeds.ris',
      content: new Uint8Array(fixture('seeds.ris')),
    })) as ImportPreview;
    expect(asBytes.counts).toEqual(preview.counts);
    await t.call('review:close', {});
    const closed = await t.router.handle('source:previewImport', { fileName: 'a.ris', contentBase64: base64('x') });
    expect(closed).toMatchObject({ ok: false, error: { code: 'no_review' } });
  });

  it('imports a file for the CLI, with errors naming the file and line', async () => {
    const t = await reviewWithReviewer();
    const dir = tempDir();
    const file = path.join(dir, 'refs.nbib');
    writeFileSync(file, fixture('malformed.nbib'));
    const first = await importReferenceFile(t.backend.context(), file, { onDuplicate: 'skip' });
    expect(first).toMatchObject({ imported: 4, merged: 0, skipped: 0, duplicates: 0 });
    expect(first.errors).toEqual([{ file, line: 8, message: 'the record has no title' }]);
    expect(first.notes).toEqual([
      expect.objectContaining({ file, line: 15 }),
      { file, line: 18, message: 'the PMID "ABC" is not a PubMed id; left out' },
    ]);
    const again = await importReferenceFile(t.backend.context(), file, { onDuplicate: 'merge' });
    expect(again).toMatchObject({ imported: 0, merged: 4, duplicates: 4 });
    const missing = await importReferenceFile(t.backend.context(), path.join(dir, 'nope.ris'), { onDuplicate: 'skip' });
    expect(missing.imported).toBe(0);
    expect(missing.errors[0]!.message).toMatch(/^cannot read the file/);
  });

  it('refuses a file in which no record is found (empty, or not an export at all), naming it', async () => {
    const t = await reviewWithReviewer();
    const dir = tempDir();
    const notAnExport = path.join(dir, 'paper.ris');
    writeFileSync(notAnExport, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    const empty = path.join(dir, 'empty.nbib');
    writeFileSync(empty, '');
    for (const [file, format] of [
      [notAnExport, 'ris'],
      [empty, 'medline'],
    ] as const) {
      const result = await importReferenceFile(t.backend.context(), file, { onDuplicate: 'skip' });
      expect(result).toMatchObject({ imported: 0, bad: 1 });
      expect(result.errors).toEqual([
        {
          file,
          line: 1,
          message: `the file holds no references (read as ${format}); is it a reference manager's export?`,
        },
      ]);
    }
    expect(t.counts().studies).toBe(0);
  });

  it('reads a file over 1 MB in a worker thread, with progress as records arrive, and stops the thread on cancel', async () => {
    const t = await reviewWithReviewer();
    const n = 3_000;
    const text = Array.from(
      { length: n },
      (_, i) =>
        `TY  - JOUR\nTI  - Threaded record ${i}\nAU  - Author ${i}\nPY  - 2001\nDO  - 10.1000/thread.${i}\n${i % 3 === 1 ? '' : `AB  - Abstract ${i}. ${'Words of an abstract. '.repeat(20)}\n`}ER  - \n`,
    ).join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(IN_THREAD_MAX_BYTES);
    const events: ImportProgress[] = [];
    t.backend.events.subscribe((event, payload) => {
      if (event === 'import:progress') events.push(payload as ImportProgress);
    });
    const preview = await t.preview('big.ris', text);
    expect(preview.counts).toEqual({ records: n, new: n, duplicates: 0, bad: 0 });
    // The answer lists the first 500; the last page holds the last record.
    expect(preview.newRecords.map((r) => r.index)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    const last = (await t.call('source:previewPage', {
      previewId: preview.previewId,
      list: 'new',
      offset: n - 10,
    })) as ImportPreviewPage;
    expect(last).toMatchObject({ list: 'new', offset: n - 10, total: n, duplicates: [] });
    expect(last.newRecords.map((r) => r.index)).toEqual(Array.from({ length: 10 }, (_, i) => n - 10 + i));
    expect(last.newRecords.at(-1)).toMatchObject({
      title: `Threaded record ${n - 1}`,
      doi: `10.1000/thread.${n - 1}`,
    });
    const reading = events.filter((e) => e.phase === 'reading');
    expect(reading.at(-1)).toMatchObject({ done: n, total: n });
    expect(await t.commit({ previewId: preview.previewId })).toMatchObject({ imported: n });
    // The abstracts waited on disk between preview and commit: each record has its own, or none.
    const studies = (await t.call('study:list', {})) as StudyRow[];
    for (const i of [0, 1, 2, n - 1]) {
      const row = studies.find((s) => s.title === `Threaded record ${i}`)!;
      const detail = (await t.call('study:get', { id: row.id })) as StudyDetail;
      expect(detail.abstract?.text ?? null).toBe(
        i % 3 === 1 ? null : `Abstract ${i}. ${'Words of an abstract. '.repeat(20)}`.trim(),
      );
    }

    const previewing = t.router.handle('source:previewImport', { fileName: 'big2.ris', contentBase64: base64(text) });
    expect(await t.call('source:cancelImport', {})).toEqual({ cancelled: 1 });
    expect(await previewing).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
