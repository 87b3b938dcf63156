// PDF import through the router and the CLI's entry point, against real review files: a PDF becomes a
// study or is attached to one, stored once by SHA-256 with its pages' text, in one audited
// transaction; every broken, encrypted, renamed or oversized file is refused with its name and leaves
// the review file exactly as it was; folder import matches PDFs to studies by DOI, then title.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { base64DecodedBytes } from '../../shared/contract/base64';
import { CaliperError } from '../../shared/contract/result';
import type { AuditEntry, PdfImportResult, PdfMatchResult, StudyDetail, StudyRow } from '../../shared/model/types';
import { pdfjsThreadKept } from '../../electron/backend/importers/pdfjs';
import { readPdfFile, titleSimilarity } from '../../electron/backend/services/documents';
import { importPdfPath } from '../../electron/cli/commands/import';
import { makePdf } from '../helpers/makePdf';
import { tempDir, testBackend } from '../helpers/temp';

const pdfs = fileURLToPath(new URL('../fixtures/pdfs/', import.meta.url));
const fixturePath = (name: string) => path.join(pdfs, name);
const base64 = (name: string) => readFileSync(fixturePath(name)).toString('base64');

const TABLES = ['studies', 'reports', 'documents', 'pdf_documents', 'document_pages', 'study_documents', 'audit_log'];

async function review() {
  const t = testBackend();
  const info = (await t.call('review:create', { title: 'PDFs' })) as { path: string };
  await t.call('reviewer:create', { name: 'A' });
  const db = () => t.backend.requireReview().db;
  const count = (table: string) => (db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const counts = () => Object.fromEntries(TABLES.map((table) => [table, count(table)]));
  /** Row counts and the bytes of the review file and its WAL: equal only if nothing was written. */
  const state = () => {
    const files = [info.path, `${info.path}-wal`]
      .filter(existsSync)
      .map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));
    return JSON.stringify({ counts: counts(), files });
  };
  return { ...t, path: info.path, db, count, counts, state };
}

async function importFixture(t: Awaited<ReturnType<typeof review>>, name: string, extra: Record<string, unknown> = {}) {
  return (await t.call('document:importPdf', {
    fileName: path.basename(name),
    contentBase64: base64(name),
    ...extra,
  })) as PdfImportResult;
}

