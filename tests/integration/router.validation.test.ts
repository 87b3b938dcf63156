// Every channel refuses malformed requests with a validation error, before any service runs: no
// crash, no internal error, nothing written to the review file.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/contract/names';
import { contract } from '../../shared/contract/contract';
import { MAX_ABSTRACT_BYTES } from '../../shared/contract/limits';
import { testBackend } from '../helpers/temp';

const NOT_OBJECTS = [undefined, null, 42, 'review', true, [], [{}]];
const UNKNOWN_KEY = { unexpectedField: 1 };

/** Requests of the right shape with a wrong field, per channel (beyond the shared cases above). */
const WRONG_FIELDS: Record<ChannelName, unknown[]> = {
  'app:info': [],
  'review:current': [],
  'review:create': [
    {},
    { title: '' },
    { title: '   ' },
    { title: 42 },
    { title: 'x', path: '' },
    { title: 'x', path: 'a\0b.caliper' },
    { title: 'x'.repeat(3000) },
  ],
  'review:open': [{}, { path: '' }, { path: 7 }, { path: ['a'] }, { path: 'x'.repeat(5000) }],
  'review:close': [],
  'review:saveCopy': [{}, { path: '' }, { path: null }],
  'review:recent': [],
  'review:listFiles': [],
  'review:mergePreview': [{}, { path: '' }, { path: 3 }, { path: 'a\0b' }, { path: 'c.caliper', reviewer: '' }],
  'review:mergeCommit': [
    {},
    { path: 'c.caliper' },
    { path: 'c.caliper', reviewer: 7 },
    { path: 'c.caliper', reviewer: 'B', passcode: 'x'.repeat(201) },
  ],
  'review:importRm5': [
    {},
    { fileName: 'r.rm5' },
    { fileName: '', contentBase64: 'PEE+' },
    { fileName: 'r.rm5', contentBase64: '' },
    { fileName: 'r.rm5', contentBase64: 'not base64!' },
    { fileName: 'r.rm5', contentBase64: 5 },
  ],
  'reviewer:list': [],
  'reviewer:create': [{}, { name: '' }, { name: '  ' }, { name: 1 }, { name: 'x'.repeat(500) }],
  'reviewer:setCurrent': [{}, { id: '' }, { id: 5 }, { id: 'r', passcode: 5 }, { id: 'r', passcode: 'x'.repeat(201) }],
  'reviewer:setPasscode': [{}, { passcode: 'abc' }, { passcode: 7 }, { current: 1, passcode: null }],
  'study:list': [{ filter: 3 }, { filter: 'x'.repeat(1000) }],
  'study:columns': [{ filter: 'x' }, { ids: [] }],
  'study:get': [{}, { id: '' }, { id: null }],
  'study:add': [
    {},
    { title: 'T', authors: [], abstract: 'x', year: 2001.5 },
    { title: 'T', authors: [], abstract: 'x', year: '2001' },
    { title: 'T', authors: [], abstract: 'x', year: 1200 },
    { title: '', authors: [], abstract: 'x' },
    { title: 'T', authors: 'Smith', abstract: 'x' },
    { title: 'T', authors: [''], abstract: 'x' },
    { title: 'T', authors: [], abstract: 5 },
    { title: 'T', authors: [] },
    { title: 'T', authors: [], abstract: 'é'.repeat(MAX_ABSTRACT_BYTES / 2 + 1) },
  ],
  'audit:list': [{ limit: 0 }, { limit: 1.5 }, { limit: 100_000 }, { entity: 5 }],
  'highlight:create': [
    {},
    { studyId: 's', documentSha256: 'abc', page: null, start: 0, end: 4 },
    { studyId: 's', documentSha256: 'a'.repeat(64), page: 0, start: 0, end: 4 },
    { studyId: 's', documentSha256: 'a'.repeat(64), page: null, start: 5, end: 5 },
    { studyId: 's', documentSha256: 'a'.repeat(64), page: null, start: -1, end: 4 },
    { studyId: 's', documentSha256: 'a'.repeat(64), page: null, start: 0.5, end: 4 },
    { studyId: 's', documentSha256: 'a'.repeat(64), start: 0, end: 4 },
  ],
  'highlight:list': [{}, { studyId: '' }, { studyId: 3 }],
  'highlight:delete': [{}, { id: '' }, { id: null }],
  'document:replacePdf': [
    {},
    { fileName: 'a.pdf', contentBase64: 'JVBERi0=', studyId: 's' },
    { fileName: 'a.pdf', contentBase64: 'JVBERi0=', studyId: 's', oldSha256: 'abc' },
    { fileName: 'a.pdf', contentBase64: 'not base64!', studyId: 's', oldSha256: 'a'.repeat(64) },
    { fileName: 'a.pdf', contentBase64: 'JVBERi0=', oldSha256: 'a'.repeat(64) },
  ],
  'document:importPdf': [
    {},
    { fileName: 'a.pdf' },
    { contentBase64: 'JVBERi0=' },
    { fileName: '', contentBase64: 'JVBERi0=' },
    { fileName: '  ', contentBase64: 'JVBERi0=' },
    { fileName: 'a\0.pdf', contentBase64: 'JVBERi0=' },
    { fileName: 'x'.repeat(300), contentBase64: 'JVBERi0=' },
    { fileName: 'a.pdf', contentBase64: 5 },
    { fileName: 'a.pdf', contentBase64: 'not base64!' },
    { fileName: 'a.pdf', contentBase64: 'JVBERi0' },
    { fileName: 'a.pdf', contentBase64: 'JVBERi0=', studyId: '' },
    { fileName: 'a.pdf', contentBase64: 'JVBERi0=', studyId: 7 },
    { fileName: 'a.pdf', contentBase64: 'JVBERi0=', password: 1234 },
    { fileName: 'a.pdf', contentBase64: 'JVBERi0=', password: 'p'.repeat(2000) },
  ],
  'document:get': [{}, { sha256: '' }, { sha256: 'abc' }, { sha256: 'A'.repeat(64) }, { sha256: 64 }],
  'document:pages': [{}, { sha256: 'z'.repeat(64) }, { sha256: null }],
  'document:find': [
    {},
    { sha256: 'a'.repeat(64) },
    { sha256: 'a'.repeat(64), query: 'x'.repeat(1001) },
    { sha256: 'a'.repeat(64), query: 'x', limit: 0 },
    { sha256: 'a'.repeat(64), query: 'x', searchId: '' },
  ],
  'document:matchPdf': [
    {},
    { fileName: 'a.pdf' },
    { fileName: '', contentBase64: 'JVBERi0=' },
    { fileName: 'a.pdf', contentBase64: '%PDF-1.4' },
    { fileName: 'a.pdf', contentBase64: 'JVBERi0=', studyId: 's' },
  ],
  'source:previewImport': [
    {},
    { fileName: 'a.ris' },
    { fileName: '', contentBase64: 'VFkgIC0gSk9VUg==' },
    { fileName: 'a\0.ris', contentBase64: 'VFkgIC0gSk9VUg==' },
    { fileName: 'a.ris', contentBase64: '' },
    { fileName: 'a.ris', contentBase64: 'not base64!' },
    { fileName: 'a.ris', contentBase64: 5 },
    { fileName: 'a.ris', contentBase64: 'VFkgIC0gSk9VUg==', format: 'word' },
    { fileName: 'a.csv', contentBase64: 'VFkgIC0gSk9VUg==', columnMapping: { colour: 'Title' } },
    { fileName: 'a.csv', contentBase64: 'VFkgIC0gSk9VUg==', columnMapping: { title: '' } },
    { fileName: 'big.ris', contentBase64: 'A'.repeat(140 * 1024 * 1024) },
    { fileName: 'a.ris', content: new Uint8Array(0) },
    { fileName: 'a.ris', content: 'VFkgIC0gSk9VUg==' },
    { fileName: 'a.ris', content: new Uint8Array(4), contentBase64: 'VFkgIC0gSk9VUg==' },
  ],
  'source:commitImport': [
    {},
    { previewId: '' },
    { previewId: 'p', onDuplicate: 'keep' },
    { previewId: 'p', decisions: [{ index: -1, action: 'skip' }] },
    { previewId: 'p', decisions: [{ index: 1.5, action: 'merge' }] },
    { previewId: 'p', decisions: [{ index: 0, action: 'delete' }] },
    { previewId: 'p', decisions: 'skip' },
  ],
  'source:cancelImport': [{ previewId: '' }, { previewId: 7 }],
  'source:previewPage': [
    {},
    { previewId: 'p', list: 'all', offset: 0 },
    { previewId: 'p', list: 'new', offset: -1 },
    { previewId: 'p', list: 'duplicates', offset: 0, limit: 501 },
    { previewId: 'p', list: 'new', offset: 0.5 },
  ],
  'form:get': [],
  'form:edit': [
    {},
    { edit: {} },
    { edit: { op: 'dropTable' } },
    { edit: { op: 'addSection', title: '' } },
    { edit: { op: 'addSection', title: '   ' } },
    { edit: { op: 'addSection', title: 'x'.repeat(600) } },
    { edit: { op: 'addField', sectionId: 's', label: 'Age', type: 'float' } },
    { edit: { op: 'addField', sectionId: 's', label: 'Age', type: 'text', colour: 'red' } },
    { edit: { op: 'updateField', fieldId: '', label: 'Age' } },
    { edit: { op: 'moveField', fieldId: 'f', toIndex: -1 } },
    { edit: { op: 'moveField', fieldId: 'f', toIndex: 1.5 } },
    { edit: { op: 'addOutcome', name: 'LVEF', dataType: 'continuous', timepoints: [] } },
    { edit: { op: 'addOutcome', name: 'LVEF', dataType: 'ordinal', timepoints: ['Baseline'] } },
    { edit: { op: 'addOutcome', name: 'LVEF', dataType: 'continuous', timepoints: [''] } },
    { edit: { op: 'removeTimepoint', outcomeId: 'o' } },
    { edit: { op: 'applyTemplate', template: 'oncology' } },
  ],
  'form:versions': [],
  'arm:add': [
    {},
    { studyId: 's' },
    { studyId: 's', label: '' },
    { studyId: '', label: 'CRT' },
    { studyId: 's', label: 5 },
  ],
  'arm:rename': [{}, { armId: 'a' }, { armId: 'a', label: ' ' }, { armId: 7, label: 'CRT' }],
  'arm:remove': [{}, { armId: '' }, { armId: null }],
  'extraction:get': [{}, { studyId: '' }, { studyId: 3 }],
  'extraction:write': [
    {},
    { studyId: 's' },
    { studyId: 's', writes: [] },
    { studyId: 's', writes: [{ target: { kind: 'field', fieldId: 'f' } }] },
    { studyId: 's', writes: [{ target: { kind: 'field', fieldId: 'f' }, state: 'maybe' }] },
    { studyId: 's', writes: [{ target: { kind: 'arm', fieldId: 'f' }, state: 'value', value: 1 }] },
    {
      studyId: 's',
      writes: [
        { target: { kind: 'outcome', outcomeId: 'o', timepointId: 't', component: 'sd' }, state: 'value', value: 1 },
      ],
    },
    { studyId: 's', writes: [{ target: { kind: 'field', fieldId: 'f' }, state: 'value', value: { n: 1 } }] },
    { studyId: 's', writes: [{ target: { kind: 'field', fieldId: 'f' }, state: 'value', value: Number.NaN }] },
    {
      studyId: 's',
      writes: [{ target: { kind: 'field', fieldId: 'f' }, state: 'value', value: 1, origin: 'guessed' }],
    },
    {
      studyId: 's',
      writes: [
        {
          target: { kind: 'field', fieldId: 'f' },
          state: 'value',
          value: 1,
          provenance: { highlightId: 'h', rawText: '' },
        },
      ],
    },
    {
      studyId: 's',
      writes: [{ target: { kind: 'field', fieldId: 'f' }, state: 'value', value: 1, conversion: { method: '' } }],
    },
    {
      studyId: 's',
      writes: Array.from({ length: 501 }, () => ({ target: { kind: 'field', fieldId: 'f' }, state: 'empty' })),
    },
  ],
  'extraction:map': [
    {},
    { studyId: 's', highlight: { documentSha256: 'x', page: null, start: 0, end: 1 }, writes: [] },
    {
      studyId: 's',
      highlight: { documentSha256: 'a'.repeat(64), page: null, start: 4, end: 4 },
      writes: [{ target: { kind: 'field', fieldId: 'f' }, value: 1, provenance: { rawText: '1', reading: null } }],
    },
    {
      studyId: 's',
      highlight: { documentSha256: 'a'.repeat(64), page: null, start: 0, end: 4 },
      writes: [{ target: { kind: 'field', fieldId: 'f' }, value: 1 }],
    },
  ],
  'extraction:undo': [{}, { studyId: '' }],
  'extraction:redo': [{}, { studyId: null }],
  'extraction:setStatus': [{}, { studyId: 's' }, { studyId: 's', status: 'done' }, { studyId: '', status: 'complete' }],
  'extraction:valuesForHighlight': [{}, { highlightId: '' }, { highlightId: 4 }],
  'analysis:list': [],
  'analysis:get': [{}, { id: '' }],
  'analysis:create': [
    {},
    { outcomeId: 'o', measure: 'XX' },
    { outcomeId: 'o', name: '  ' },
    { outcomeId: 'o', settings: { level: 120 } },
    { outcomeId: 'o', comparison: { kind: 'change', arm: null, baselineTimepointId: 't', correlation: 2 } },
  ],
  'analysis:update': [
    { id: 'a' },
    { id: 'a', patch: { method: 'REML' } },
    { id: 'a', patch: { settings: { sort: 'random' } } },
  ],
  'analysis:delete': [{}, { id: 5 }],
  'analysis:run': [{}, { id: 'a', refits: 'yes' }],
  'analysis:export': [
    { id: 'a', format: 'pdf' },
    { id: 'a', format: 'png', widthMm: 100 },
  ],
  'reconcile:settings': [],
  'reconcile:setSettings': [
    { pair: ['a'] },
    { tolerance: { kind: 'absolute', amount: -1 } },
    { tolerance: { kind: 'relative', percent: 101 } },
    { autoAgree: 'yes' },
  ],
  'reconcile:overview': [],
  'reconcile:get': [{}, { studyId: '' }],
  'reconcile:decide': [
    {},
    { studyId: 's', key: 'k', take: 'c' },
    { studyId: 's', key: 'k', take: 'entered' },
    { studyId: 's', key: 'k', take: 'a', entered: { state: 'value', value: 1 } },
    { studyId: 's', key: 'k', take: 'a', note: 'x'.repeat(2001) },
  ],
  'reconcile:agreement': [{ tolerance: { kind: 'fuzzy' } }],
  'export:formats': [],
  'export:run': [
    {},
    { exportId: 'e', format: 'pdf', layer: { kind: 'consensus' }, destination: { kind: 'download' } },
    { exportId: 'e', format: 'csv', layer: { kind: 'everyone' }, destination: { kind: 'download' } },
    { exportId: 'e', format: 'csv', layer: { kind: 'reviewer', name: '' }, destination: { kind: 'download' } },
    { exportId: 'e', format: 'csv', layer: { kind: 'consensus' }, studies: 'some', destination: { kind: 'download' } },
    { exportId: 'e', format: 'csv', layer: { kind: 'consensus' }, destination: { kind: 'file', path: 'a\0b.csv' } },
    { exportId: 'e', format: 'csv', layer: { kind: 'consensus' }, destination: { kind: 'url' } },
    { exportId: '', format: 'csv', layer: { kind: 'consensus' }, destination: { kind: 'download' } },
  ],
  'export:cancel': [{}, { exportId: 5 }],
};

