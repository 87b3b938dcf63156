// Two reviewers extract independently: passcodes guard who a session acts as, every switch is in the
// audit log, highlights belong to their creator, and until a study is reconciled reviewer B receives
// nothing of reviewer A's work on it, through any channel.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../shared/contract/contract';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/contract/names';
import type { Highlight, PdfImportResult } from '../../shared/model/types';
import { extractionSetup, type ExtractionSetup } from '../helpers/extraction';
import { makePdf } from '../helpers/makePdf';

const A = 'tab-a';
const B = 'tab-b';

describe('passcodes', () => {
  it('guard switching to a reviewer, are stored as scrypt hashes, and every switch is audited', async () => {
    const t = await extractionSetup();
    const { router } = t;
    await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, A);
    const b = await router.invoke('reviewer:create', { name: 'B', passcode: 'b-secret' }, B);
    expect(b.hasPasscode).toBe(true);
    const stored = (
      t.backend.requireReview().db.prepare('SELECT passcode FROM reviewers WHERE id = ?').get(b.id) as {
        passcode: string;
      }
    ).passcode;
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored).not.toContain('b-secret');

    // Tab A cannot become B without B's passcode, nor with a wrong one.
    await expect(router.invoke('reviewer:setCurrent', { id: b.id }, A)).rejects.toMatchObject({
      code: 'passcode_required',
    });
    await expect(router.invoke('reviewer:setCurrent', { id: b.id, passcode: 'guess' }, A)).rejects.toMatchObject({
      code: 'wrong_passcode',
    });
    expect((await router.invoke('reviewer:list', {}, A)).currentId).toBe(t.reviewer.id);
    await router.invoke('reviewer:setCurrent', { id: b.id, passcode: 'b-secret' }, A);
    expect((await router.invoke('reviewer:list', {}, A)).currentId).toBe(b.id);

    // A new session does not start as B (B was chosen last, but has a passcode).
    expect((await router.invoke('reviewer:list', {}, 'tab-new')).currentId).toBeNull();

    // A without a passcode can be switched to freely; A sets one; then it is needed.
    await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, A);
    await router.invoke('reviewer:setPasscode', { passcode: 'a-secret' }, A);
    await expect(router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, B)).rejects.toMatchObject({
      code: 'passcode_required',
    });
    // Changing or clearing needs the current passcode.
    await expect(router.invoke('reviewer:setPasscode', { passcode: 'other' }, A)).rejects.toMatchObject({
      code: 'passcode_required',
    });
    await expect(router.invoke('reviewer:setPasscode', { current: 'nope', passcode: null }, A)).rejects.toMatchObject({
      code: 'wrong_passcode',
    });
    const cleared = await router.invoke('reviewer:setPasscode', { current: 'a-secret', passcode: null }, A);
    expect(cleared.hasPasscode).toBe(false);
    await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, B);

    const switches = (await router.invoke('audit:list', { entity: 'reviewer' }, A)).filter((e) =>
      e.field?.startsWith('switch'),
    );
    // Newest first: tab B to A, tab A back to A, tab A to B (after a refused wrong passcode), tab B
    // (which started as A) to the B it created, and the local session to the A it created.
    expect(switches.map((e) => [e.field, e.before && JSON.parse(e.before), e.after && JSON.parse(e.after)])).toEqual([
      ['switch', b.id, t.reviewer.id],
      ['switch', b.id, t.reviewer.id],
      ['switch', t.reviewer.id, b.id],
      ['switch refused', null, null],
      ['switch', t.reviewer.id, b.id],
      ['switch', null, t.reviewer.id],
    ]);
  });
});

