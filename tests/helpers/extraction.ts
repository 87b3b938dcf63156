// A review ready for extraction tests: reviewer A, one study with an abstract, an arm "CRT", the
// intervention form plus the sample outcomes, and helpers to name fields, outcomes and cells.
import { expect } from 'vitest';
import {
  applyExtractionChange,
  targetKey,
  type Arm,
  type ExtractionChange,
  type ExtractionForm,
  type StudyExtraction,
  type ValueWrite,
} from '../../shared/model/extraction';
import type { Highlight, Reviewer, StudyDetail, StudyRow } from '../../shared/model/types';
import { testBackend, type TestBackend } from './temp';

export const ABSTRACT =
  'Ten patients (age 55 +/- 13 years) received CRT. LV ejection fraction increased (23.5 +/- 4.3% to 32.0 +/- 9.1%; p <0.05). ' +
  'Intravenous inotropic therapy was discontinued in 9 of 10 patients.';

export interface ExtractionSetup extends TestBackend {
  reviewer: Reviewer;
  study: StudyDetail;
  arm: Arm;
  form: ExtractionForm;
  fieldId(label: string): string;
  cell(outcome: string, timepoint: string, component: string, armId?: string | null): ValueWrite['target'];
  highlight(quote: string): Promise<Highlight>;
  /** Writes, and answers with the whole extraction afterwards (checking the write's answer against it). */
  write(writes: ValueWrite[], studyId?: string): Promise<StudyExtraction>;
  /**
   * Calls a channel that answers with an ExtractionChange (undo, redo, status) and answers with the
   * whole extraction afterwards, checking that the change applied to the one before gives it.
   */
  change(
    channel: 'extraction:undo' | 'extraction:redo' | 'extraction:setStatus',
    request: object,
  ): Promise<StudyExtraction>;
  /** The error a refused call gives, as "code: message". */
  refused(channel: string, request: unknown): Promise<string>;
}

const byKey = (e: StudyExtraction): StudyExtraction => ({
  ...e,
  values: [...e.values].sort((a, b) => targetKey(a.target).localeCompare(targetKey(b.target))),
});

/** Runs a call answering with an ExtractionChange; checks the change against the extraction after it. */
async function changed(t: TestBackend, studyId: string, call: () => Promise<unknown>): Promise<StudyExtraction> {
  const before = (await t.call('extraction:get', { studyId })) as StudyExtraction;
  const change = (await call()) as ExtractionChange;
  const after = (await t.call('extraction:get', { studyId })) as StudyExtraction;
  expect(byKey(applyExtractionChange(before, change))).toEqual(byKey(after));
  return after;
}

export async function extractionSetup(dataDir?: string): Promise<ExtractionSetup> {
  const t = testBackend(dataDir);
  await t.call('review:create', { title: 'Extraction' });
  const reviewer = (await t.call('reviewer:create', { name: 'A' })) as Reviewer;
  const row = (await t.call('study:add', { title: 'CRT in class IV', authors: [], abstract: ABSTRACT })) as StudyRow;
  const study = (await t.call('study:get', { id: row.id })) as StudyDetail;
  const arm = (await t.call('arm:add', { studyId: study.id, label: 'CRT' })) as Arm;
  const form = (await t.call('form:edit', { edit: { op: 'applyTemplate', template: 'sample_crt' } })) as ExtractionForm;
  const fieldId = (label: string) => form.fields.find((f) => f.label === label)!.id;
  const cell = (outcome: string, timepoint: string, component: string, armId: string | null = arm.id) => {
    const o = form.outcomes.find((x) => x.name === outcome)!;
    return {
      kind: 'outcome' as const,
      outcomeId: o.id,
      timepointId: o.timepoints.find((x) => x.label === timepoint)!.id,
      armId,
      component,
    };
  };
  return {
    ...t,
    reviewer,
    study,
    arm,
    form,
    fieldId,
    cell,
    async highlight(quote) {
      const start = ABSTRACT.indexOf(quote);
      return (await t.call('highlight:create', {
        studyId: study.id,
        documentSha256: study.abstract!.sha256,
        page: null,
        start,
        end: start + quote.length,
      })) as Highlight;
    },
    async write(writes, studyId = study.id) {
      return changed(t, studyId, () => t.call('extraction:write', { studyId, writes }));
    },
    async change(channel, request) {
      return changed(t, study.id, () => t.call(channel, { studyId: study.id, ...request }));
    },
    async refused(channel, request) {
      const result = await t.router.handle(channel, request);
      if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(request).slice(0, 200)}`);
      return `${result.error.code}: ${result.error.message}`;
    },
  };
}
