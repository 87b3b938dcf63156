// A review ready for extraction tests: reviewer A, one study with an abstract, an arm "CRT", the
// intervention form plus the sample outcomes, and helpers to name fields, outcomes and cells.
import type { Arm, ExtractionForm, StudyExtraction, ValueWrite } from '../../shared/model/extraction';
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
  write(writes: ValueWrite[], studyId?: string): Promise<StudyExtraction>;
  /** The error a refused call gives, as "code: message". */
  refused(channel: string, request: unknown): Promise<string>;
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
      return (await t.call('extraction:write', { studyId, writes })) as StudyExtraction;
    },
    async refused(channel, request) {
      const result = await t.router.handle(channel, request);
      if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(request).slice(0, 200)}`);
      return `${result.error.code}: ${result.error.message}`;
    },
  };
}
