// Replacing a study's PDF with a new version: highlights are found again in the new text and move
// there (page and offsets), those whose text is gone stay and are listed as orphaned, the old PDF is
// detached but kept in the file, and every step is audited in one transaction.
import { describe, expect, it } from 'vitest';
import type { Highlight, StudyDetail, StudyRow } from '../../shared/model/types';
import { makePdf } from '../helpers/makePdf';
import { testBackend } from '../helpers/temp';

const V1 = makePdf({
  pages: [
    [
      'CRT in class IV heart failure',
      'LV ejection fraction increased from 23.5 +/- 4.3% to 32.0 +/- 9.1%.',
      'A sentence removed later.',
    ],
    ['Results', 'Inotropes were stopped in 9 of 10 patients.'],
  ],
});
const V2 = makePdf({
  pages: [
    ['CRT in class IV heart failure (corrected)', 'Erratum: a line added on the first page.'],
    [
      'Results',
      'LV ejection fraction increased from 23.5 +/- 4.3% to 32.0 +/- 9.1%.',
      'Inotropes were stopped in 9 of 10 patients.',
    ],
  ],
});

async function studyWithV1() {
  const t = testBackend();
  await t.call('review:create', { title: 'Replace' });
  await t.call('reviewer:create', { name: 'A' });
  const study = (await t.call('study:add', { title: 'CRT', authors: [], abstract: '' })) as StudyRow;
  const imported = (await t.call('document:importPdf', {
    fileName: 'v1.pdf',
    contentBase64: V1.toString('base64'),
    studyId: study.id,
  })) as {
    document: { sha256: string };
  };
  const pages = ((await t.call('document:pages', { sha256: imported.document.sha256 })) as { pages: string[] }).pages;
  const highlight = async (page: number, quote: string) => {
    const start = pages[page - 1]!.indexOf(quote);
    return (await t.call('highlight:create', {
      studyId: study.id,
      documentSha256: imported.document.sha256,
      page,
      start,
      end: start + quote.length,
    })) as Highlight;
  };
  return { ...t, study, oldSha: imported.document.sha256, highlight };
}

describe('replacing a PDF', () => {
  it('moves highlights onto the new version and keeps the ones whose text is gone as orphaned', async () => {
    const { call, study, oldSha, highlight } = await studyWithV1();
    const lvef = await highlight(1, '23.5 +/- 4.3%');
    const removed = await highlight(1, 'A sentence removed later.');
    const inotropes = await highlight(2, '9 of 10');

    const result = (await call('document:replacePdf', {
      studyId: study.id,
      oldSha256: oldSha,
      fileName: 'v2.pdf',
      contentBase64: V2.toString('base64'),
    })) as {
      document: { sha256: string };
      movedHighlights: number;
      orphanedHighlights: number;
    };
    expect(result).toMatchObject({ movedHighlights: 2, orphanedHighlights: 1 });
    const newSha = result.document.sha256;
    const detail = (await call('study:get', { id: study.id })) as StudyDetail;
    expect(detail.documents.filter((d) => d.kind === 'pdf').map((d) => [d.sha256, d.fileName])).toEqual([
      [newSha, 'v2.pdf'],
    ]);

    const pages = ((await call('document:pages', { sha256: newSha })) as { pages: string[] }).pages;
    const listed = (await call('highlight:list', { studyId: study.id })) as Highlight[];
    const moved = listed.find((h) => h.id === lvef.id)!;
    expect(moved).toMatchObject({ documentSha256: newSha, page: 2, exact: '23.5 +/- 4.3%' });
    expect(pages[1]!.slice(moved.anchored!.start, moved.anchored!.end)).toBe('23.5 +/- 4.3%');
    expect(listed.find((h) => h.id === inotropes.id)).toMatchObject({
      documentSha256: newSha,
      page: 2,
      exact: '9 of 10',
    });
    expect(listed.find((h) => h.id === removed.id)).toMatchObject({ documentSha256: oldSha, anchored: null });

    const audit = (await call('audit:list', { limit: 50 })) as { entity: string; action: string; entityId: string }[];
    expect(
      audit
        .filter((e) => e.entity === 'highlight' && e.action === 'update')
        .map((e) => e.entityId)
        .sort(),
    ).toEqual([lvef.id, inotropes.id].sort());
    expect(audit.some((e) => e.entity === 'study_document' && e.action === 'delete')).toBe(true);
  });

  it('refuses the same PDF, a PDF the study does not have, and a broken new version, changing nothing', async () => {
    const { router, backend, study, oldSha, highlight } = await studyWithV1();
    await highlight(1, '23.5 +/- 4.3%');
    const { db } = backend.requireReview();
    const count = () => (db.prepare('SELECT count(*) n FROM audit_log').get() as { n: number }).n;
    const before = count();
    const same = await router.handle('document:replacePdf', {
      studyId: study.id,
      oldSha256: oldSha,
      fileName: 'again.pdf',
      contentBase64: V1.toString('base64'),
    });
    expect(same).toMatchObject({ ok: false, error: { code: 'validation', message: /again\.pdf is the same PDF/ } });
    const notThere = await router.handle('document:replacePdf', {
      studyId: study.id,
      oldSha256: 'b'.repeat(64),
      fileName: 'v2.pdf',
      contentBase64: V2.toString('base64'),
    });
    expect(notThere).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const broken = await router.handle('document:replacePdf', {
      studyId: study.id,
      oldSha256: oldSha,
      fileName: 'broken.pdf',
      contentBase64: Buffer.from('%PDF-1.4 not really').toString('base64'),
    });
    expect(broken.ok).toBe(false);
    expect(count()).toBe(before);
    const listed = (await router.handle('highlight:list', { studyId: study.id })) as { ok: true; value: Highlight[] };
    expect(listed.value[0]).toMatchObject({ documentSha256: oldSha, anchored: { method: 'position' } });
  });
});
