// Highlights against real review files: made from a selection in an abstract or a PDF page, stored
// with quote, context and position, re-anchored when read, orphaned rather than lost, and audited.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Highlight, Reviewer, StudyDetail, StudyRow } from '../../shared/model/types';
import { testBackend } from '../helpers/temp';

const ABSTRACT =
  'Ten patients (age 55 +/- 13 years) received CRT. LV ejection fraction increased (23.5 +/- 4.3% to 32.0 +/- 9.1%; p <0.05). ' +
  'Intravenous inotropic therapy was discontinued in 9 of 10 patients.';

async function studyWithAbstract() {
  const t = testBackend();
  await t.call('review:create', { title: 'Highlights' });
  const reviewer = (await t.call('reviewer:create', { name: 'A' })) as Reviewer;
  const row = (await t.call('study:add', { title: 'CRT', authors: [], abstract: ABSTRACT })) as StudyRow;
  const study = (await t.call('study:get', { id: row.id })) as StudyDetail;
  return { ...t, reviewer, study, sha: study.abstract!.sha256 };
}

const at = (quote: string) => ({ start: ABSTRACT.indexOf(quote), end: ABSTRACT.indexOf(quote) + quote.length });

describe('highlights', () => {
  it('store the selected text with its context, position and reviewer', async () => {
    const { call, study, sha, reviewer } = await studyWithAbstract();
    const h = (await call('highlight:create', {
      studyId: study.id,
      documentSha256: sha,
      page: null,
      ...at('23.5 +/- 4.3%'),
    })) as Highlight;
    expect(h).toMatchObject({
      exact: '23.5 +/- 4.3%',
      prefix: 'LV ejection fraction increased (',
      suffix: ' to 32.0 +/- 9.1%; p <0.05). Int',
      reviewerId: reviewer.id,
      page: null,
      anchored: { ...at('23.5 +/- 4.3%'), method: 'position', score: 1 },
    });
    expect(await call('highlight:list', { studyId: study.id })).toEqual([h]);
    const audit = (await call('audit:list', { entity: 'highlight' })) as { entityId: string; action: string }[];
    expect(audit).toEqual([expect.objectContaining({ entityId: h.id, action: 'create' })]);
  });

  it('are found again in a changed PDF page text, and orphaned when their text is gone', async () => {
    const { call, backend, study } = await studyWithAbstract();
    const { db } = backend.requireReview();
    const pdfSha = createHash('sha256').update('pdf bytes').digest('hex');
    const page1 = 'Results\nLVEF at baseline was 23.5 ±\n4.3% and rose to 32.0 ± 9.1%.';
    db.prepare(
      "INSERT INTO documents (sha256, kind, media_type, bytes, content, created_at) VALUES (?, 'pdf', 'application/pdf', 9, ?, 't')",
    ).run(pdfSha, Buffer.from('pdf bytes'));
    db.prepare("INSERT INTO study_documents (study_id, document_sha256, added_at) VALUES (?, ?, 't')").run(
      study.id,
      pdfSha,
    );
    db.prepare('INSERT INTO document_pages (sha256, page, text) VALUES (?, 1, ?)').run(pdfSha, page1);
    const start = page1.indexOf('23.5 ±\n4.3%');
    const moved = (await call('highlight:create', {
      studyId: study.id,
      documentSha256: pdfSha,
      page: 1,
      start,
      end: start + 11,
    })) as Highlight;
    const gone = (await call('highlight:create', {
      studyId: study.id,
      documentSha256: pdfSha,
      page: 1,
      start: 0,
      end: 7,
    })) as Highlight;

    // The page text as a re-import might give it: a heading lost, the line break now a space.
    db.prepare('UPDATE document_pages SET text = ? WHERE sha256 = ? AND page = 1').run(
      'LVEF at baseline was 23.5 ± 4.3% and rose to 32.0 ± 9.1%.',
      pdfSha,
    );
    const listed = (await call('highlight:list', { studyId: study.id })) as Highlight[];
    const again = listed.find((h) => h.id === moved.id)!;
    expect(again.anchored).toMatchObject({ start: 21, end: 32, method: 'quote' });
    expect(listed.find((h) => h.id === gone.id)!.anchored).toBeNull();
    expect(listed).toHaveLength(2);
  });

  it('refuse selections outside the text, blank ones, and documents of another study', async () => {
    const { router, call, study, sha } = await studyWithAbstract();
    const other = (await call('study:add', { title: 'Other', authors: [], abstract: 'Other abstract.' })) as StudyRow;
    const cases: [unknown, string, RegExp][] = [
      [
        { studyId: study.id, documentSha256: sha, page: null, start: 0, end: ABSTRACT.length + 1 },
        'validation',
        /after the end of the text/,
      ],
      [{ studyId: study.id, documentSha256: sha, page: null, start: 12, end: 13 }, 'validation', /only white space/],
      [{ studyId: study.id, documentSha256: sha, page: 1, start: 0, end: 3 }, 'validation', /abstract has no pages/],
      [
        { studyId: other.id, documentSha256: sha, page: null, start: 0, end: 3 },
        'not_found',
        /does not belong to this study/,
      ],
    ];
    for (const [request, code, message] of cases) {
      const result = await router.handle('highlight:create', request);
      expect(result).toMatchObject({ ok: false, error: { code } });
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
    expect(await call('highlight:list', { studyId: study.id })).toEqual([]);
  });

  it('are deleted softly: gone from the list, kept in the file and the audit log', async () => {
    const { call, backend, study, sha } = await studyWithAbstract();
    const h = (await call('highlight:create', {
      studyId: study.id,
      documentSha256: sha,
      page: null,
      ...at('9 of 10'),
    })) as Highlight;
    expect(await call('highlight:delete', { id: h.id })).toBeNull();
    expect(await call('highlight:list', { studyId: study.id })).toEqual([]);
    const { db } = backend.requireReview();
    expect(db.prepare('SELECT exact, deleted_at IS NOT NULL AS deleted FROM highlights').all()).toEqual([
      { exact: '9 of 10', deleted: 1 },
    ]);
    const actions = ((await call('audit:list', { entity: 'highlight' })) as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(['delete', 'create']);
  });
});