async function openReviewWithData() {
  const t = testBackend();
  const review = (await t.call('review:create', { title: 'Validation' })) as { path: string };
  await t.call('reviewer:create', { name: 'A' });
  await t.call('study:add', { title: 'Trial', authors: ['Smith J'], year: 2001, abstract: 'Mortality 4 of 123.' });
  const fingerprint = () => {
    const db = t.backend.requireReview().db;
    const audit = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const files = [review.path, `${review.path}-wal`]
      .filter(existsSync)
      .map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));
    return JSON.stringify({ audit, files });
  };
  return { ...t, fingerprint };
}

describe('request validation', () => {
  it('lists exactly the contract’s channels', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(contract).sort());
  });

  for (const channel of CHANNEL_NAMES) {
    it(`${channel} answers malformed requests with a validation error and writes nothing`, async () => {
      const { router, fingerprint } = await openReviewWithData();
      const before = fingerprint();
      const requests = [...NOT_OBJECTS, UNKNOWN_KEY, ...WRONG_FIELDS[channel]];
      for (const request of requests) {
        const result = await router.handle(channel, request);
        expect(result.ok, `${channel} accepted ${JSON.stringify(request)?.slice(0, 80)}`).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('validation');
          expect(result.error.message).toContain(channel);
        }
      }
      expect(fingerprint()).toBe(before);
    });
  }

  it('names the field and the limit for an abstract over 5 MB', async () => {
    const { router } = await openReviewWithData();
    const result = await router.handle('study:add', {
      title: 'Big',
      authors: [],
      abstract: 'a'.repeat(MAX_ABSTRACT_BYTES + 1),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!result.ok)
      expect(result.error.message).toMatch(/abstract: the pasted abstract is 5\.0 MB; the limit is 5\.0 MB/);
  });

  it('refuses unknown channels', async () => {
    const { router } = await openReviewWithData();
    expect(await router.handle('study:delete-everything', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await router.handle('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('never crashes or writes for random requests on any channel', async () => {
    const { router, fingerprint } = await openReviewWithData();
    const writing: ChannelName[] = ['review:create', 'review:saveCopy', 'reviewer:create', 'study:add', 'review:open'];
    const before = fingerprint();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writing),
        fc.anything({ withNullPrototype: true, withObjectString: true }),
        async (channel, request) => {
          const result = await router.handle(channel, request);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.code).not.toBe('internal');
        },
      ),
      { numRuns: 300 },
    );
    expect(fingerprint()).toBe(before);
  });
});