/** Reviewer A's work on the study, with distinctive values to search for. */
async function aExtracts(t: ExtractionSetup) {
  const { router } = t;
  await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, A);
  const pdf = makePdf({
    pages: [['CRT in class IV heart failure'], ['Results', 'QRS duration narrowed to 141.75 ms after implantation.']],
  });
  const imported = (await router.invoke(
    'document:importPdf',
    { fileName: 'trial.pdf', contentBase64: pdf.toString('base64'), studyId: t.study.id },
    A,
  )) as PdfImportResult;
  const pages = await router.invoke('document:pages', { sha256: imported.document.sha256 }, A);
  const quote = '141.75 ms';
  const start = pages.pages[1]!.indexOf(quote);
  const onPdf = await router.invoke(
    'highlight:create',
    { studyId: t.study.id, documentSha256: imported.document.sha256, page: 2, start, end: start + quote.length },
    A,
  );
  const abstractQuote = '9 of 10 patients';
  const s2 = t.study.abstract!.text.indexOf(abstractQuote);
  const onAbstract = await router.invoke(
    'highlight:create',
    {
      studyId: t.study.id,
      documentSha256: t.study.abstract!.sha256,
      page: null,
      start: s2,
      end: s2 + abstractQuote.length,
    },
    A,
  );
  await router.invoke(
    'extraction:write',
    {
      studyId: t.study.id,
      writes: [
        { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Zebrafish-cohort-4417' },
        {
          target: t.cell('QRS duration', 'Follow-up', 'mean'),
          state: 'value',
          value: 141.75,
          origin: 'mapped',
          provenance: { highlightId: onPdf.id, rawText: quote, reading: { kind: 'number', value: 141.75 } },
        },
        {
          target: t.cell('Weaning from inotropes', 'Follow-up', 'events'),
          state: 'value',
          value: 9,
          origin: 'mapped',
          provenance: { highlightId: onAbstract.id, rawText: abstractQuote, reading: { kind: 'count' } },
        },
        { target: t.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 8.8125 },
        { target: { kind: 'field', fieldId: t.fieldId('Sex') }, state: 'not_reported' },
      ],
    },
    A,
  );
  return { pdf: imported, highlights: [onPdf, onAbstract] as Highlight[] };
}