describe('importing a PDF', () => {
  it('makes a study of it, titled from the paper, with the PDF, its pages and audit rows in one go', async () => {
    const t = await review();
    const result = await importFixture(t, 'crt-sample-article.pdf');
    expect(result).toMatchObject({
      createdStudy: true,
      storedNew: true,
      attached: true,
      fileName: 'crt-sample-article.pdf',
    });
    expect(result.study.title).toBe(
      'Cardiac Resynchronization Therapy in Patients With End-Stage Inotrope-Dependent Class IV Heart Failure',
    );
    expect(result.document).toMatchObject({ pageCount: 1, fingerprint: '546576ec579795da1afac12c60230be9' });
    const sha256 = createHash('sha256')
      .update(readFileSync(fixturePath('crt-sample-article.pdf')))
      .digest('hex');
    expect(result.document.sha256).toBe(sha256);

    const detail = (await t.call('study:get', { id: result.study.id })) as StudyDetail;
    expect(detail.documents).toEqual([
      expect.objectContaining({
        sha256,
        kind: 'pdf',
        mediaType: 'application/pdf',
        fileName: 'crt-sample-article.pdf',
        pageCount: 1,
      }),
    ]);
    const pages = (await t.call('document:pages', { sha256 })) as { pages: string[] };
    expect(pages.pages).toHaveLength(1);
    expect(pages.pages[0]).toContain('LVEF, % 23.5 ± 4.3 32.0 ± 9.1 <0.05');
    const got = (await t.call('document:get', { sha256 })) as { url: string; pageCount: number };
    expect(got).toMatchObject({ pageCount: 1, url: `/api/pdf/${sha256}` });

    const audit = (await t.call('audit:list', { limit: 50 })) as AuditEntry[];
    const rows = audit.filter((e) => e.entity !== 'reviewer');
    expect(rows.map((e) => e.entity).sort()).toEqual(['document', 'pdf_document', 'report', 'study', 'study_document']);
    expect(new Set(rows.map((e) => e.at)).size).toBe(1);
    expect(rows.every((e) => e.reviewerId !== null)).toBe(true);
  });

  it('attaches the 14-page paper to an existing study, each page’s text stored in order', async () => {
    const t = await review();
    const study = (await t.call('study:add', {
      title: 'TraceMonkey',
      authors: ['Gal A'],
      year: 2009,
      abstract: 'JIT.',
    })) as StudyRow;
    const result = await importFixture(t, 'tracemonkey.pdf', { studyId: study.id });
    expect(result).toMatchObject({ createdStudy: false, storedNew: true, attached: true });
    expect(result.study.id).toBe(study.id);
    expect(t.count('studies')).toBe(1);
    const pages = (await t.call('document:pages', { sha256: result.document.sha256 })) as { pages: string[] };
    expect(pages.pages).toHaveLength(14);
    expect(pages.pages[4]).toContain('Representation specialization: numbers. JavaScript has no');
    expect(pages.pages[13]).toContain('References');
    const detail = (await t.call('study:get', { id: study.id })) as StudyDetail;
    expect(detail.documents.map((d) => [d.kind, d.fileName, d.pageCount])).toEqual([
      ['abstract', null, null],
      ['pdf', 'tracemonkey.pdf', 14],
    ]);
  });

  it('stores the same PDF once: attached twice to one study is a no-op, to another study a link', async () => {
    const t = await review();
    const first = await importFixture(t, 'crt-sample-article.pdf');
    const before = t.state();
    const again = await importFixture(t, 'crt-sample-article.pdf', { studyId: first.study.id });
    expect(again).toMatchObject({ createdStudy: false, storedNew: false, attached: false });
    expect(t.state()).toBe(before);

    const unnamed = await importFixture(t, 'crt-sample-article.pdf');
    expect(unnamed).toMatchObject({ createdStudy: false, storedNew: false, attached: false });
    expect(unnamed.study.id).toBe(first.study.id);
    expect(t.state()).toBe(before);

    const other = (await t.call('study:add', { title: 'Other report', authors: [], abstract: '' })) as StudyRow;
    const renamed = (await t.call('document:importPdf', {
      fileName: 'Hernandez 2008.pdf',
      contentBase64: base64('crt-sample-article.pdf'),
      studyId: other.id,
    })) as PdfImportResult;
    expect(renamed).toMatchObject({ storedNew: false, attached: true, fileName: 'Hernandez 2008.pdf' });
    expect(t.counts()).toMatchObject({ documents: 1, pdf_documents: 1, document_pages: 1, study_documents: 2 });
    const detail = (await t.call('study:get', { id: other.id })) as StudyDetail;
    expect(detail.documents[0]).toMatchObject({ fileName: 'Hernandez 2008.pdf', pageCount: 1 });
  });

  it('writes nothing when the transaction fails part-way', async () => {
    const t = await review();
    t.db().exec(
      "CREATE TRIGGER fail_pages BEFORE INSERT ON document_pages BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
    );
    const before = t.counts();
    const result = await t.router.handle('document:importPdf', {
      fileName: 'tracemonkey.pdf',
      contentBase64: base64('tracemonkey.pdf'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(t.counts()).toEqual(before);
  });

  it('needs an open review and an existing study', async () => {
    const none = testBackend();
    expect(
      await none.router.handle('document:importPdf', {
        fileName: 'a.pdf',
        contentBase64: base64('crt-sample-article.pdf'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'no_review' } });
    const t = await review();
    const before = t.state();
    expect(
      await t.router.handle('document:importPdf', {
        fileName: 'a.pdf',
        contentBase64: base64('crt-sample-article.pdf'),
        studyId: 'no-such-study',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await t.router.handle('document:pages', { sha256: 'a'.repeat(64) })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(t.state()).toBe(before);
  });
});

describe('a long PDF (pdf.js releases its pages as it reads, and its thread is ended after the read)', () => {
  const PAGES = 130;
  const BLANK = 101;
  const lines = (page: number) =>
    page === BLANK
      ? []
      : Array.from({ length: 4 }, (_, line) => `Page ${page} line ${line + 1}: marker${page}x${line + 1} of 130.`);
  const long = makePdf({
    pages: Array.from({ length: PAGES }, (_, i) => (i === 0 ? ['A long report', ...lines(1)] : lines(i + 1))),
  }).toString('base64');
  const importLong = (t: Awaited<ReturnType<typeof review>>) =>
    t.router.handle('document:importPdf', { fileName: 'long.pdf', contentBase64: long });

  it('stores every page’s text in order, reports the page without text, and Find reaches the last pages', async () => {
    const t = await review();
    await importFixture(t, 'crt-sample-article.pdf');
    expect(pdfjsThreadKept()).toBe(true);
    const result = await importLong(t);
    if (!result.ok) throw new Error(result.error.message);
    const imported = result.value as PdfImportResult;
    expect(pdfjsThreadKept()).toBe(false);
    expect(imported.document.pageCount).toBe(PAGES);
    expect(imported.unusablePages).toEqual([BLANK]);
    const { pages } = (await t.call('document:pages', { sha256: imported.document.sha256 })) as { pages: string[] };
    expect(pages).toHaveLength(PAGES);
    pages.forEach((text, i) => {
      const expected = lines(i + 1);
      for (const line of expected) expect(text, `page ${i + 1}`).toContain(line);
      expect(text.match(/marker\d+x\d+/g) ?? [], `page ${i + 1}`).toHaveLength(expected.length);
    });
    const found = (await t.call('document:find', { sha256: imported.document.sha256, query: 'marker127x3' })) as {
      hits: { page: number }[];
    };
    expect(found.hits.map((h) => h.page)).toEqual([127]);
    // The next PDF starts a thread of its own, kept after a small read.
    const next = await importFixture(t, 'tracemonkey.pdf');
    expect(next.document.pageCount).toBe(14);
    expect(pdfjsThreadKept()).toBe(true);
  });

  it('writes nothing when storing its pages fails part-way', async () => {
    const t = await review();
    t.db().exec(
      "CREATE TRIGGER fail_page BEFORE INSERT ON document_pages WHEN NEW.page = 120 BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
    );
    const before = t.state();
    expect(await importLong(t)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(t.state()).toBe(before);
    t.db().exec('DROP TRIGGER fail_page');
    const again = await importLong(t);
    expect(again.ok).toBe(true);
    expect(t.count('document_pages')).toBe(PAGES);
  });
});

describe('refused PDFs leave the review unchanged', () => {
  // The others in broken/ are repaired by pdf.js or open without a password (tests/integration/pdfCorpus.test.ts).
  const broken = readdirSync(path.join(pdfs, 'broken'))
    .sort()
    .filter((name) => name.startsWith('poppler-'));

  it('finds the unreadable fixture', () => expect(broken).toEqual(['poppler-742-0-fuzzed.pdf']));

  for (const name of broken) {
    it(`refuses broken/${name}, naming it`, async () => {
      const t = await review();
      const study = (await t.call('study:add', { title: 'Trial', authors: [], abstract: 'Text.' })) as StudyRow;
      const before = t.state();
      for (const studyId of [undefined, study.id]) {
        const result = await t.router.handle('document:importPdf', {
          fileName: name,
          contentBase64: base64(`broken/${name}`),
          ...(studyId ? { studyId } : {}),
        });
        expect(result.ok, name).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('validation');
          expect(result.error.message).toContain(name);
        }
      }
      expect(t.state()).toBe(before);
    });
  }

  it('refuses a text file renamed .pdf', async () => {
    const t = await review();
    const before = t.state();
    const result = await t.router.handle('document:importPdf', {
      fileName: 'notes.pdf',
      contentBase64: Buffer.from('Mortality was 4 of 123.\n').toString('base64'),
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'validation', message: 'notes.pdf is not a PDF (it does not begin with "%PDF-").' },
    });
    expect(t.state()).toBe(before);
  });

  it('asks for the password of a PDF that needs one, changing nothing, and imports it with the password', async () => {
    const t = await review();
    const before = t.state();
    const result = await t.router.handle('document:importPdf', {
      fileName: 'user-password.pdf',
      contentBase64: base64('edge/user-password.pdf'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'encrypted' } });
    expect(t.state()).toBe(before);
    const imported = await importFixture(t, 'edge/user-password.pdf', { password: 'caliper' });
    expect(imported.document.pageCount).toBe(1);
  });

  it('imports a PDF with an owner password only without one, saying so', async () => {
    const t = await review();
    const result = await importFixture(t, 'broken/empty_protected.pdf');
    expect(result.document.pageCount).toBe(1);
    expect(result.notes[0]).toMatch(/^empty_protected\.pdf is encrypted with an owner password only/);
  });

  it('refuses a file over 200 MB by its size, without reading it', async () => {
    const t = await review();
    const before = t.state();
    const big = path.join(tempDir(), 'huge scan.pdf');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 230 * 1024 * 1024); // sparse: no 230 MB is written or read
    closeSync(fd);
    await expect(readPdfFile(big)).rejects.toThrow(
      new CaliperError('validation', 'huge scan.pdf is 230.0 MB; the limit is 200.0 MB.'),
    );
    expect(t.state()).toBe(before);
  });

  it('checks the 200 MB limit on base64 before decoding it', () => {
    expect(base64DecodedBytes('JVBERi0=')).toBe(5);
    expect(base64DecodedBytes('JVBERi0xLjQ=')).toBe(8);
    expect(base64DecodedBytes('A'.repeat(4 * 1000))).toBe(3000);
  });
});

describe('importPdfPath (the command line’s import of a PDF file, through the router)', () => {
  it('imports a file as a new study or attached to one, and reports what it did', async () => {
    const t = await review();
    const made = await importPdfPath(t.router, fixturePath('tracemonkey.pdf'));
    expect(made).toMatchObject({ pages: 14, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const study = (await t.call('study:add', { title: 'Sample', authors: [], abstract: '' })) as StudyRow;
    const attached = await importPdfPath(t.router, fixturePath('crt-sample-article.pdf'), {
      attach: study.id,
    });
    expect(attached).toMatchObject({ studyId: study.id, pages: 1 });
    await expect(importPdfPath(t.router, path.join(tempDir(), 'missing.pdf'))).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('missing.pdf'),
    });
    await expect(
      importPdfPath(t.router, fixturePath('broken/poppler-742-0-fuzzed.pdf'), { attach: study.id }),
    ).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/^poppler-742-0-fuzzed\.pdf is damaged/),
    });
    const repaired = await importPdfPath(t.router, fixturePath('broken/helloworld-bad.pdf'), {
      attach: study.id,
    });
    expect(repaired.notes).toEqual([expect.stringMatching(/^helloworld-bad\.pdf was repaired when read: /)]);
  });
});

describe('matching PDFs to studies for folder import', () => {
  it('ranks a DOI match first, then similar titles, and stores nothing', async () => {
    const t = await review();
    const doi = '10.1016/j.jacc.2008.01.036';
    // A study that came from a PDF carries its DOI.
    const withDoi = (await t.call('document:importPdf', {
      fileName: 'first.pdf',
      contentBase64: makePdf({
        pages: [['Outcomes of resynchronization in dependent patients', `doi:${doi}`]],
      }).toString('base64'),
    })) as PdfImportResult;
    const similar = (await t.call('study:add', {
      title: 'Cardiac resynchronization therapy in patients with end-stage inotrope-dependent class IV heart failure',
      authors: ['Hernandez GA'],
      year: 2008,
      abstract: '',
    })) as StudyRow;
    await t.call('study:add', { title: 'Statins after myocardial infarction', authors: [], abstract: '' });
    const before = t.state();

    const byTitle = (await t.call('document:matchPdf', {
      fileName: 'crt.pdf',
      contentBase64: base64('crt-sample-article.pdf'),
    })) as PdfMatchResult;
    expect(byTitle.matches).toEqual([expect.objectContaining({ studyId: similar.id, by: 'title', score: 1 })]);
    expect(byTitle).toMatchObject({ pageCount: 1, alreadyIn: [] });

    const byDoi = (await t.call('document:matchPdf', {
      fileName: 'second.pdf',
      contentBase64: makePdf({
        pages: [['Cardiac resynchronization therapy in patients', `https://doi.org/${doi.toUpperCase()}`]],
      }).toString('base64'),
    })) as PdfMatchResult;
    expect(byDoi.matches[0]).toMatchObject({ studyId: withDoi.study.id, by: 'doi', score: 1 });
    expect(t.state()).toBe(before);

    // Confirming the match imports the PDF it read (without reading it again) into that study.
    const confirmed = await importFixture(t, 'crt-sample-article.pdf', { studyId: similar.id });
    expect(confirmed).toMatchObject({ attached: true, createdStudy: false });
    const again = (await t.call('document:matchPdf', {
      fileName: 'crt.pdf',
      contentBase64: base64('crt-sample-article.pdf'),
    })) as PdfMatchResult;
    expect(again.alreadyIn).toEqual([similar.id]);
  });

  it('compares titles as words: case, accents, punctuation and ligatures aside', () => {
    expect(titleSimilarity('Effect of CRT: a RANDOMISED trial', 'effect of crt a randomised trial')).toBe(1);
    expect(titleSimilarity('Eﬃcacy of résynchronisation', 'Efficacy of resynchronisation')).toBe(1);
    expect(
      titleSimilarity('Cardiac resynchronization in class IV', 'Cardiac resynchronisation in class IV heart failure'),
    ).toBeGreaterThan(0.7);
    expect(titleSimilarity('Statins after infarction', 'Cardiac resynchronization therapy')).toBeLessThan(0.3);
    expect(titleSimilarity('', 'x')).toBe(0);
  });

  it('refuses a broken PDF with the same clear error as import', async () => {
    const t = await review();
    expect(
      await t.router.handle('document:matchPdf', {
        fileName: 'bad.pdf',
        contentBase64: base64('broken/poppler-742-0-fuzzed.pdf'),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringMatching(/^bad\.pdf is damaged/) },
    });
  });

  it('keeps the PDF text across a restart', async () => {
    const dataDir = tempDir();
    const first = testBackend(dataDir);
    const info = (await first.call('review:create', { title: 'Restart' })) as { path: string };
    const result = (await first.call('document:importPdf', {
      fileName: 'tracemonkey.pdf',
      contentBase64: base64('tracemonkey.pdf'),
    })) as PdfImportResult;
    first.backend.close();
    const second = testBackend(dataDir);
    await second.call('review:open', { path: info.path });
    const pages = (await second.call('document:pages', { sha256: result.document.sha256 })) as { pages: string[] };
    expect(pages.pages).toHaveLength(14);
  });
});
