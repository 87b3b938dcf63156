// The extraction form against real review files: the default and sample forms, edits with values
// present (rename, remove and restore, type changes allowed and refused with the reason), versions
// with snapshots, and the audit log.
import { describe, expect, it } from 'vitest';
import { listStudyValues } from '../../electron/backend/db/repositories/extraction';
import { formSnapshot } from '../../electron/backend/db/repositories/forms';
import { createSampleReview } from '../../electron/backend/services/review';
import type { ExtractionForm, StudyExtraction } from '../../shared/model/extraction';
import type { AuditEntry, StudyRow } from '../../shared/model/types';
import { extractionSetup } from '../helpers/extraction';
import { testBackend } from '../helpers/temp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('forms', () => {
  it('a new review gets the intervention form, with stable UUIDs, as version 1', async () => {
    const t = testBackend();
    await t.call('review:create', { title: 'New' });
    const form = (await t.call('form:get', {})) as ExtractionForm;
    expect(form.version).toBe(1);
    expect(form.sections.map((s) => s.title)).toEqual([
      'Methods',
      'Participants',
      'Interventions',
      'Funding and conflicts of interest',
    ]);
    expect(form.fields.map((f) => [f.label, f.type])).toEqual([
      ['Design', 'single_choice'],
      ['Country', 'text'],
      ['Follow-up', 'text'],
      ['N randomised', 'integer'],
      ['N analysed', 'integer'],
      ['Age', 'text'],
      ['Sex', 'text'],
      ['Intervention', 'long_text'],
      ['Comparator', 'long_text'],
      ['Funding', 'long_text'],
      ['Conflicts of interest', 'yes_no_unclear'],
    ]);
    expect(form.outcomes).toEqual([]);
    for (const id of [form.id, ...form.sections.map((s) => s.id), ...form.fields.map((f) => f.id)])
      expect(id).toMatch(UUID);
    expect(await t.call('form:get', {})).toEqual(form);
    expect(await t.call('form:versions', {})).toEqual([
      { version: 1, at: form.updatedAt, reviewerId: null, summary: 'Created from the intervention template' },
    ]);
  });

  it('the sample review gets the intervention form, the CRT outcomes and an arm per study', async () => {
    const t = testBackend();
    createSampleReview(t.backend.context());
    await t.call('reviewer:create', { name: 'A' });
    const form = (await t.call('form:get', {})) as ExtractionForm;
    expect(form.fields.some((f) => f.label === 'N randomised')).toBe(true);
    expect(form.outcomes.map((o) => [o.name, o.dataType, o.unit, o.timepoints.map((tp) => tp.label)])).toEqual([
      ['QRS duration', 'mean', 'ms', ['Baseline', 'Follow-up']],
      ['LVEF', 'mean', '%', ['Baseline', 'Follow-up']],
      ['LV end-diastolic volume', 'mean', 'ml', ['Baseline', 'Follow-up']],
      ['LV end-systolic volume', 'mean', 'ml', ['Baseline', 'Follow-up']],
      ['NYHA class IV', 'proportion', null, ['Baseline', 'Follow-up']],
      ['Weaning from inotropes', 'proportion', null, ['Follow-up']],
      ['12-month survival', 'proportion', null, ['12 months']],
    ]);
    for (const o of form.outcomes) for (const tp of o.timepoints) expect(tp.id).toMatch(UUID);
    const studies = (await t.call('study:list', {})) as StudyRow[];
    const arms: Record<string, string[]> = {};
    for (const study of studies) {
      const e = (await t.call('extraction:get', { studyId: study.id })) as StudyExtraction;
      arms[study.title] = e.arms.map((a) => a.label);
    }
    expect(Object.values(arms).sort()).toEqual([['CRT'], ['CRT'], ['CRT'], ['CRT', 'ICD']]);
    expect(arms['Cardiac resynchronization therapy in patients with stage 4 chronic kidney disease']).toEqual([
      'CRT',
      'ICD',
    ]);
    t.backend.close();
  });

  it('renaming a field or outcome leaves every value as it was', async () => {
    const s = await extractionSetup();
    const country = s.fieldId('Country');
    await s.write([
      { target: { kind: 'field', fieldId: country }, state: 'value', value: 'USA' },
      { target: s.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.5 },
    ]);
    const before = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    const lvef = s.form.outcomes.find((o) => o.name === 'LVEF')!;
    await s.call('form:edit', { edit: { op: 'updateField', fieldId: country, label: 'Country of recruitment' } });
    await s.call('form:edit', { edit: { op: 'updateOutcome', outcomeId: lvef.id, name: 'LV ejection fraction' } });
    await s.call('form:edit', {
      edit: { op: 'renameTimepoint', outcomeId: lvef.id, timepointId: lvef.timepoints[0]!.id, label: 'Before CRT' },
    });
    expect(await s.call('extraction:get', { studyId: s.study.id })).toEqual(before);
    const form = (await s.call('form:get', {})) as ExtractionForm;
    expect(form.fields.find((f) => f.id === country)?.label).toBe('Country of recruitment');
  });

  it('removing a field or outcome archives it: its values stay, flagged, listed for export; restore brings it back', async () => {
    const s = await extractionSetup();
    const age = s.fieldId('Age');
    await s.write([
      { target: { kind: 'field', fieldId: age }, state: 'value', value: '55 +/- 13 years' },
      { target: s.cell('QRS duration', 'Baseline', 'mean'), state: 'value', value: 153 },
    ]);
    const qrs = s.form.outcomes.find((o) => o.name === 'QRS duration')!;
    await s.call('form:edit', { edit: { op: 'removeField', fieldId: age } });
    const form = (await s.call('form:edit', { edit: { op: 'removeOutcome', outcomeId: qrs.id } })) as ExtractionForm;
    expect(form.fields.find((f) => f.id === age)?.archived).toBe(true);
    expect(form.outcomes.find((o) => o.id === qrs.id)?.archived).toBe(true);
    const e = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(e.values.map((v) => [v.value, v.archived])).toEqual(
      expect.arrayContaining([
        ['55 +/- 13 years', true],
        [153, true],
      ]),
    );
    expect(e.values).toHaveLength(2);
    expect(listStudyValues(s.backend.requireReview().db, s.study.id).filter((v) => v.archived)).toHaveLength(2);
    expect(
      await s.refused('extraction:write', {
        studyId: s.study.id,
        writes: [{ target: { kind: 'field', fieldId: age }, state: 'value', value: '60' }],
      }),
    ).toMatch(/^validation: Age: this field was removed from the form\.$/);
    await s.call('form:edit', { edit: { op: 'restoreField', fieldId: age } });
    const restored = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(restored.values.find((v) => v.value === '55 +/- 13 years')?.archived).toBe(false);
  });

  it('refuses a type change that would lose data, with the reason, and allows those that do not', async () => {
    const s = await extractionSetup();
    const followUp = s.fieldId('Follow-up');
    const n = s.fieldId('N randomised');
    const section = s.form.sections[0]!.id;
    let form = (await s.call('form:edit', {
      edit: { op: 'addField', sectionId: section, label: 'Dose (mg)', type: 'number' },
    })) as ExtractionForm;
    const dose = form.fields.find((f) => f.label === 'Dose (mg)')!.id;
    form = (await s.call('form:edit', {
      edit: {
        op: 'addField',
        sectionId: section,
        label: 'Setting',
        type: 'single_choice',
        options: ['Inpatient', 'Outpatient'],
      },
    })) as ExtractionForm;
    const setting = form.fields.find((f) => f.label === 'Setting')!.id;
    await s.write([
      { target: { kind: 'field', fieldId: followUp }, state: 'value', value: '1,088 +/- 284 days' },
      { target: { kind: 'field', fieldId: n }, state: 'value', value: 10 },
      { target: { kind: 'field', fieldId: dose }, state: 'value', value: 4.3, written: '4.30' },
      { target: { kind: 'field', fieldId: setting }, state: 'value', value: 'Outpatient' },
      { target: s.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 },
    ]);
    const versionBefore = ((await s.call('form:get', {})) as ExtractionForm).version;
    const edit = (e: unknown) => s.refused('form:edit', { edit: e });
    expect(await edit({ op: 'updateField', fieldId: followUp, type: 'number' })).toBe(
      'validation: Cannot change "Follow-up" from text to number: "1,088 +/- 284 days" is not a number. Change or clear that value first.',
    );
    expect(await edit({ op: 'updateField', fieldId: dose, type: 'integer' })).toMatch(
      /^validation: Cannot change "Dose \(mg\)" from number to whole number: a value must be a whole number \(got 4.3\)/,
    );
    expect(await edit({ op: 'updateField', fieldId: setting, options: ['Inpatient'] })).toMatch(
      /Cannot change the choices of "Setting": "Outpatient" is not one of its choices/,
    );
    const lvef = s.form.outcomes.find((o) => o.name === 'LVEF')!;
    expect(await edit({ op: 'updateOutcome', outcomeId: lvef.id, dataType: 'proportion' })).toMatch(
      /Cannot change the data type of "LVEF": it has 1 extracted value/,
    );
    expect(((await s.call('form:get', {})) as ExtractionForm).version).toBe(versionBefore);

    // Changes that keep every value: whole number to number, single to multiple choice, number to text
    // (as it was typed: "4.30").
    await s.call('form:edit', { edit: { op: 'updateField', fieldId: n, type: 'number' } });
    await s.call('form:edit', { edit: { op: 'updateField', fieldId: setting, type: 'multiple_choice' } });
    await s.call('form:edit', { edit: { op: 'updateField', fieldId: dose, type: 'text' } });
    const e = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    const of = (fieldId: string) =>
      e.values.find((v) => v.target.kind === 'field' && v.target.fieldId === fieldId)?.value;
    expect([of(n), of(setting), of(dose)]).toEqual([10, ['Outpatient'], '4.30']);
    // Changing an outcome's data type is fine while it has no values.
    const qrs = s.form.outcomes.find((o) => o.name === 'QRS duration')!;
    await s.call('form:edit', { edit: { op: 'updateOutcome', outcomeId: qrs.id, dataType: 'continuous' } });
  });

  it('archives a timepoint removed while it has values, keeps its values, and restores it', async () => {
    const s = await extractionSetup();
    const lvef = s.form.outcomes.find((o) => o.name === 'LVEF')!;
    const [baseline, followUp] = lvef.timepoints;
    await s.write([{ target: s.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 }]);
    let form = (await s.call('form:edit', {
      edit: { op: 'removeTimepoint', outcomeId: lvef.id, timepointId: baseline!.id },
    })) as ExtractionForm;
    let outcome = form.outcomes.find((o) => o.id === lvef.id)!;
    expect(outcome.timepoints.map((t) => t.label)).toEqual([followUp!.label]);
    expect(outcome.archivedTimepoints).toEqual([baseline]);
    let e = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(e.values.find((v) => v.value === 4.3)?.archived).toBe(true);
    const versions = (await s.call('form:versions', {})) as { summary: string }[];
    expect(versions[0]?.summary).toBe('Removed timepoint "Baseline" from "LVEF" (its values are kept)');
    // A timepoint without values simply goes; the last one stays.
    form = (await s.call('form:edit', {
      edit: { op: 'addTimepoint', outcomeId: lvef.id, label: '12 months' },
    })) as ExtractionForm;
    const twelve = form.outcomes.find((o) => o.id === lvef.id)!.timepoints.at(-1)!;
    form = (await s.call('form:edit', {
      edit: { op: 'removeTimepoint', outcomeId: lvef.id, timepointId: twelve.id },
    })) as ExtractionForm;
    expect(form.outcomes.find((o) => o.id === lvef.id)!.archivedTimepoints).toEqual([baseline]);
    expect(
      await s.refused('form:edit', { edit: { op: 'removeTimepoint', outcomeId: lvef.id, timepointId: followUp!.id } }),
    ).toMatch(/needs at least one timepoint/);
    form = (await s.call('form:edit', {
      edit: { op: 'restoreTimepoint', outcomeId: lvef.id, timepointId: baseline!.id },
    })) as ExtractionForm;
    outcome = form.outcomes.find((o) => o.id === lvef.id)!;
    expect(outcome.timepoints.map((t) => t.id)).toEqual([followUp!.id, baseline!.id]);
    expect(outcome.archivedTimepoints).toBeUndefined();
    e = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(e.values.find((v) => v.value === 4.3)?.archived).toBe(false);
  });

  it("renames a choice and carries the values that chose it, in every reviewer's extraction", async () => {
    const s = await extractionSetup();
    const section = s.form.sections[0]!.id;
    let form = (await s.call('form:edit', {
      edit: {
        op: 'addField',
        sectionId: section,
        label: 'Setting',
        type: 'multiple_choice',
        options: ['Inpatient', 'Outpatient'],
      },
    })) as ExtractionForm;
    const setting = form.fields.find((f) => f.label === 'Setting')!.id;
    await s.write([
      { target: { kind: 'field', fieldId: setting }, state: 'value', value: ['Outpatient', 'Inpatient'] },
    ]);
    form = (await s.call('form:edit', {
      edit: { op: 'renameChoice', fieldId: setting, from: 'Outpatient', to: 'Ambulatory' },
    })) as ExtractionForm;
    expect(form.fields.find((f) => f.id === setting)!.options).toEqual(['Inpatient', 'Ambulatory']);
    const e = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(e.values.find((v) => v.target.kind === 'field' && v.target.fieldId === setting)?.value).toEqual([
      'Ambulatory',
      'Inpatient',
    ]);
    expect(
      await s.refused('form:edit', {
        edit: { op: 'renameChoice', fieldId: setting, from: 'Ambulatory', to: 'inpatient' },
      }),
    ).toMatch(/"inpatient" is already a choice of "Setting"/);
    const audit = (await s.call('audit:list', { entity: 'extraction_value', limit: 5 })) as AuditEntry[];
    expect(audit[0]).toMatchObject({ field: 'value', after: JSON.stringify(['Ambulatory', 'Inpatient']) });
  });

  it('records a version with a snapshot for every edit, and audits it in the same transaction', async () => {
    const s = await extractionSetup();
    const start = ((await s.call('form:get', {})) as ExtractionForm).version;
    const section = s.form.sections[1]!.id;
    const added = (await s.call('form:edit', {
      edit: { op: 'addField', sectionId: section, label: 'Ethnicity', type: 'text' },
    })) as ExtractionForm;
    const field = added.fields.find((f) => f.label === 'Ethnicity')!;
    const moved = (await s.call('form:edit', {
      edit: { op: 'moveField', fieldId: field.id, toIndex: 0 },
    })) as ExtractionForm;
    expect(moved.fields.filter((f) => f.sectionId === section)[0]?.id).toBe(field.id);
    expect(moved.version).toBe(start + 2);
    const versions = (await s.call('form:versions', {})) as { version: number; summary: string; reviewerId: string }[];
    expect(versions.slice(0, 3)).toEqual([
      expect.objectContaining({ version: start + 2, summary: 'Moved field "Ethnicity"', reviewerId: s.reviewer.id }),
      expect.objectContaining({ version: start + 1, summary: 'Added field "Ethnicity"' }),
      expect.objectContaining({ version: start, summary: 'Applied the sample_crt template (7 added)' }),
    ]);
    const snapshot = formSnapshot(s.backend.requireReview().db, moved.id, start + 1)!;
    expect(snapshot.fields.at(-1)).toMatchObject({ label: 'Ethnicity' });
    const audit = (await s.call('audit:list', { entity: 'form', limit: 10 })) as AuditEntry[];
    expect(audit.slice(0, 2).map((a) => a.field)).toEqual(['moveField', 'addField']);
    expect(await s.refused('form:edit', { edit: { op: 'applyTemplate', template: 'sample_crt' } })).toMatch(
      /already has everything/,
    );
    expect(await s.refused('form:edit', { edit: { op: 'removeField', fieldId: 'missing' } })).toMatch(/^not_found/);
    const same = (await s.call('form:edit', {
      edit: { op: 'updateField', fieldId: field.id, label: 'Ethnicity' },
    })) as ExtractionForm;
    expect(same.version).toBe(start + 2);
  });

  it('gives a review without a form (made before forms existed) the default form when it is opened, audited', async () => {
    const t = testBackend();
    const info = (await t.call('review:create', { title: 'Old' })) as { path: string };
    const { db } = t.backend.requireReview();
    db.exec('DELETE FROM form_versions; DELETE FROM forms;');
    await t.call('review:close', {});
    await t.call('review:open', { path: info.path });
    const opened = t.backend.requireReview().db;
    const changesAtOpen = (opened.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const form = (await t.call('form:get', {})) as ExtractionForm;
    expect(form).toMatchObject({ version: 1 });
    expect(form.fields).toHaveLength(11);
    expect(await t.call('audit:list', { entity: 'form' })).toEqual([
      expect.objectContaining({ entityId: form.id, action: 'create' }),
    ]);
    // Reads never write: the form was made at open, so reading the form and its versions changed nothing.
    await t.call('form:versions', {});
    expect((opened.prepare('SELECT total_changes() AS n').get() as { n: number }).n).toBe(changesAtOpen);
  });

  it('a read never writes a form: a review without one read through the services is refused, unchanged', async () => {
    const t = testBackend();
    await t.call('review:create', { title: 'Formless' });
    const { db } = t.backend.requireReview();
    db.exec('DELETE FROM form_versions; DELETE FROM forms;');
    const before = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    for (const channel of ['form:get', 'form:versions'] as const) {
      const result = await t.router.handle(channel, {});
      expect(result.ok ? 'answered' : result.error.code).toBe('not_found');
    }
    expect((db.prepare('SELECT total_changes() AS n').get() as { n: number }).n).toBe(before);
    expect(db.prepare('SELECT count(*) AS n FROM forms').get()).toEqual({ n: 0 });
  });
});
