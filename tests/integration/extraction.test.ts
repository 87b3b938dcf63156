// Extraction against real review files: values set, cleared, "not reported", converted and mapped
// from highlights with their provenance; refused writes that leave what was there; undo and redo
// that survive a restart; the status; the audit log; and each reviewer's values kept apart.
import { describe, expect, it } from 'vitest';
import type { ExtractedValue, StudyExtraction, UndoChange } from '../../shared/model/extraction';
import type { AuditEntry, Highlight, Reviewer, StudyRow } from '../../shared/model/types';
import { extractionSetup } from '../helpers/extraction';
import { testBackend } from '../helpers/temp';

const valueAt = (extraction: StudyExtraction, key: (v: ExtractedValue) => boolean) =>
  extraction.values.find(key) ?? null;

describe('extraction values', () => {
  it('sets a typed value, clears it, and stores "not reported" as a decision distinct from empty', async () => {
    const s = await extractionSetup();
    const target = { kind: 'field' as const, fieldId: s.fieldId('N randomised') };
    let e = await s.write([{ target, state: 'value', value: 10 }]);
    expect(e.values).toEqual([
      expect.objectContaining({
        target,
        state: 'value',
        value: 10,
        origin: 'typed',
        provenance: null,
        conversion: null,
        archived: false,
        reviewerId: s.reviewer.id,
      }),
    ]);
    e = await s.write([{ target, state: 'empty' }]);
    expect(e.values).toEqual([]);
    e = await s.write([{ target, state: 'not_reported' }]);
    expect(e.values).toEqual([expect.objectContaining({ target, state: 'not_reported', value: null })]);
    // A number typed as text in a number field is stored as a number.
    e = await s.write([{ target, state: 'value', value: ' 12 ' }]);
    expect(e.values[0]).toMatchObject({ state: 'value', value: 12 });
  });

  it('keeps a typed number as written ("32.0"): stored as the number, shown again after a restart and an undo', async () => {
    const s = await extractionSetup();
    const mean = s.cell('LVEF', 'Follow-up', 'mean');
    const field = { kind: 'field' as const, fieldId: s.fieldId('N randomised') };
    let e = await s.write([
      { target: mean, state: 'value', value: 32, written: '32.0' },
      { target: field, state: 'value', value: 10, written: '10' },
    ]);
    expect(valueAt(e, (v) => v.target.kind === 'outcome')).toMatchObject({
      value: 32,
      written: '32.0',
      origin: 'typed',
    });
    // A whole number typed as a whole number has nothing else to keep.
    expect(valueAt(e, (v) => v.target.kind === 'field')).not.toHaveProperty('written');
    // Text that is not the number sent is not kept.
    e = await s.write([{ target: field, state: 'value', value: 11, written: '12.0' }]);
    expect(valueAt(e, (v) => v.target.kind === 'field')).toMatchObject({ value: 11 });
    expect(valueAt(e, (v) => v.target.kind === 'field')).not.toHaveProperty('written');
    // Typing the same number with other decimals is a change; undo brings "32.0" back.
    e = await s.write([{ target: mean, state: 'value', value: 32, written: '32' }]);
    expect(valueAt(e, (v) => v.target.kind === 'outcome')).toMatchObject({ value: 32 });
    expect(valueAt(e, (v) => v.target.kind === 'outcome')).not.toHaveProperty('written');
    e = await s.change('extraction:undo', {});
    expect(valueAt(e, (v) => v.target.kind === 'outcome')).toMatchObject({ value: 32, written: '32.0' });
    const volume = s.cell('LV end-diastolic volume', 'Follow-up', 'mean');
    await s.write([{ target: volume, state: 'value', value: 1212.5, written: '1,212.50' }]);
    const path = s.backend.requireReview().info.path;
    s.backend.close();
    const again = testBackend(s.dataDir);
    await again.call('review:open', { path });
    await again.call('reviewer:setCurrent', { id: s.reviewer.id });
    const reopened = (await again.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(reopened.values.filter((v) => v.target.kind === 'outcome').map((v) => [v.value, v.written])).toEqual(
      expect.arrayContaining([
        [32, '32.0'],
        [1212.5, '1212.50'],
      ]),
    );
    again.backend.close();
  });

  it('maps a highlight into a cell with its provenance, and lists the values a highlight fed', async () => {
    const s = await extractionSetup();
    const h = await s.highlight('23.5 +/- 4.3%');
    const provenance = {
      highlightId: h.id,
      rawText: '23.5 +/- 4.3%',
      reading: { kind: 'mean_sd', mean: 23.5, sd: 4.3, unit: '%' },
    };
    const e = await s.write([
      { target: s.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.5, origin: 'mapped', provenance },
      { target: s.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3, origin: 'mapped', provenance },
    ]);
    expect(e.values).toHaveLength(2);
    for (const v of e.values) expect(v).toMatchObject({ origin: 'mapped', provenance });
    // Typing the same value again (as leaving the cell may do) keeps the mapping and its provenance.
    const again = await s.write([{ target: s.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 }]);
    expect(again.values).toEqual(e.values);
    const fed = (await s.call('extraction:valuesForHighlight', { highlightId: h.id })) as ExtractedValue[];
    expect(fed.map((v) => v.value).sort()).toEqual([23.5, 4.3].sort());
  });

  it('maps a selection in one request: the highlight and its values together, or neither', async () => {
    const s = await extractionSetup();
    const quote = '23.5 +/- 4.3%';
    const start = s.study.abstract!.text.indexOf(quote);
    const selection = { documentSha256: s.study.abstract!.sha256, page: null, start, end: start + quote.length };
    const reading = { kind: 'mean_sd', mean: 23.5, sd: 4.3, unit: '%' };
    const { highlight, change } = await s.router.invoke('extraction:map', {
      studyId: s.study.id,
      highlight: selection,
      writes: [
        { target: s.cell('LVEF', 'Baseline', 'mean'), value: 23.5, provenance: { rawText: quote, reading } },
        { target: s.cell('LVEF', 'Baseline', 'sd'), value: 4.3, provenance: { rawText: quote, reading } },
      ],
    });
    expect(highlight.exact).toBe(quote);
    expect(change.values.map((v) => [v.value, v.origin, v.provenance?.highlightId])).toEqual([
      [23.5, 'mapped', highlight.id],
      [4.3, 'mapped', highlight.id],
    ]);
    expect(change).toMatchObject({ status: 'in_progress', cleared: [], canUndo: true });

    // An SD of 0 is refused: nothing is written, and no highlight is left behind.
    const refused = await s.refused('extraction:map', {
      studyId: s.study.id,
      highlight: selection,
      writes: [{ target: s.cell('LVEF', 'Follow-up', 'sd'), value: 0, provenance: { rawText: quote, reading } }],
    });
    expect(refused).toMatch(/^validation: LVEF, Follow-up, CRT: SD must be above 0/);
    const highlights = (await s.call('highlight:list', { studyId: s.study.id })) as Highlight[];
    expect(highlights.map((h) => h.id)).toEqual([highlight.id]);
    const e = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(e.values).toHaveLength(2);
  });

  it('stores a conversion with its method and inputs', async () => {
    const s = await extractionSetup();
    const conversion = { method: 'sd_from_se', source: 'Cochrane Handbook 6.5.2.2', inputs: { se: 1.36, n: 10 } };
    const e = await s.write([
      { target: s.cell('LVEF', 'Follow-up', 'sd'), state: 'value', value: 4.3, origin: 'converted', conversion },
    ]);
    expect(e.values[0]).toMatchObject({ origin: 'converted', conversion, value: 4.3 });
  });

  it('refuses a bad write with the cell named in words, and leaves what was there', async () => {
    const s = await extractionSetup();
    const sd = s.cell('LVEF', 'Follow-up', 'sd');
    await s.write([{ target: sd, state: 'value', value: 9.1 }]);
    const before = await s.call('extraction:get', { studyId: s.study.id });
    const auditBefore = ((await s.call('audit:list', { limit: 10_000 })) as AuditEntry[]).length;
    const cases: [unknown[], RegExp][] = [
      [[{ target: sd, state: 'value', value: 0 }], /^validation: LVEF, Follow-up, CRT: SD must be above 0\.$/],
      [
        [{ target: s.cell('LVEF', 'Follow-up', 'mean'), state: 'value', value: 120 }],
        /LVEF, Follow-up, CRT: mean is a percentage: 0 to 100/,
      ],
      [[{ target: s.cell('LVEF', 'Follow-up', 'n'), state: 'value', value: 9.5 }], /n must be a whole number above 0/],
      [
        [{ target: { kind: 'field', fieldId: s.fieldId('N randomised') }, state: 'value', value: 'ten' }],
        /^validation: N randomised: "ten" is not a number\.$/,
      ],
      [
        [{ target: { kind: 'field', fieldId: s.fieldId('Design') }, state: 'value', value: 'Guesswork' }],
        /Design: "Guesswork" is not one of its choices/,
      ],
      [
        [
          { target: s.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 11 },
          { target: s.cell('Weaning from inotropes', 'Follow-up', 'total'), state: 'value', value: 10 },
        ],
        /Weaning from inotropes, Follow-up, CRT: events \(11\) are more than the total \(10\)/,
      ],
      [[{ target: s.cell('LVEF', 'Follow-up', 'mean', null), state: 'value', value: 30 }], /choose an arm/],
      [[{ target: s.cell('LVEF', 'Follow-up', 'events'), state: 'value', value: 3 }], /have no "events"/],
      [
        [
          {
            target: s.cell('LVEF', 'Follow-up', 'mean'),
            state: 'value',
            value: 30,
            origin: 'mapped',
            provenance: { highlightId: 'nope', rawText: '30', reading: null },
          },
        ],
        /no highlight with id nope in this study/,
      ],
      [
        [{ target: s.cell('LVEF', 'Follow-up', 'mean'), state: 'value', value: 30, origin: 'mapped' }],
        /needs the highlight/,
      ],
      [[{ target: s.cell('LVEF', 'Follow-up', 'mean'), state: 'value' }], /has no value/],
      [
        [
          { target: s.cell('LVEF', 'Follow-up', 'mean'), state: 'value', value: 30 },
          { target: sd, state: 'value', value: -1 },
        ],
        /SD must be above 0/,
      ],
    ];
    for (const [writes, message] of cases) {
      expect(await s.refused('extraction:write', { studyId: s.study.id, writes })).toMatch(message);
    }
    expect(await s.call('extraction:get', { studyId: s.study.id })).toEqual(before);
    expect(((await s.call('audit:list', { limit: 10_000 })) as AuditEntry[]).length).toBe(auditBefore);
  });

  it('checks events against the total already stored in the same cell', async () => {
    const s = await extractionSetup();
    await s.write([{ target: s.cell('Weaning from inotropes', 'Follow-up', 'total'), state: 'value', value: 10 }]);
    expect(
      await s.refused('extraction:write', {
        studyId: s.study.id,
        writes: [{ target: s.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 12 }],
      }),
    ).toMatch(/events \(12\) are more than the total \(10\)/);
    const e = await s.write([
      { target: s.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 9 },
    ]);
    expect(e.values.map((v) => v.value).sort()).toEqual([10, 9].sort());
  });

  it('checks a CI around its estimate', async () => {
    const s = await extractionSetup();
    const form = (await s.call('form:edit', {
      edit: {
        op: 'addOutcome',
        name: 'Combined end point',
        dataType: 'effect_estimate',
        measure: 'HR',
        timepoints: ['33 months'],
      },
    })) as { outcomes: { id: string; name: string; timepoints: { id: string }[] }[] };
    const o = form.outcomes.find((x) => x.name === 'Combined end point')!;
    const at = (component: string) => ({
      kind: 'outcome' as const,
      outcomeId: o.id,
      timepointId: o.timepoints[0]!.id,
      armId: null,
      component,
    });
    expect(
      await s.refused('extraction:write', {
        studyId: s.study.id,
        writes: [
          { target: at('estimate'), state: 'value', value: 0.51 },
          { target: at('lower'), state: 'value', value: 0.6 },
          { target: at('upper'), state: 'value', value: 0.98 },
        ],
      }),
    ).toMatch(/Combined end point, 33 months: the CI lower limit \(0.6\) is above the estimate \(0.51\)/);
    const e = await s.write([
      { target: at('estimate'), state: 'value', value: 0.51 },
      { target: at('lower'), state: 'value', value: 0.27 },
      { target: at('upper'), state: 'value', value: 0.98 },
    ]);
    expect(e.values).toHaveLength(3);
  });

  it('needs a current reviewer, and keeps each reviewer’s values apart', async () => {
    const t = testBackend();
    await t.call('review:create', { title: 'Two reviewers' });
    const study = (await t.call('study:add', { title: 'T', authors: [], abstract: 'x' })) as StudyRow;
    const requests: [string, unknown][] = [
      ['extraction:get', { studyId: study.id }],
      [
        'extraction:write',
        { studyId: study.id, writes: [{ target: { kind: 'field', fieldId: 'f' }, state: 'empty' }] },
      ],
      ['extraction:undo', { studyId: study.id }],
      ['extraction:redo', { studyId: study.id }],
      ['extraction:setStatus', { studyId: study.id, status: 'complete' }],
      ['extraction:valuesForHighlight', { highlightId: 'h' }],
    ];
    for (const [channel, request] of requests) {
      const result = await t.router.handle(channel, request);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'no_reviewer' } });
    }
    await t.call('reviewer:create', { name: 'A' });
    expect(await t.router.handle('extraction:get', { studyId: 'missing' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    const s = await extractionSetup();
    const target = { kind: 'field' as const, fieldId: s.fieldId('Country') };
    await s.write([{ target, state: 'value', value: 'Netherlands' }]);
    const b = (await s.call('reviewer:create', { name: 'B' })) as Reviewer;
    const asB = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(asB).toMatchObject({ reviewerId: b.id, values: [], status: 'not_started', canUndo: false });
    await s.write([{ target, state: 'value', value: 'Belgium' }]);
    await s.call('reviewer:setCurrent', { id: s.reviewer.id });
    const asA = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(asA.values.map((v) => v.value)).toEqual(['Netherlands']);
  });
});

describe('undo, redo and status', () => {
  it('undo restores the previous cells exactly (provenance included), redo re-applies, a new write clears redo', async () => {
    const s = await extractionSetup();
    const h = await s.highlight('9 of 10');
    const provenance = { highlightId: h.id, rawText: '9 of 10', reading: { kind: 'count', events: 9, total: 10 } };
    const events = s.cell('Weaning from inotropes', 'Follow-up', 'events');
    const total = s.cell('Weaning from inotropes', 'Follow-up', 'total');
    const mapped = await s.write([
      { target: events, state: 'value', value: 9, origin: 'mapped', provenance },
      { target: total, state: 'value', value: 10, origin: 'mapped', provenance },
    ]);
    const typed = await s.write([{ target: events, state: 'value', value: 8 }]);
    expect(valueAt(typed, (v) => v.value === 8)).toMatchObject({ origin: 'typed', provenance: null });
    const undone = await s.change('extraction:undo', {});
    expect(undone.values).toEqual(mapped.values);
    expect(undone).toMatchObject({ canUndo: true, canRedo: true });
    const redone = await s.change('extraction:redo', {});
    expect(redone.values).toEqual(typed.values);
    await s.call('extraction:undo', { studyId: s.study.id });
    await s.call('extraction:undo', { studyId: s.study.id });
    const empty = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(empty).toMatchObject({ values: [], canUndo: false, canRedo: true });
    expect(await s.refused('extraction:undo', { studyId: s.study.id })).toMatch(/nothing to undo/);
    await s.write([{ target: total, state: 'not_reported' }]);
    const after = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(after).toMatchObject({ canUndo: true, canRedo: false });
    expect(await s.refused('extraction:redo', { studyId: s.study.id })).toMatch(/nothing to redo/);
    const audit = (await s.call('audit:list', { entity: 'extraction_value', limit: 1000 })) as AuditEntry[];
    expect(audit.filter((a) => a.field?.endsWith('(undo)'))).toHaveLength(4);
    expect(audit.filter((a) => a.field?.endsWith('(redo)'))).toHaveLength(1);
  });

  it('undoing a mapping removes the highlight it made, redo restores it, both survive a restart', async () => {
    const s = await extractionSetup();
    const quote = '9 of 10';
    const start = s.study.abstract!.text.indexOf(quote);
    const reading = { kind: 'count', events: 9, total: 10 };
    const events = s.cell('Weaning from inotropes', 'Follow-up', 'events');
    const total = s.cell('Weaning from inotropes', 'Follow-up', 'total');
    const { highlight } = await s.router.invoke('extraction:map', {
      studyId: s.study.id,
      highlight: { documentSha256: s.study.abstract!.sha256, page: null, start, end: start + quote.length },
      writes: [
        { target: events, value: 9, provenance: { rawText: quote, reading } },
        { target: total, value: 10, provenance: { rawText: quote, reading } },
      ],
    });
    const listed = async (backend = s) =>
      ((await backend.call('highlight:list', { studyId: s.study.id })) as Highlight[]).map((h) => h.id);
    expect(await listed()).toEqual([highlight.id]);
    // A highlight made on its own is not part of the extraction's undo: it stays.
    const own = await s.highlight('55 +/- 13 years');

    const undone = (await s.call('extraction:undo', { studyId: s.study.id })) as UndoChange;
    expect(undone.values).toEqual([]);
    // the answer says which highlight went, so the reader drops it without asking again
    expect(undone).toMatchObject({ removedHighlights: [highlight.id], restoredHighlights: [] });
    expect(await listed()).toEqual([own.id]);
    const redone = (await s.call('extraction:redo', { studyId: s.study.id })) as UndoChange;
    expect(redone.removedHighlights).toEqual([]);
    expect(redone.restoredHighlights.map((h) => [h.id, h.exact, h.anchored?.start])).toEqual([
      [highlight.id, quote, start],
    ]);
    expect(redone.values.map((v) => [v.value, v.provenance?.highlightId])).toEqual([
      [9, highlight.id],
      [10, highlight.id],
    ]);
    expect((await listed()).sort()).toEqual([highlight.id, own.id].sort());

    // Undo, then restart: the highlight stays removed, and redo after the restart brings it back.
    await s.change('extraction:undo', {});
    const path = s.backend.requireReview().info.path;
    s.backend.close();
    const again = testBackend(s.dataDir);
    await again.call('review:open', { path });
    await again.call('reviewer:setCurrent', { id: s.reviewer.id });
    expect(((await again.call('highlight:list', { studyId: s.study.id })) as Highlight[]).map((h) => h.id)).toEqual([
      own.id,
    ]);
    await again.call('extraction:redo', { studyId: s.study.id });
    expect(
      ((await again.call('highlight:list', { studyId: s.study.id })) as Highlight[]).map((h) => h.id).sort(),
    ).toEqual([highlight.id, own.id].sort());
    const audit = (await again.call('audit:list', { entity: 'highlight', limit: 100 })) as AuditEntry[];
    expect(audit.filter((a) => a.entityId === highlight.id).map((a) => [a.action, a.field])).toEqual(
      expect.arrayContaining([
        ['delete', 'undo'],
        ['create', 'redo'],
      ]),
    );
    again.backend.close();
  });

  it('keeps the undo log in domain terms, and still undoes entries written in the earlier row form', async () => {
    const s = await extractionSetup();
    const target = { kind: 'field' as const, fieldId: s.fieldId('Country') };
    await s.write([{ target, state: 'value', value: 'USA' }]);
    await s.write([{ target, state: 'value', value: 'Canada' }]);
    const { db } = s.backend.requireReview();
    const logged = db.prepare('SELECT seq, changes FROM extraction_operations ORDER BY seq').all() as {
      seq: number;
      changes: string;
    }[];
    const latest = JSON.parse(logged[1]!.changes) as Record<string, unknown>[];
    expect(latest[0]).toMatchObject({ v: 2, before: { target, value: 'USA' }, after: { target, value: 'Canada' } });
    expect(JSON.stringify(latest)).not.toMatch(/study_id|target_key/);
    // An entry as it was written before the log had versions: rows with the table's columns.
    const row = db.prepare('SELECT * FROM extraction_values').get() as Record<string, unknown>;
    const legacy = [{ key: row.target_key, before: { ...row, value: '"USA"' }, after: row }];
    db.prepare('UPDATE extraction_operations SET changes = ? WHERE seq = ?').run(
      JSON.stringify(legacy),
      logged[1]!.seq,
    );
    const undone = await s.change('extraction:undo', {});
    expect(undone.values.map((v) => v.value)).toEqual(['USA']);
    const redone = await s.change('extraction:redo', {});
    expect(redone.values.map((v) => v.value)).toEqual(['Canada']);
  });

  it('undo survives a restart', async () => {
    const s = await extractionSetup();
    const target = { kind: 'field' as const, fieldId: s.fieldId('Follow-up') };
    await s.write([{ target, state: 'value', value: '1,088 +/- 284 days' }]);
    await s.write([{ target, state: 'value', value: '3 years' }]);
    const path = s.backend.requireReview().info.path;
    s.backend.close();
    const again = testBackend(s.dataDir);
    await again.call('review:open', { path });
    await again.call('reviewer:setCurrent', { id: s.reviewer.id });
    await again.call('extraction:undo', { studyId: s.study.id });
    const undone = (await again.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(undone.values.map((v) => v.value)).toEqual(['1,088 +/- 284 days']);
    again.backend.close();
  });

  it('undo after a change from number to text restores a number as it was typed', async () => {
    const s = await extractionSetup();
    const form = (await s.call('form:edit', {
      edit: { op: 'addField', sectionId: s.form.sections[0]!.id, label: 'Dose', type: 'number' },
    })) as { fields: { id: string; label: string }[] };
    const target = { kind: 'field' as const, fieldId: form.fields.find((f) => f.label === 'Dose')!.id };
    await s.write([{ target, state: 'value', value: 2.5, written: '2.50' }]);
    await s.write([{ target, state: 'value', value: 3 }]);
    await s.call('form:edit', { edit: { op: 'updateField', fieldId: target.fieldId, type: 'text' } });
    const undone = await s.change('extraction:undo', {});
    expect(undone.values.map((v) => v.value)).toEqual(['2.50']);
  });

  it('undo after a type change restores the earlier value in the field’s new type', async () => {
    const s = await extractionSetup();
    const form = (await s.call('form:edit', {
      edit: { op: 'addField', sectionId: s.form.sections[0]!.id, label: 'Centres', type: 'text' },
    })) as { fields: { id: string; label: string }[] };
    const target = { kind: 'field' as const, fieldId: form.fields.find((f) => f.label === 'Centres')!.id };
    await s.write([{ target, state: 'value', value: '12' }]);
    await s.write([{ target, state: 'value', value: '15' }]);
    await s.call('form:edit', { edit: { op: 'updateField', fieldId: target.fieldId, type: 'integer' } });
    const undone = await s.change('extraction:undo', {});
    expect(undone.values.map((v) => v.value)).toEqual([12]);
    const redone = await s.change('extraction:redo', {});
    expect(redone.values.map((v) => v.value)).toEqual([15]);
  });

  it('starts the status at the first write, sets it, and the library shows it', async () => {
    const s = await extractionSetup();
    expect(((await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction).status).toBe('not_started');
    await s.write([{ target: { kind: 'field', fieldId: s.fieldId('Country') }, state: 'value', value: 'USA' }]);
    expect(((await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction).status).toBe('in_progress');
    const done = await s.change('extraction:setStatus', { status: 'complete' });
    expect(done.status).toBe('complete');
    const rows = (await s.call('study:list', {})) as StudyRow[];
    expect(rows.find((r) => r.id === s.study.id)?.status).toBe('complete');
    await s.write([{ target: { kind: 'field', fieldId: s.fieldId('Country') }, state: 'value', value: 'Canada' }]);
    expect(((await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction).status).toBe('complete');
  });

  it('audits every change with before and after', async () => {
    const s = await extractionSetup();
    const target = { kind: 'field' as const, fieldId: s.fieldId('N analysed') };
    await s.write([{ target, state: 'value', value: 10 }]);
    await s.write([{ target, state: 'value', value: 9 }]);
    await s.write([{ target, state: 'empty' }]);
    const audit = (await s.call('audit:list', { entity: 'extraction_value', limit: 100 })) as AuditEntry[];
    expect(
      audit.map((a) => [
        a.action,
        a.reviewerId,
        a.before && JSON.parse(a.before).value,
        a.after && JSON.parse(a.after).value,
      ]),
    ).toEqual([
      ['delete', s.reviewer.id, 9, null],
      ['update', s.reviewer.id, 10, 9],
      ['create', s.reviewer.id, null, 10],
    ]);
    const status = (await s.call('audit:list', { entity: 'extraction_status', limit: 10 })) as AuditEntry[];
    expect(status).toHaveLength(1);
  });
});

describe('arms', () => {
  it('adds, renames and removes arms; a removed arm’s values are kept, archived', async () => {
    const s = await extractionSetup();
    const icd = (await s.call('arm:add', { studyId: s.study.id, label: 'ICD' })) as { id: string };
    expect(await s.refused('arm:add', { studyId: s.study.id, label: 'icd' })).toMatch(/^exists/);
    await s.write([{ target: s.cell('LVEF', 'Baseline', 'mean', icd.id), state: 'value', value: 30 }]);
    await s.call('arm:rename', { armId: icd.id, label: 'ICD only' });
    await s.call('arm:remove', { armId: icd.id });
    const e = (await s.call('extraction:get', { studyId: s.study.id })) as StudyExtraction;
    expect(e.arms.map((a) => a.label)).toEqual(['CRT']);
    expect(e.values).toEqual([expect.objectContaining({ value: 30, archived: true })]);
  });
});
