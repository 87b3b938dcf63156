// Studies, reviewers and the audit log through the router, against real review files; and what
// survives a restart.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXTRACTION_STATUSES,
  type AuditEntry,
  type Reviewer,
  type StudyColumns,
  type StudyDetail,
  type StudyRow,
} from '../../shared/model/types';
import { openAtStart } from '../../electron/backend/services/review';
import { tempDir, testBackend } from '../helpers/temp';

const ABSTRACT = 'LV ejection fraction increased (23.5 +/- 4.3% to 32.0 +/- 9.1%; p <0.05).';

async function reviewWith(studies: { title: string; authors: string[]; year: number | null; abstract: string }[]) {
  const t = testBackend();
  await t.call('review:create', { title: 'CRT' });
  for (const s of studies) await t.call('study:add', s);
  return t;
}

describe('studies', () => {
  it('are listed by first author and year, with the current reviewer’s status', async () => {
    const t = await reviewWith([
      { title: 'Zeta trial', authors: ['Young, Anne', 'Black B'], year: 2010, abstract: ABSTRACT },
      { title: 'Alpha trial', authors: ['Adams JK'], year: 2004, abstract: '' },
      { title: 'Beta cohort', authors: [], year: null, abstract: 'text' },
    ]);
    const rows = (await t.call('study:list', {})) as StudyRow[];
    expect(rows.map((r) => [r.firstAuthor, r.year, r.title, r.status])).toEqual([
      ['Adams', 2004, 'Alpha trial', 'not_started'],
      [null, null, 'Beta cohort', 'not_started'],
      ['Young', 2010, 'Zeta trial', 'not_started'],
    ]);
  });

  it('are listed as columns, in the same order and with the same fields as rows', async () => {
    const t = await reviewWith([
      { title: 'Zeta trial', authors: ['Young, Anne'], year: 2010, abstract: ABSTRACT },
      { title: 'Alpha trial', authors: ['Adams JK'], year: 2004, abstract: '' },
      { title: 'Beta cohort', authors: [], year: null, abstract: 'text' },
    ]);
    await t.call('reviewer:create', { name: 'A' });
    const rows = (await t.call('study:list', {})) as StudyRow[];
    await t.call('extraction:setStatus', { studyId: rows[2]!.id, status: 'complete' });
    const columns = (await t.call('study:columns', {})) as StudyColumns;
    const listed = (await t.call('study:list', {})) as StudyRow[];
    expect(columns).toEqual({
      ids: listed.map((r) => r.id),
      labels: listed.map((r) => r.label),
      firstAuthors: listed.map((r) => r.firstAuthor),
      years: listed.map((r) => r.year),
      titles: listed.map((r) => r.title),
      statuses: listed.map((r) => EXTRACTION_STATUSES.indexOf(r.status)),
    });
    expect(columns.statuses).toEqual([0, 0, 2]);
  });

  it('are filtered by author, year or title, case-insensitively, with LIKE wildcards taken literally', async () => {
    const t = await reviewWith([
      { title: 'Zeta trial', authors: ['Young, Anne'], year: 2010, abstract: '' },
      { title: 'Alpha 100% trial', authors: ['Adams JK'], year: 2004, abstract: '' },
    ]);
    const titles = async (filter: string) =>
      ((await t.call('study:list', { filter })) as StudyRow[]).map((r) => r.title);
    expect(await titles('young')).toEqual(['Zeta trial']);
    expect(await titles('2004')).toEqual(['Alpha 100% trial']);
    expect(await titles('TRIAL')).toHaveLength(2);
    expect(await titles('%')).toEqual(['Alpha 100% trial']);
    expect(await titles('_')).toEqual([]);
  });

  it('are listed by id, one row each, as a studies:changed event names them', async () => {
    const t = testBackend();
    await t.call('review:create', { title: 'CRT' });
    await t.call('reviewer:create', { name: 'A' });
    const events: unknown[] = [];
    t.backend.events.subscribe((event, payload) => {
      if (event === 'studies:changed') events.push(payload);
    });
    const added = [];
    for (const [title, author] of [
      ['Zeta trial', 'Young'],
      ['Alpha trial', 'Adams'],
      ['Beta trial', 'Brown'],
    ] as const)
      added.push((await t.call('study:add', { title, authors: [author], year: 2000, abstract: '' })) as StudyRow);
    expect(events).toEqual(added.map((row) => ({ reason: 'added', studyIds: [row.id] })));

    const zeta = added[0]!;
    const beta = added[2]!;
    const rows = (await t.call('study:list', { ids: [zeta.id, beta.id] })) as StudyRow[];
    expect(rows.map((r) => r.title)).toEqual(['Beta trial', 'Zeta trial']);
    expect(await t.call('study:list', { ids: [zeta.id], filter: 'alpha' })).toEqual([]);

    events.length = 0;
    await t.call('extraction:setStatus', { studyId: zeta.id, status: 'complete' });
    expect(events).toEqual([{ reason: 'updated', studyIds: [zeta.id] }]);
    expect(((await t.call('study:list', { ids: [zeta.id] })) as StudyRow[])[0]!.status).toBe('complete');
  });

  it('keep their pasted abstract exactly, stored once by SHA-256', async () => {
    const t = await reviewWith([]);
    const a = (await t.call('study:add', { title: 'A', authors: [], abstract: ABSTRACT })) as StudyRow;
    await t.call('study:add', { title: 'A again', authors: [], abstract: ABSTRACT });
    const detail = (await t.call('study:get', { id: a.id })) as StudyDetail;
    expect(detail.abstract?.text).toBe(ABSTRACT);
    expect(detail.abstract?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.documents).toEqual([expect.objectContaining({ kind: 'abstract', sha256: detail.abstract!.sha256 })]);
    const db = t.backend.requireReview().db;
    expect((db.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n).toBe(1);
  });

  it('record every write in the audit log with the reviewer who made it', async () => {
    const t = await reviewWith([]);
    const reviewer = (await t.call('reviewer:create', { name: 'Reviewer A' })) as Reviewer;
    const study = (await t.call('study:add', {
      title: 'Trial',
      authors: ['Smith J'],
      year: 2001,
      abstract: ABSTRACT,
    })) as StudyRow;
    const audit = (await t.call('audit:list', { limit: 50 })) as AuditEntry[];
    // Besides the switch to the new reviewer (entity "reviewer"), the study's rows.
    const forStudy = audit.filter((e) => e.reviewerId === reviewer.id && e.entity !== 'reviewer');
    expect(forStudy.map((e) => e.entity).sort()).toEqual(['document', 'report', 'study']);
    expect(audit.find((e) => e.entity === 'study')).toMatchObject({
      entityId: study.id,
      action: 'create',
      after: JSON.stringify({ label: 'Smith 2001' }),
    });
    expect(audit.find((e) => e.entity === 'reviewer' && e.action === 'create')).toMatchObject({
      entityId: reviewer.id,
      action: 'create',
    });
  });

  it('are added in one transaction: a failure part-way leaves nothing behind', async () => {
    const t = await reviewWith([]);
    const db = t.backend.requireReview().db;
    db.exec("CREATE TRIGGER fail_report BEFORE INSERT ON reports BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");
    const result = await t.router.handle('study:add', { title: 'T', authors: [], abstract: ABSTRACT });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    for (const table of ['studies', 'reports', 'documents', 'study_documents', 'audit_log']) {
      expect((db.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
  });

  it('need an open review', async () => {
    const t = testBackend();
    expect(await t.router.handle('study:list', {})).toMatchObject({ ok: false, error: { code: 'no_review' } });
  });
});

describe('reviewers', () => {
  it('are created, switched, and kept apart by name', async () => {
    const t = await reviewWith([]);
    const a = (await t.call('reviewer:create', { name: 'A' })) as Reviewer;
    const b = (await t.call('reviewer:create', { name: 'B' })) as Reviewer;
    expect(await t.call('reviewer:list', {})).toEqual({ reviewers: [a, b], currentId: b.id });
    await t.call('reviewer:setCurrent', { id: a.id });
    expect(await t.call('reviewer:list', {})).toMatchObject({ currentId: a.id });
    expect(await t.router.handle('reviewer:create', { name: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'exists' },
    });
    expect(await t.router.handle('reviewer:setCurrent', { id: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('a restart', () => {
  it('reopens the last review with its studies and current reviewer', async () => {
    const dataDir = tempDir();
    const first = testBackend(dataDir);
    const review = (await first.call('review:create', { title: 'Restart' })) as { path: string };
    await first.call('reviewer:create', { name: 'A' });
    const b = (await first.call('reviewer:create', { name: 'B' })) as Reviewer;
    await first.call('study:add', { title: 'Kept', authors: ['Lee K'], year: 2020, abstract: ABSTRACT });
    first.backend.close();

    const second = testBackend(dataDir);
    expect(openAtStart(second.backend.context()).review?.path).toBe(review.path);
    expect(((await second.call('study:list', {})) as StudyRow[]).map((s) => s.title)).toEqual(['Kept']);
    expect(await second.call('reviewer:list', {})).toMatchObject({ currentId: b.id });
    expect(await second.call('review:recent', {})).toEqual([
      expect.objectContaining({ path: review.path, exists: true }),
    ]);
  });

  it('after Close review shows no review, and says why when the last review has gone', async () => {
    const dataDir = tempDir();
    const first = testBackend(dataDir);
    openAtStart(first.backend.context()); // first run: sample review
    await first.call('review:close', {});
    first.backend.close();
    const second = testBackend(dataDir);
    expect(openAtStart(second.backend.context())).toEqual({ review: null, problem: null });
    const third = testBackend(dataDir);
    third.backend.settings.update((s) => {
      s.lastReviewPath = path.join(dataDir, 'gone.caliper');
    });
    const start = openAtStart(third.backend.context());
    expect(start.review).toBeNull();
    expect(start.problem).toMatch(/gone\.caliper/);
  });
});

describe('first run', () => {
  it('creates the sample review with the four sample studies, once', async () => {
    const dataDir = tempDir();
    const first = testBackend(dataDir);
    const start = openAtStart(first.backend.context());
    expect(start.review?.title).toMatch(/^Sample review/);
    const rows = (await first.call('study:list', {})) as StudyRow[];
    expect(rows).toHaveLength(4);
    const meta = rows.find((r) => r.firstAuthor === 'Hernandez')!;
    expect(meta).toMatchObject({ year: 2018 });
    const detail = (await first.call('study:get', { id: meta.id })) as StudyDetail;
    expect(detail.abstract?.text).toContain('The study analyzed 8 studies including 151 patients.');
    await first.call('review:close', {});
    first.backend.close();

    const second = testBackend(dataDir);
    expect(openAtStart(second.backend.context()).review).toBeNull();
    expect((await second.call('review:listFiles', {})) as unknown[]).toHaveLength(1);
  });
});
