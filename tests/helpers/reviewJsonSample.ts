// A review that fills every table, built through the channels as reviewers would: two reviewers (B
// with a passcode), highlights by each, values of both reviewers' layers (typed, mapped with
// provenance, not reported), an undone write, statuses, reconciliation settings and decisions (the
// consensus), a form edit (form versions), an analysis, an imported PDF with its pages and a study
// added by hand. Layer: tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValueWrite } from '../../shared/model/extraction';
import type { Reviewer, StudyRow } from '../../shared/model/types';
import { extractionSetup, type ExtractionSetup } from './extraction';

export const SESSION_A = 'tab-a';
export const SESSION_B = 'tab-b';

export interface SampleReview extends ExtractionSetup {
  b: Reviewer;
  /** Study ids: the extracted and reconciled study, the PDF's study, a study added by hand. */
  studies: string[];
}

const PDF = path.join(import.meta.dirname, '..', 'fixtures', 'pdfs', 'crt-sample-article.pdf');

export async function sampleReview(dataDir?: string): Promise<SampleReview> {
  const t = await extractionSetup(dataDir);
  const { router } = t;
  await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, SESSION_A);
  const b = await router.invoke('reviewer:create', { name: 'B', passcode: 'b-secret-code' }, SESSION_B);
  const quote = async (session: string, text: string) => {
    const start = t.study.abstract!.text.indexOf(text);
    return router.invoke(
      'highlight:create',
      { studyId: t.study.id, documentSha256: t.study.abstract!.sha256, page: null, start, end: start + text.length },
      session,
    );
  };
  const write = (session: string, writes: ValueWrite[]) =>
    router.invoke('extraction:write', { studyId: t.study.id, writes } as never, session);
  const hA = await quote(SESSION_A, '9 of 10 patients');
  const hB = await quote(SESSION_B, '23.5 +/- 4.3%');
  await write(SESSION_A, [
    {
      target: t.cell('Weaning from inotropes', 'Follow-up', 'events'),
      state: 'value',
      value: 9,
      origin: 'mapped',
      provenance: { highlightId: hA.id, rawText: '9 of 10 patients', reading: null },
    },
    { target: t.cell('Weaning from inotropes', 'Follow-up', 'total'), state: 'value', value: 10 },
    { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23 },
    { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Spain' },
    { target: { kind: 'field', fieldId: t.fieldId('Funding') }, state: 'not_reported' },
  ]);
  // An undone write stays on the redo stack (undone = 1).
  await write(SESSION_A, [{ target: t.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 99 }]);
  await router.invoke('extraction:undo', { studyId: t.study.id }, SESSION_A);
  await write(SESSION_B, [
    { target: t.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 8 },
    { target: t.cell('Weaning from inotropes', 'Follow-up', 'total'), state: 'value', value: 10 },
    {
      target: t.cell('LVEF', 'Baseline', 'mean'),
      state: 'value',
      value: 23.5,
      origin: 'mapped',
      provenance: { highlightId: hB.id, rawText: '23.5 +/- 4.3%', reading: null },
    },
    { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Spain' },
  ]);
  await router.invoke(
    'reconcile:setSettings',
    { autoAgree: true, tolerance: { kind: 'absolute', amount: 0.01 } },
    SESSION_A,
  );
  for (const session of [SESSION_A, SESSION_B])
    await router.invoke('extraction:setStatus', { studyId: t.study.id, status: 'complete' }, session);
  const r = await router.invoke('reconcile:get', { studyId: t.study.id }, SESSION_A);
  const keyOf = (label: string) => r.cells.find((c) => c.label.startsWith(label))!.key;
  await router.invoke(
    'reconcile:decide',
    { studyId: t.study.id, key: keyOf('Weaning from inotropes, Follow-up, CRT, events'), take: 'a', note: '9 of 10' },
    SESSION_B,
  );
  await router.invoke('reconcile:decide', { studyId: t.study.id, key: keyOf('LVEF, Baseline'), take: 'b' }, SESSION_A);

  const section = t.form.sections[0]!;
  await t.call('form:edit', { edit: { op: 'addField', sectionId: section.id, label: 'Blinding', type: 'text' } });
  const lvef = t.form.outcomes.find((o) => o.name === 'Weaning from inotropes')!;
  await t.call('analysis:create', { outcomeId: lvef.id });
  const pdf = (await router.invoke(
    'document:importPdf',
    { fileName: 'crt-sample-article.pdf', contentBase64: readFileSync(PDF).toString('base64') },
    SESSION_A,
  )) as { study: { id: string } };
  const added = (await router.invoke(
    'study:add',
    { title: 'Ünïcode “quotes” and \\ backslashes', authors: ['Ørsted, H'], year: 2001, abstract: 'Short.\nTwo lines' },
    SESSION_A,
  )) as StudyRow;
  return { ...t, b, studies: [t.study.id, pdf.study.id, added.id] };
}
