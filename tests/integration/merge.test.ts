// Merging a reviewer's work from a copy of the same review, with real review files: the review file
// is copied (as a reviewer takes it to another computer), reviewer B extracts in the copy through the
// services, and B's work is merged back. Also: the copy is never written, a conflict refuses the whole
// merge with nothing changed, another review or a copy open elsewhere is refused, a passcode stays
// its owner's, and `caliper merge` prints one line of JSON.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { Highlight, Reviewer } from '../../shared/model/types';
import { extractionSetup, type ExtractionSetup } from '../helpers/extraction';
import { makePdf } from '../helpers/makePdf';
import { tempDir, testBackend, type TestBackend } from '../helpers/temp';

const A = 'tab-a';
const B = 'tab-b';

const fingerprint = (file: string) =>
  [file, `${file}-wal`, `${file}-shm`]
    .map((f) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : '-'))
    .join(' ');

/** Every row of the tables a merge writes, to show a refused merge changed nothing. */
function snapshot(db: Database.Database): string {
  return [
    'reviewers',
    'arms',
    'extraction_values',
    'extraction_status',
    'highlights',
    'documents',
    'study_documents',
    'audit_log',
  ]
    .map((table) => JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().all()))
    .join('\n');
}

interface Copy {
  path: string;
  other: TestBackend;
  b: Reviewer;
  highlight: Highlight;
  icdArmId: string;
}

/**
 * A's review with A's work, closed and copied with cp; in the copy (its own app and data folder), B
 * extracts: fields, an outcome cell, a mapped highlight, a new arm and a complete status. The copy is
 * closed again and the review reopened here.
 */