describe('blinding', () => {
  it('keeps highlights their creator’s: others neither see nor delete them; deleting one that feeds values asks first', async () => {
    const t = await extractionSetup();
    const { router } = t;
    await router.invoke('reviewer:create', { name: 'B' }, B);
    const { highlights } = await aExtracts(t);
    const [onPdf] = highlights;
    expect(await router.invoke('highlight:list', { studyId: t.study.id }, B)).toEqual([]);
    expect((await router.invoke('highlight:list', { studyId: t.study.id }, A)).map((h) => h.id).sort()).toEqual(
      highlights.map((h) => h.id).sort(),
    );
    await expect(router.invoke('highlight:delete', { id: onPdf!.id }, B)).rejects.toMatchObject({ code: 'not_found' });
    await expect(router.invoke('highlight:delete', { id: onPdf!.id, confirm: true }, B)).rejects.toMatchObject({
      code: 'not_found',
    });
    // B cannot map a value from A's highlight either.
    await expect(
      router.invoke(
        'extraction:write',
        {
          studyId: t.study.id,
          writes: [
            {
              target: t.cell('QRS duration', 'Follow-up', 'mean'),
              state: 'value',
              value: 141.75,
              origin: 'mapped',
              provenance: { highlightId: onPdf!.id, rawText: '141.75 ms', reading: null },
            },
          ],
        },
        B,
      ),
    ).rejects.toMatchObject({ code: 'validation' });

    // A's own highlight feeds a value: refused until confirmed, then the value keeps its text and reading.
    await expect(router.invoke('highlight:delete', { id: onPdf!.id }, A)).rejects.toMatchObject({
      code: 'highlight_in_use',
      message: expect.stringContaining('feeds 1 value'),
    });
    expect(await router.invoke('highlight:list', { studyId: t.study.id }, A)).toHaveLength(2);
    await router.invoke('highlight:delete', { id: onPdf!.id, confirm: true }, A);
    expect(await router.invoke('highlight:list', { studyId: t.study.id }, A)).toHaveLength(1);
    const qrs = (await router.invoke('extraction:get', { studyId: t.study.id }, A)).values.find(
      (v) => v.target.kind === 'outcome' && v.value === 141.75,
    )!;
    expect(qrs.provenance).toEqual({
      highlightId: onPdf!.id,
      rawText: '141.75 ms',
      reading: { kind: 'number', value: 141.75 },
    });
    // The highlight row is still in the file (marked deleted), so the value's link resolves.
    const row = t.backend
      .requireReview()
      .db.prepare('SELECT exact, deleted_at FROM highlights WHERE id = ?')
      .get(onPdf!.id) as {
      exact: string;
      deleted_at: string | null;
    };
    expect(row.exact).toBe('141.75 ms');
    expect(row.deleted_at).not.toBeNull();
  });

  it('gives reviewer B nothing of A’s work through any channel before reconciliation', async () => {
    const t = await extractionSetup();
    const { router } = t;
    const b = await router.invoke('reviewer:create', { name: 'B' }, B);
    const { pdf, highlights } = await aExtracts(t);
    await router.invoke('extraction:setStatus', { studyId: t.study.id, status: 'complete' }, A);
    await router.invoke('reviewer:setPasscode', { passcode: 'a-secret' }, A);
    const reviewPath = t.backend.requireReview().info.path;

    // What must not reach B: A's values, A's highlight ids, and A's highlight texts as values of
    // their own (quoted: the documents themselves contain the text, and B may read documents).
    // A's numbers as values (the PDF's own text "141.75 ms" is the document, which B may read).
    const secrets: (string | RegExp)[] = [
      'Zebrafish-cohort-4417',
      /(?<![\w.])141\.75(?![\w.]| ms)/,
      '8.8125',
      ...highlights.map((h) => h.id),
      ...highlights.map((h) => JSON.stringify(h.exact)),
    ];
    const otherPdf = makePdf({
      pages: [['A second version'], ['QRS duration narrowed to 141.75 ms after implantation.']],
    });
    const ris = Buffer.from('TY  - JOUR\nTI  - Another trial\nAU  - Doe, J\nPY  - 2003\nER  - \n').toString('base64');

    // An analysis of A's own extraction (single-extraction reviews pool a reviewer's layer).
    const qrs = t.form.outcomes.find((o) => o.name === 'QRS duration')!;
    const aAnalysis = await router.invoke(
      'analysis:create',
      { outcomeId: qrs.id, name: 'QRS as A extracted', layer: { kind: 'reviewer', reviewerId: t.reviewer.id } },
      A,
    );
    expect((await router.invoke('analysis:run', { id: aAnalysis.id }, A)).rows.length).toBeGreaterThan(0);
    const spare = await router.invoke('analysis:create', { outcomeId: qrs.id, name: 'Spare' }, A);
    // A copy of the review holding A's work, as a reviewer would send it from another computer.
    const aCopy = (await router.invoke('review:saveCopy', { path: `${reviewPath}.a-copy.caliper` }, A)).path;

    // Every channel, with requests B could send (the type makes a new channel a compile error here).
    type Requests = { [C in ChannelName]: () => Promise<RequestOf<C>[]> | RequestOf<C>[] };
    let previewId = 'none';
    const requests: Requests = {
      'app:info': () => [{}],
      'review:current': () => [{}],
      'review:create': () => [], // run last, below: it opens another review
      'review:open': () => [], // below
      'review:close': () => [], // below
      'review:saveCopy': () => [], // below
      'review:recent': () => [{}],
      'review:listFiles': () => [{}],
      // B previews and tries to merge A's work from A's copy (A has a passcode), and their own.
      'review:mergePreview': () => [{ path: aCopy }, { path: aCopy, reviewer: 'A' }, { path: aCopy, reviewer: 'B' }],
      'review:mergeCommit': () => [
        { path: aCopy, reviewer: 'A' },
        { path: aCopy, reviewer: 'A', passcode: 'guess' },
        { path: aCopy, reviewer: 'B' },
      ],
      'review:importRm5': () => [], // opens another review, like review:create
      'reviewer:list': () => [{}],
      'reviewer:create': () => [{ name: 'C' }, { name: 'B' }],
      'reviewer:setCurrent': () => [{ id: b.id }, { id: t.reviewer.id }, { id: t.reviewer.id, passcode: 'guess' }],
      'reviewer:setPasscode': () => [{ passcode: 'b-code' }, { current: 'b-code', passcode: null }],
      'study:list': () => [{}, { filter: 'CRT' }, { filter: 'Zebrafish' }],
      'study:columns': () => [{}],
      'study:get': () => [{ id: t.study.id }],
      'study:add': () => [{ title: 'Second trial', authors: ['Roe R'], year: 2002, abstract: 'Nothing here.' }],
      'audit:list': () => [
        { limit: 10_000 },
        { entity: 'extraction_value' },
        { entity: 'highlight' },
        { entity: 'extraction_status' },
        { entityId: highlights[0]!.id },
        { entityId: t.study.id },
      ],
      'highlight:create': () => [
        { studyId: t.study.id, documentSha256: t.study.abstract!.sha256, page: null, start: 0, end: 12 },
      ],
      'highlight:list': () => [{ studyId: t.study.id }],
      'highlight:delete': () => highlights.flatMap((h) => [{ id: h.id }, { id: h.id, confirm: true }]),
      'document:importPdf': () => [{ fileName: 'trial.pdf', contentBase64: pdf.fileName && makePdfBase64() }],
      'document:replacePdf': () => [
        {
          studyId: t.study.id,
          oldSha256: pdf.document.sha256,
          fileName: 'trial-v2.pdf',
          contentBase64: otherPdf.toString('base64'),
        },
      ],
      'document:get': () => [{ sha256: pdf.document.sha256 }],
      'document:pages': () => [{ sha256: pdf.document.sha256 }],
      'document:find': () => [{ sha256: pdf.document.sha256, query: '141.75' }],
      'document:matchPdf': () => [{ fileName: 'trial.pdf', contentBase64: makePdfBase64() }],
      'source:previewImport': () => [{ fileName: 'refs.ris', contentBase64: ris }],
      'source:previewPage': () => [{ previewId, list: 'new', offset: 0 }],
      'source:commitImport': () => [{ previewId }],
      'source:cancelImport': () => [{}],
      'form:get': () => [{}],
      'form:edit': () => [{ edit: { op: 'addSection', title: 'Extra' } }],
      'form:versions': () => [{}],
      'arm:add': () => [{ studyId: t.study.id, label: 'ICD' }],
      'arm:rename': () => [{ armId: t.arm.id, label: 'CRT-D' }],
      'arm:remove': () => [],
      'extraction:get': () => [{ studyId: t.study.id }],
      'extraction:write': () => [
        {
          studyId: t.study.id,
          writes: [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Spain' }],
        },
        {
          studyId: t.study.id,
          writes: [
            {
              target: t.cell('QRS duration', 'Follow-up', 'mean'),
              state: 'value',
              value: 150,
              origin: 'mapped',
              provenance: { highlightId: highlights[0]!.id, rawText: 'x', reading: null },
            },
          ],
        },
      ],
      'extraction:map': () => [
        {
          studyId: t.study.id,
          highlight: { documentSha256: t.study.abstract!.sha256, page: null, start: 0, end: 12 },
          writes: [
            {
              target: t.cell('QRS duration', 'Follow-up', 'sd'),
              value: 12,
              provenance: { rawText: 'x', reading: null },
            },
          ],
        },
      ],
      'extraction:undo': () => [{ studyId: t.study.id }, { studyId: t.study.id }],
      'extraction:redo': () => [{ studyId: t.study.id }, { studyId: t.study.id }],
      'extraction:setStatus': () => [{ studyId: t.study.id, status: 'in_progress' }],
      'extraction:valuesForHighlight': () => highlights.map((h) => ({ highlightId: h.id })),
      'reconcile:settings': () => [{}],
      'reconcile:setSettings': () => [{ tolerance: { kind: 'absolute', amount: 0.5 } }],
      'reconcile:overview': () => [{}],
      'reconcile:get': () => [{ studyId: t.study.id }],
      'reconcile:decide': () => [{ studyId: t.study.id, key: `field:${t.fieldId('Country')}`, take: 'a' }],
      'reconcile:agreement': () => [{}],
      'analysis:list': () => [{}],
      'analysis:get': () => [{ id: aAnalysis.id }],
      'analysis:create': () => [{ outcomeId: qrs.id, name: 'QRS consensus' }],
      'analysis:update': () => [{ id: aAnalysis.id, patch: { name: 'Renamed' } }],
      'analysis:delete': () => [{ id: spare.id }],
      'analysis:run': () => [{ id: aAnalysis.id }, { id: aAnalysis.id, refits: true }],
      'analysis:export': () => [
        { id: aAnalysis.id, format: 'json' },
        { id: aAnalysis.id, format: 'r' },
        { id: aAnalysis.id, format: 'svg' },
      ],
      'export:formats': () => [{}],
      'export:run': () =>
        (['xlsx', 'csv', 'csv-wide', 'revman-csv', 'r'] as const).flatMap((format) =>
          (
            [
              { kind: 'consensus' },
              { kind: 'all' },
              { kind: 'reviewer', name: 'A' },
              { kind: 'reviewer', name: 'B' },
            ] as const
          ).map((layer) => ({
            exportId: `${format}-${layer.kind}`,
            format,
            layer,
            destination: { kind: 'download' as const },
          })),
        ),
      'export:cancel': () => [{ exportId: 'csv-all' }],
    };
    function makePdfBase64() {
      return makePdf({ pages: [['Another PDF'], ['Nothing of note.']] }).toString('base64');
    }

    const seen: string[] = [];
    const leaks: string[] = [];
    const check = (channel: string, request: unknown, answer: unknown) => {
      let text = JSON.stringify(answer) ?? '';
      // A refusal may repeat what B sent (an id B typed): that is not A's work reaching B.
      for (const sent of JSON.stringify(request).match(/"[^"]*"/g) ?? []) text = text.split(sent.slice(1, -1)).join('');
      for (const secret of secrets)
        if (typeof secret === 'string' ? text.includes(secret) : secret.test(text))
          leaks.push(`${channel} ${secret}: ${text.slice(0, 300)}`);
    };
    const send = async (channel: ChannelName, request: unknown) => {
      const answer = await router.handle(channel, request, B);
      seen.push(channel);
      // An export's file comes back as bytes: check what is in it (every cell of a workbook).
      const file = answer.ok ? (answer.value as { base64?: string; fileName?: string }) : null;
      if (file?.base64) {
        const bytes = Buffer.from(file.base64, 'base64');
        let text = bytes.toString('utf8');
        if (file.fileName?.endsWith('.xlsx')) {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(bytes as unknown as ArrayBuffer);
          text = wb.worksheets.flatMap((sheet) => sheet.getSheetValues().map((row) => JSON.stringify(row))).join('\n');
        }
        check(channel, request, text);
      }
      if (channel === 'source:previewImport' && answer.ok)
        previewId = (answer.value as { previewId: string }).previewId;
      check(channel, request, answer);
      return answer;
    };
    const later: ChannelName[] = [
      'review:saveCopy',
      'review:close',
      'review:open',
      'review:create',
      'review:importRm5',
    ];
    for (const channel of CHANNEL_NAMES) {
      if (later.includes(channel)) continue;
      for (const request of await requests[channel]()) await send(channel, request);
    }
    // B wrote a value in the Country field and undid/redid it: still only B's own.
    expect((await router.invoke('extraction:get', { studyId: t.study.id }, B)).reviewerId).toBe(b.id);
    await send('review:saveCopy', { path: `${reviewPath}.copy.caliper` });
    await send('review:close', {});
    await send('review:open', { path: reviewPath });
    for (const channel of [
      'highlight:list',
      'audit:list',
      'extraction:get',
      'study:get',
      'reconcile:overview',
    ] as const)
      for (const request of await requests[channel]()) await send(channel, request);
    await send('review:create', { title: 'Another review' });
    const rm5 = readFileSync(fileURLToPath(new URL('../fixtures/rm5/small-review.rm5', import.meta.url)));
    await send('review:importRm5', { fileName: 'small-review.rm5', contentBase64: rm5.toString('base64') });

    expect(new Set([...seen, 'arm:remove'])).toEqual(new Set(CHANNEL_NAMES));
    expect(leaks).toEqual([]);
    // And A still has all of it (nothing B did touched A's work).
    await router.invoke('review:open', { path: reviewPath }, A);
    const aValues = (await router.invoke('extraction:get', { studyId: t.study.id }, A)).values.map((v) => v.value);
    expect(aValues).toEqual(expect.arrayContaining(['Zebrafish-cohort-4417', 141.75, 8.8125, 9]));
  });
});