async function reviewAndCopy(): Promise<{ t: ExtractionSetup; copy: Copy }> {
  const t = await extractionSetup();
  const { router } = t;
  await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, A);
  await router.invoke(
    'extraction:write',
    {
      studyId: t.study.id,
      writes: [
        { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Spain' },
        { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.5 },
      ],
    },
    A,
  );
  const reviewPath = t.backend.requireReview().info.path;
  await router.invoke('review:close', {}, A);
  const copyPath = path.join(tempDir(), 'Extraction (B).caliper');
  copyFileSync(reviewPath, copyPath);

  const other = testBackend();
  await other.router.invoke('review:open', { path: copyPath });
  const b = await other.router.invoke('reviewer:create', { name: 'B' });
  const highlight = await other.router.invoke('highlight:create', {
    studyId: t.study.id,
    documentSha256: t.study.abstract!.sha256,
    page: null,
    start: t.study.abstract!.text.indexOf('23.5 +/- 4.3%'),
    end: t.study.abstract!.text.indexOf('23.5 +/- 4.3%') + '23.5 +/- 4.3%'.length,
  });
  const icd = await other.router.invoke('arm:add', { studyId: t.study.id, label: 'ICD' });
  await other.router.invoke('extraction:write', {
    studyId: t.study.id,
    writes: [
      { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Norway' },
      { target: { kind: 'field', fieldId: t.fieldId('Funding') }, state: 'not_reported' },
      {
        target: t.cell('LVEF', 'Baseline', 'mean'),
        state: 'value',
        value: 23.5,
        origin: 'mapped',
        provenance: { highlightId: highlight.id, rawText: '23.5 +/- 4.3%', reading: null },
      },
      { target: t.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 },
      { target: t.cell('LVEF', 'Baseline', 'mean', icd.id), state: 'value', value: 24.1 },
    ],
  });
  await other.router.invoke('extraction:setStatus', { studyId: t.study.id, status: 'complete' });
  await other.router.invoke('review:close', {});
  await router.invoke('review:open', { path: reviewPath }, A);
  return { t, copy: { path: copyPath, other, b, highlight, icdArmId: icd.id } };
}

const byTarget = <V extends { target: object }>(values: V[]) =>
  [...values].sort((x, y) => JSON.stringify(x.target).localeCompare(JSON.stringify(y.target)));

describe('merging a reviewer’s work from a copy', () => {
  it('brings in B’s values, highlight, arm and status, creating B, leaving the copy and A’s work as they were', async () => {
    const { t, copy } = await reviewAndCopy();
    const { router } = t;
    const copyPrint = fingerprint(copy.path);
    const aBefore = await router.invoke('extraction:get', { studyId: t.study.id }, A);

    const listing = await router.invoke('review:mergePreview', { path: copy.path }, A);
    expect(listing.copy).toMatchObject({ title: 'Extraction', reviewId: t.backend.requireReview().info.id });
    expect(listing.reviewers.map((r) => [r.name, r.existsHere, r.values, r.highlights, r.studies])).toEqual([
      ['A', true, 2, 0, 1],
      ['B', false, 5, 1, 1],
    ]);
    expect(listing.counts).toBeNull();

    const preview = await router.invoke('review:mergePreview', { path: copy.path, reviewer: 'b' }, A);
    expect(preview.reviewer).toEqual({ id: copy.b.id, name: 'B', created: true, passcodeNeeded: false });
    expect(preview.counts).toEqual({
      studies: 1,
      values: 5,
      highlights: 1,
      statuses: 1,
      arms: 1,
      documents: 0,
      unchanged: 0,
    });
    expect(preview.conflicts).toEqual([]);
    // A preview shows counts, never B's values.
    expect(JSON.stringify(preview)).not.toMatch(/Norway|24\.1/);

    const result = await router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B' }, A);
    expect(result).toMatchObject({ reviewerId: copy.b.id, reviewer: 'B', reviewerCreated: true });
    expect(result.counts).toEqual(preview.counts);
    // The copy was only read: byte for byte the same, nothing left beside it.
    expect(fingerprint(copy.path)).toBe(copyPrint);

    // Here, as B: the same values as in the copy, the highlight, the arm and the status.
    await router.invoke('reviewer:setCurrent', { id: copy.b.id }, B);
    const mine = await router.invoke('extraction:get', { studyId: t.study.id }, B);
    await copy.other.router.invoke('review:open', { path: copy.path });
    const theirs = await copy.other.router.invoke('extraction:get', { studyId: t.study.id });
    await copy.other.router.invoke('review:close', {});
    const comparable = (e: typeof mine) =>
      byTarget(e.values).map((v) => ({
        id: v.id,
        target: v.target,
        state: v.state,
        value: v.value,
        origin: v.origin,
        provenance: v.provenance,
      }));
    expect(comparable(mine)).toEqual(comparable(theirs));
    expect(mine.status).toBe('complete');
    expect(mine.arms.map((a) => a.label)).toEqual(['CRT', 'ICD']);
    const highlights = await router.invoke('highlight:list', { studyId: t.study.id }, B);
    expect(highlights.map((h) => [h.id, h.reviewerId, h.exact])).toEqual([
      [copy.highlight.id, copy.b.id, '23.5 +/- 4.3%'],
    ]);

    // A's own work is untouched, and A still sees none of B's.
    // (Arms are the study's structure, shared by every reviewer: A sees the arm B added.)
    const aAfter = await router.invoke('extraction:get', { studyId: t.study.id }, A);
    expect({ ...aAfter, arms: aBefore.arms }).toEqual(aBefore);
    expect(aAfter.arms.map((a) => a.label)).toEqual(['CRT', 'ICD']);
    expect(await router.invoke('highlight:list', { studyId: t.study.id }, A)).toEqual([]);

    // Audited: B's rows as B's work, the merge as A's, with counts only.
    const db = t.backend.requireReview().db;
    const audit = db.prepare('SELECT reviewer_id, entity, field, after FROM audit_log WHERE seq > 0').all() as {
      reviewer_id: string | null;
      entity: string;
      field: string | null;
      after: string | null;
    }[];
    const merge = audit.filter((e) => e.entity === 'review' && e.field === 'merge');
    expect(merge).toHaveLength(1);
    expect(merge[0]!.reviewer_id).toBe(t.reviewer.id);
    expect(JSON.parse(merge[0]!.after!)).toEqual({
      copy: 'Extraction (B).caliper',
      reviewerId: copy.b.id,
      counts: result.counts,
    });
    const mergedValues = audit.filter((e) => e.entity === 'extraction_value' && e.field?.endsWith('(merged)'));
    expect(mergedValues).toHaveLength(5);
    expect(new Set(mergedValues.map((e) => e.reviewer_id))).toEqual(new Set([copy.b.id]));

    // Merging the same copy again changes nothing.
    const before = snapshot(db);
    const again = await router.invoke('review:mergePreview', { path: copy.path, reviewer: 'B' }, A);
    expect(again.counts).toEqual({
      studies: 0,
      values: 0,
      highlights: 0,
      statuses: 0,
      arms: 0,
      documents: 0,
      unchanged: 6,
    });
    expect(again.reviewer).toMatchObject({ created: false });
    expect(snapshot(db)).toBe(before);
  });

  it('refuses a merge with a conflicting value or an unknown study, naming them, and changes nothing', async () => {
    const { t, copy } = await reviewAndCopy();
    const { router } = t;
    await router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B' }, A);

    // B goes on in the copy: changes Country and adds a study of their own; a new field in the copy's form.
    await copy.other.router.invoke('review:open', { path: copy.path });
    await copy.other.router.invoke('extraction:write', {
      studyId: t.study.id,
      writes: [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Sweden' }],
    });
    const extra = await copy.other.router.invoke('study:add', {
      title: 'A trial only B added',
      authors: ['Roe R'],
      year: 2004,
      abstract: 'Nothing.',
    });
    await copy.other.router.invoke('extraction:write', {
      studyId: extra.id,
      writes: [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Chile' }],
    });
    await copy.other.router.invoke('review:close', {});

    const db = t.backend.requireReview().db;
    const before = snapshot(db);
    const preview = await router.invoke('review:mergePreview', { path: copy.path, reviewer: 'B' }, A);
    expect(preview.conflictCount).toBe(2);
    const conflicts = [...preview.conflicts].sort((x, y) => x.kind.localeCompare(y.kind));
    expect(conflicts.map((c) => [c.kind, c.studyId])).toEqual([
      ['study', extra.id],
      ['value', t.study.id],
    ]);
    expect(conflicts[1]!.message).toMatch(/^CRT in class IV, Country: B's value in the copy differs/);
    expect(conflicts[0]!.message).toMatch(/A trial only B added|Roe/);
    expect(JSON.stringify(preview)).not.toMatch(/Sweden|Norway|Chile/);

    await expect(router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B' }, A)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^Nothing was merged .*2 conflicts/),
    });
    expect(snapshot(db)).toBe(before);
    await router.invoke('reviewer:setCurrent', { id: copy.b.id }, B);
    const country = (await router.invoke('extraction:get', { studyId: t.study.id }, B)).values.find(
      (v) => v.target.kind === 'field' && v.target.fieldId === t.fieldId('Country'),
    );
    expect(country?.value).toBe('Norway');
  });

  it('refuses another review, the review itself, a copy open in Caliper and an unknown reviewer, writing nothing', async () => {
    const { t, copy } = await reviewAndCopy();
    const { router } = t;
    const db = t.backend.requireReview().db;
    const before = snapshot(db);

    const elsewhere = testBackend();
    const another = await elsewhere.router.invoke('review:create', { title: 'Another review' });
    await elsewhere.router.invoke('review:close', {});
    await expect(router.invoke('review:mergePreview', { path: another.path }, A)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/is not a copy of this review: it is the review "Another review"/),
    });
    await expect(
      router.invoke('review:mergePreview', { path: t.backend.requireReview().info.path }, A),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(router.invoke('review:mergePreview', { path: copy.path, reviewer: 'Zoe' }, A)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/has no reviewer "Zoe" \(its reviewers: A, B\)/),
    });
    const notAReview = path.join(tempDir(), 'notes.caliper');
    copyFileSync(path.join(__dirname, 'merge.test.ts'), notAReview);
    await expect(router.invoke('review:mergePreview', { path: notAReview }, A)).rejects.toMatchObject({
      code: 'not_a_review',
    });

    // The copy open in another Caliper (it holds the lock): refused as in use, left as it was.
    await copy.other.router.invoke('review:open', { path: copy.path });
    await expect(router.invoke('review:mergePreview', { path: copy.path }, A)).rejects.toMatchObject({
      code: 'in_use',
    });
    await copy.other.router.invoke('review:close', {});
    expect(snapshot(db)).toBe(before);
  });

  it('keeps a new reviewer’s passcode, and merging into a reviewer with one needs it', async () => {
    const { t, copy } = await reviewAndCopy();
    const { router } = t;
    await copy.other.router.invoke('review:open', { path: copy.path });
    await copy.other.router.invoke('reviewer:setPasscode', { passcode: 'b-secret' });
    await copy.other.router.invoke('review:close', {});

    const preview = await router.invoke('review:mergePreview', { path: copy.path, reviewer: 'B' }, A);
    expect(preview.reviewer).toMatchObject({ created: true, passcodeNeeded: true });
    await expect(router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B' }, A)).rejects.toMatchObject({
      code: 'passcode_required',
    });
    await expect(
      router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B', passcode: 'guess' }, A),
    ).rejects.toMatchObject({ code: 'wrong_passcode' });
    const db = t.backend.requireReview().db;
    expect(db.prepare('SELECT count(*) AS n FROM reviewers').get()).toEqual({ n: 1 });
    await router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B', passcode: 'b-secret' }, A);
    // B's passcode came with them: switching to B here needs it.
    await expect(router.invoke('reviewer:setCurrent', { id: copy.b.id }, B)).rejects.toMatchObject({
      code: 'passcode_required',
    });
    await router.invoke('reviewer:setCurrent', { id: copy.b.id, passcode: 'b-secret' }, B);
    expect((await router.invoke('extraction:get', { studyId: t.study.id }, B)).values).toHaveLength(5);

    // B changes a value in the copy. Which of B's cells differ is B's: named in B's session or with
    // B's passcode, only counted otherwise; and a merge without the passcode is refused for that first.
    await copy.other.router.invoke('review:open', { path: copy.path });
    await copy.other.router.invoke('reviewer:setCurrent', { id: copy.b.id, passcode: 'b-secret' });
    await copy.other.router.invoke('extraction:write', {
      studyId: t.study.id,
      writes: [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Sweden' }],
    });
    await copy.other.router.invoke('review:close', {});
    const counted = await router.invoke('review:mergePreview', { path: copy.path, reviewer: 'B' }, A);
    expect(counted.conflictCount).toBe(1);
    expect(counted.conflicts).toEqual([
      {
        kind: 'value',
        studyId: null,
        message: '1 of B’s values or highlights in the copy differ from their work here; B’s passcode shows which.',
      },
    ]);
    const named = [
      await router.invoke('review:mergePreview', { path: copy.path, reviewer: 'B', passcode: 'b-secret' }, A),
      await router.invoke('review:mergePreview', { path: copy.path, reviewer: 'B' }, B),
    ];
    for (const preview of named)
      expect(preview.conflicts).toEqual([
        expect.objectContaining({ kind: 'value', studyId: t.study.id, message: expect.stringContaining('Country') }),
      ]);
    await expect(router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B' }, A)).rejects.toMatchObject({
      code: 'passcode_required',
    });
    await expect(router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B' }, B)).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});

describe('merging a reviewer’s work on a PDF', () => {
  it('brings in the PDF their highlight is on, attached to the study, with its pages', async () => {
    const { t, copy } = await reviewAndCopy();
    const { router } = t;
    const pdf = makePdf({ pages: [['A trial of CRT'], ['LVEF rose to 31.5 +/- 6.2% at six months.']] });
    await copy.other.router.invoke('review:open', { path: copy.path });
    const imported = await copy.other.router.invoke('document:importPdf', {
      fileName: 'trial.pdf',
      contentBase64: pdf.toString('base64'),
      studyId: t.study.id,
    });
    const sha256 = imported.document.sha256;
    const quote = '31.5 +/- 6.2%';
    const { pages } = await copy.other.router.invoke('document:pages', { sha256 });
    const start = pages[1]!.indexOf(quote);
    const mapped = (
      await copy.other.router.invoke('extraction:map', {
        studyId: t.study.id,
        highlight: { documentSha256: sha256, page: 2, start, end: start + quote.length },
        writes: [
          {
            target: t.cell('LVEF', 'Follow-up', 'mean'),
            value: 31.5,
            provenance: { rawText: quote, reading: null },
          },
        ],
      })
    ).highlight;
    await copy.other.router.invoke('review:close', {});

    const preview = await router.invoke('review:mergePreview', { path: copy.path, reviewer: 'B' }, A);
    expect(preview.counts).toMatchObject({ values: 6, highlights: 2, documents: 1 });
    await router.invoke('review:mergeCommit', { path: copy.path, reviewer: 'B' }, A);
    await router.invoke('reviewer:setCurrent', { id: copy.b.id }, B);
    const study = await router.invoke('study:get', { id: t.study.id }, B);
    expect(study.documents.map((d) => [d.kind, d.sha256])).toEqual(expect.arrayContaining([['pdf', sha256]]));
    expect((await router.invoke('document:pages', { sha256 }, B)).pages[1]).toContain(quote);
    const highlights = await router.invoke('highlight:list', { studyId: t.study.id }, B);
    expect(highlights.find((h) => h.id === mapped.id)).toMatchObject({ exact: quote, page: 2, documentSha256: sha256 });
    const lvef = (await router.invoke('extraction:get', { studyId: t.study.id }, B)).values.find(
      (v) => v.value === 31.5,
    );
    expect(lvef?.provenance).toMatchObject({ highlightId: mapped.id, rawText: quote });
  });
});

describe('caliper merge', () => {
  async function caliper(args: string[], stdin = '') {
    const out = { stdout: '', stderr: '' };
    const code = await runCli(args, {
      readStdin: async () => stdin,
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
    });
    return { code, ...out };
  }

  it('merges and prints one line of JSON; a conflict or bad input exits 2 with one line of JSON', async () => {
    const { t, copy } = await reviewAndCopy();
    const reviewPath = t.backend.requireReview().info.path;
    await t.router.invoke('review:close', {}, A);
    const dataDir = tempDir();

    const dry = await caliper([
      'merge',
      '--review',
      reviewPath,
      '--from',
      copy.path,
      '--reviewer',
      'B',
      '--dry-run',
      '--data-dir',
      dataDir,
    ]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ merged: false, counts: { values: 5 }, conflicts: [] });

    const done = await caliper([
      'merge',
      '--review',
      reviewPath,
      '--from',
      copy.path,
      '--reviewer',
      'B',
      '--data-dir',
      dataDir,
    ]);
    expect(done.code).toBe(0);
    expect(done.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(done.stdout)).toEqual({
      merged: true,
      copy: copy.path,
      reviewerId: copy.b.id,
      reviewer: 'B',
      reviewerCreated: true,
      counts: { studies: 1, values: 5, highlights: 1, statuses: 1, arms: 1, documents: 0, unchanged: 0 },
    });

    // B changes a value in the copy: the merge is refused, exit 2, one line of JSON on stderr.
    await copy.other.router.invoke('review:open', { path: copy.path });
    await copy.other.router.invoke('extraction:write', {
      studyId: t.study.id,
      writes: [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Sweden' }],
    });
    await copy.other.router.invoke('review:close', {});
    const before = fingerprint(reviewPath);
    const refused = await caliper([
      'merge',
      '--review',
      reviewPath,
      '--from',
      copy.path,
      '--reviewer',
      'B',
      '--data-dir',
      dataDir,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(refused.stderr)).toEqual({
      error: {
        code: 'conflict',
        message: expect.stringMatching(/^Nothing was merged .*1 conflict\. CRT in class IV, Country/),
      },
    });
    expect(fingerprint(reviewPath)).toBe(before);

    const missing = await caliper(['merge', '--review', reviewPath, '--from', copy.path, '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr)).toEqual({
      error: { code: 'usage', message: expect.stringMatching(/--reviewer is required/) },
    });
    const notThere = await caliper([
      'merge',
      '--review',
      reviewPath,
      '--from',
      `${copy.path}.nope`,
      '--reviewer',
      'B',
      '--data-dir',
      dataDir,
    ]);
    expect(notThere.code).toBe(2);
    expect(JSON.parse(notThere.stderr).error.code).toBe('not_found');
  });
});
