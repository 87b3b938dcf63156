// Reconciling two reviewers' extractions against real review files: readiness, the four states,
// agreements taken in automatically (or not), decisions with notes by the pair or the arbiter, the
// consensus with its provenance, reopened cells, and agreement figures checked against R's psych.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ValueWrite } from '../../shared/model/extraction';
import type { Reviewer, StudyRow } from '../../shared/model/types';
import { extractionSetup, type ExtractionSetup } from '../helpers/extraction';

const A = 'tab-a';
const B = 'tab-b';

async function pair() {
  const t = await extractionSetup();
  await t.router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, A);
  const b = await t.router.invoke('reviewer:create', { name: 'B' }, B);
  const write = (session: string, writes: ValueWrite[], studyId = t.study.id) =>
    t.router.invoke('extraction:write', { studyId, writes } as never, session);
  const complete = (session: string, studyId = t.study.id) =>
    t.router.invoke('extraction:setStatus', { studyId, status: 'complete' }, session);
  return { ...t, b, writeAs: write, complete };
}

async function highlightAs(t: Pick<ExtractionSetup, 'router' | 'study'>, session: string, quote: string) {
  const start = t.study.abstract!.text.indexOf(quote);
  return t.router.invoke(
    'highlight:create',
    { studyId: t.study.id, documentSha256: t.study.abstract!.sha256, page: null, start, end: start + quote.length },
    session,
  );
}

describe('reconciliation', () => {
  it('compares two extractions cell by cell once both are complete, and takes agreements in', async () => {
    const t = await pair();
    // A study nobody has started is left out of the overview (the library reads it as not started).
    expect(await t.router.invoke('reconcile:overview', {}, B)).toEqual([]);
    const hA = await highlightAs(t, A, '9 of 10 patients');
    await t.writeAs(A, [
      { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Spain' },
      { target: { kind: 'field', fieldId: t.fieldId('N randomised') }, state: 'value', value: 1024 },
      { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.5 },
      {
        target: t.cell('Weaning from inotropes', 'Follow-up', 'events'),
        state: 'value',
        value: 9,
        origin: 'mapped',
        provenance: { highlightId: hA.id, rawText: '9 of 10 patients', reading: { kind: 'count', events: 9 } },
      },
      { target: { kind: 'field', fieldId: t.fieldId('Funding') }, state: 'not_reported' },
      { target: t.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 },
    ]);
    await t.writeAs(B, [
      { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: ' spain' },
      { target: { kind: 'field', fieldId: t.fieldId('N randomised') }, state: 'value', value: 1024 },
      { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.6 },
      { target: t.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 8 },
      { target: { kind: 'field', fieldId: t.fieldId('Funding') }, state: 'not_reported' },
      { target: t.cell('LVEF', 'Follow-up', 'mean'), state: 'value', value: 32 },
    ]);
    await t.complete(A);
    await expect(t.router.invoke('reconcile:get', { studyId: t.study.id }, A)).rejects.toMatchObject({
      code: 'not_ready',
      message: expect.stringContaining('the other reviewer has not marked it complete'),
    });
    // Before: B sees no differences count; after both complete, both do.
    expect((await t.router.invoke('reconcile:overview', {}, B))[0]).toMatchObject({ ready: false, differences: null });
    await t.complete(B);
    const overview = (await t.router.invoke('reconcile:overview', {}, B))[0]!;
    expect(overview).toMatchObject({ ready: true, consensusComplete: false });
    expect(overview.statuses.map((s) => s.status)).toEqual(['complete', 'complete']);

    const r = await t.router.invoke('reconcile:get', { studyId: t.study.id }, B);
    expect(r.reviewers.map((x: Reviewer) => x.name)).toEqual(['A', 'B']);
    const byLabel = Object.fromEntries(r.cells.map((c) => [c.label, c]));
    expect(Object.fromEntries(r.cells.map((c) => [c.label, c.state]))).toEqual({
      Country: 'agree',
      'N randomised': 'agree',
      Funding: 'both_not_reported',
      'LVEF, Baseline, CRT, mean': 'differ',
      'LVEF, Baseline, CRT, SD': 'only_one',
      'LVEF, Follow-up, CRT, mean': 'only_one',
      'Weaning from inotropes, Follow-up, CRT, events': 'differ',
    });
    // Cells come in the form's order: fields, then outcomes.
    expect(r.cells[0]!.target.kind).toBe('field');
    expect(r.cells.at(-1)!.label).toContain('Weaning');
    // Each side shows how it was obtained and its source.
    const weaning = byLabel['Weaning from inotropes, Follow-up, CRT, events']!;
    expect(weaning.a).toMatchObject({ value: 9, origin: 'mapped', rawText: '9 of 10 patients' });
    expect(weaning.a!.source).toMatchObject({ highlightId: hA.id, exact: '9 of 10 patients', deleted: false });
    expect(weaning.b).toMatchObject({ value: 8, origin: 'typed', source: null });
    // Agreements were taken in automatically; the differences wait.
    expect(byLabel.Country!.consensus).toMatchObject({ decision: 'agreed', value: 'Spain', decidedBy: null });
    expect(byLabel.Funding!.consensus).toMatchObject({ decision: 'agreed', state: 'not_reported' });
    expect(r.counts).toEqual({
      cells: 7,
      agree: 2,
      differ: 2,
      onlyOne: 2,
      bothNotReported: 1,
      resolved: 3,
      reopened: 0,
    });
    expect(r.consensusComplete).toBe(false);
    const audit = await t.router.invoke('audit:list', { entity: 'consensus_value' }, A);
    expect(audit).toHaveLength(3);
  });

  it('decides each difference (take A, take B, enter another value) with notes, keeps provenance, and reopens on a later edit', async () => {
    const t = await pair();
    const hA = await highlightAs(t, A, '9 of 10 patients');
    const hB = await highlightAs(t, B, '23.5 +/- 4.3%');
    await t.writeAs(A, [
      {
        target: t.cell('Weaning from inotropes', 'Follow-up', 'events'),
        state: 'value',
        value: 9,
        origin: 'mapped',
        provenance: { highlightId: hA.id, rawText: '9 of 10 patients', reading: null },
      },
      { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23 },
      { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'France' },
    ]);
    await t.writeAs(B, [
      { target: t.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 8 },
      {
        target: t.cell('LVEF', 'Baseline', 'mean'),
        state: 'value',
        value: 23.5,
        origin: 'mapped',
        provenance: { highlightId: hB.id, rawText: '23.5 +/- 4.3%', reading: null },
      },
      { target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Spain' },
    ]);
    await t.complete(A);
    await t.complete(B);
    // Before reconciliation B could not see A's highlight; now both take part, B sees both.
    expect((await t.router.invoke('highlight:list', { studyId: t.study.id }, B)).map((h) => h.id).sort()).toEqual(
      [hA.id, hB.id].sort(),
    );
    const r = await t.router.invoke('reconcile:get', { studyId: t.study.id }, A);
    const key = (label: string) => r.cells.find((c) => c.label.startsWith(label))!.key;
    await t.router.invoke(
      'reconcile:decide',
      { studyId: t.study.id, key: key('Weaning'), take: 'a', note: 'Text says 9 of 10' },
      B,
    );
    await t.router.invoke('reconcile:decide', { studyId: t.study.id, key: key('LVEF'), take: 'b' }, A);
    // Another value, mapped from the source like any value (A's own highlight here).
    const hCountry = await highlightAs(t, A, 'Ten patients');
    await expect(
      t.router.invoke(
        'reconcile:decide',
        {
          studyId: t.study.id,
          key: key('Country'),
          take: 'entered',
          entered: { state: 'value', value: 'Italy', origin: 'mapped' },
        },
        A,
      ),
    ).rejects.toMatchObject({ code: 'validation', message: expect.stringContaining('needs the highlight') });
    const done = await t.router.invoke(
      'reconcile:decide',
      {
        studyId: t.study.id,
        key: key('Country'),
        take: 'entered',
        entered: {
          state: 'value',
          value: 'Italy',
          origin: 'mapped',
          provenance: { highlightId: hCountry.id, rawText: 'Ten patients', reading: null },
        },
        note: 'Methods section',
      },
      A,
    );
    const by = (label: string) => done.cells.find((c) => c.label.startsWith(label))!;
    expect(by('Weaning').consensus).toMatchObject({
      decision: 'adopted',
      adoptedReviewerId: t.reviewer.id,
      value: 9,
      origin: 'mapped',
      highlightId: hA.id,
      rawText: '9 of 10 patients',
      note: 'Text says 9 of 10',
      decidedBy: t.b.id,
    });
    expect(by('LVEF').consensus).toMatchObject({
      decision: 'adopted',
      adoptedReviewerId: t.b.id,
      value: 23.5,
      highlightId: hB.id,
    });
    expect(by('Country').consensus).toMatchObject({
      decision: 'entered',
      adoptedReviewerId: null,
      value: 'Italy',
      highlightId: hCountry.id,
      note: 'Methods section',
    });
    expect(done.consensusComplete).toBe(true);
    // The reviewers' own extractions stay as extracted.
    expect(
      (await t.router.invoke('extraction:get', { studyId: t.study.id }, A)).values.map((v) => v.value).sort(),
    ).toEqual(['France', 23, 9].sort());
    // The consensus layer is in consensus_values, for the analyses.
    const { db } = t.backend.requireReview();
    expect(
      (db.prepare('SELECT decision, value FROM consensus_values ORDER BY decision').all() as { value: string }[]).map(
        (r) => Object.values(r),
      ),
    ).toEqual(
      [
        ['adopted', '9'],
        ['adopted', '23.5'],
        ['entered', '"Italy"'],
      ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );

    // B edits a value after consensus: the cell reopens; the audit log has before and after.
    await t.writeAs(B, [{ target: t.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 7 }]);
    const reopened = await t.router.invoke('reconcile:get', { studyId: t.study.id }, A);
    const weaning = reopened.cells.find((c) => c.label.startsWith('Weaning'))!;
    expect(weaning).toMatchObject({ reopened: true, consensus: { value: 9 } });
    expect(reopened.consensusComplete).toBe(false);
    expect(reopened.counts.reopened).toBe(1);
    const edit = (await t.router.invoke('audit:list', { entity: 'extraction_value' }, A)).find(
      (e) => e.reviewerId === t.b.id && e.action === 'update',
    )!;
    expect([JSON.parse(edit.before!).value, JSON.parse(edit.after!).value]).toEqual([8, 7]);
    // Deciding it again closes it.
    const again = await t.router.invoke('reconcile:decide', { studyId: t.study.id, key: weaning.key, take: 'a' }, B);
    expect(again.consensusComplete).toBe(true);
    const history = await t.router.invoke(
      'audit:list',
      { entity: 'consensus_value', entityId: weaning.consensus!.id },
      A,
    );
    expect(history.map((e) => e.action)).toEqual(['update', 'create']);
  });

  it('leaves agreements to a person when the review says so; a third reviewer decides only as arbiter', async () => {
    const t = await pair();
    await t.router.invoke('reconcile:setSettings', { autoAgree: false }, A);
    await t.writeAs(A, [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Spain' }]);
    await t.writeAs(B, [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Spain' }]);
    await t.complete(A);
    await t.complete(B);
    const r = await t.router.invoke('reconcile:get', { studyId: t.study.id }, A);
    expect(r.cells[0]).toMatchObject({ state: 'agree', consensus: null });
    expect(r.counts.resolved).toBe(0);

    const c = await t.router.invoke('reviewer:create', { name: 'C' }, 'tab-c');
    await expect(t.router.invoke('reconcile:get', { studyId: t.study.id }, 'tab-c')).rejects.toMatchObject({
      code: 'not_allowed',
    });
    expect(await t.router.invoke('highlight:list', { studyId: t.study.id }, 'tab-c')).toEqual([]);
    await expect(
      t.router.invoke('reconcile:setSettings', { pair: [t.reviewer.id, t.b.id], arbiterId: t.b.id }, A),
    ).rejects.toMatchObject({
      code: 'validation',
    });
    await t.router.invoke('reconcile:setSettings', { arbiterId: c.id }, A);
    const decided = await t.router.invoke(
      'reconcile:decide',
      { studyId: t.study.id, key: r.cells[0]!.key, take: 'b', note: 'agreed by arbiter' },
      'tab-c',
    );
    expect(decided.cells[0]!.consensus).toMatchObject({
      decision: 'agreed',
      decidedBy: c.id,
      note: 'agreed by arbiter',
    });
    expect(decided.consensusComplete).toBe(true);
  });

  it('reconciles the pair the review names, not any two who finished', async () => {
    const t = await pair();
    const c = await t.router.invoke('reviewer:create', { name: 'C' }, 'tab-c');
    await t.router.invoke('reconcile:setSettings', { pair: [t.reviewer.id, c.id] }, A);
    await t.complete(A);
    await t.complete(B);
    await expect(t.router.invoke('reconcile:get', { studyId: t.study.id }, B)).rejects.toMatchObject({
      code: 'not_ready',
    });
    await t.complete('tab-c');
    const r = await t.router.invoke('reconcile:get', { studyId: t.study.id }, 'tab-c');
    expect(r.reviewers.map((x) => x.name)).toEqual(['A', 'C']);
    await expect(t.router.invoke('reconcile:get', { studyId: t.study.id }, B)).rejects.toMatchObject({
      code: 'not_allowed',
    });
  });

  it('checks an entered value against the rest of its cell in the consensus, and tells open analyses', async () => {
    const t = await pair();
    const events: unknown[] = [];
    t.backend.events.subscribe((name, payload) => events.push([name, payload]));
    const weaning = (component: string) => t.cell('Weaning from inotropes', 'Follow-up', component);
    await t.writeAs(A, [
      { target: weaning('events'), state: 'value', value: 9 },
      { target: weaning('total'), state: 'value', value: 10 },
    ]);
    await t.writeAs(B, [
      { target: weaning('events'), state: 'value', value: 8 },
      { target: weaning('total'), state: 'value', value: 10 },
    ]);
    await t.complete(A);
    await t.complete(B);
    events.length = 0;
    const r = await t.router.invoke('reconcile:get', { studyId: t.study.id }, B);
    // The agreed total entered the consensus: analyses of the consensus are told.
    expect(events).toContainEqual(['values:changed', { studyId: t.study.id, layer: 'consensus', reviewerId: null }]);
    const cell = r.cells.find((c) => c.label.endsWith('events'))!;
    expect(cell.state).toBe('differ');
    const enter = (value: string) =>
      t.router.invoke(
        'reconcile:decide',
        { studyId: t.study.id, key: cell.key, take: 'entered', entered: { state: 'value', value, origin: 'typed' } },
        B,
      );
    // 12 events out of the agreed total of 10: refused, named, nothing written.
    await expect(enter('12')).rejects.toMatchObject({
      code: 'validation',
      message: 'Weaning from inotropes, Follow-up, CRT, events: events (12) are more than the total (10).',
    });
    const { db } = t.backend.requireReview();
    const stored = () => db.prepare("SELECT count(*) AS n FROM consensus_values WHERE decision = 'entered'").get();
    expect(stored()).toEqual({ n: 0 });
    events.length = 0;
    const done = await enter('7');
    expect(done.cells.find((c) => c.key === cell.key)!.consensus).toMatchObject({ decision: 'entered', value: 7 });
    expect(stored()).toEqual({ n: 1 });
    expect(events).toContainEqual(['values:changed', { studyId: t.study.id, layer: 'consensus', reviewerId: null }]);
    // A converted value is checked the same way and keeps its conversion.
    const total = r.cells.find((c) => c.label.endsWith('total'))!;
    const conversion = { method: 'combine-groups', source: 'Cochrane Handbook 6.5.2.10', inputs: { n1: 3, n2: 4 } };
    await expect(
      t.router.invoke(
        'reconcile:decide',
        {
          studyId: t.study.id,
          key: total.key,
          take: 'entered',
          entered: { state: 'value', value: 6, origin: 'converted', conversion },
        },
        B,
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining('events (7) are more than the total (6)') });
  });

  it('measures agreement from the values as extracted, matching R’s psych::cohen.kappa', async () => {
    const fixture = (
      JSON.parse(readFileSync(new URL('../fixtures/kappa/cohen-kappa.json', import.meta.url), 'utf8')) as {
        name: string;
        a: string[];
        b: string[];
        percent: number;
        kappa: number;
        lower: number;
        upper: number;
      }[]
    ).find((c) => c.name === 'yes_no_unclear_12')!;
    const t = await pair();
    const coi = t.fieldId('Conflicts of interest');
    const studies: string[] = [t.study.id];
    for (let i = 1; i < fixture.a.length; i++) {
      const row = (await t.router.invoke(
        'study:add',
        { title: `Trial ${i}`, authors: [`Author${i} X`], year: 2000 + i, abstract: `Abstract ${i}.` },
        A,
      )) as StudyRow;
      studies.push(row.id);
    }
    for (let i = 0; i < studies.length; i++) {
      await t.writeAs(
        A,
        [{ target: { kind: 'field', fieldId: coi }, state: 'value', value: fixture.a[i]! }],
        studies[i],
      );
      await t.writeAs(
        B,
        [{ target: { kind: 'field', fieldId: coi }, state: 'value', value: fixture.b[i]! }],
        studies[i],
      );
      await t.complete(A, studies[i]);
      await t.complete(B, studies[i]);
    }
    const summary = await t.router.invoke('reconcile:agreement', {}, A);
    expect(summary.studies).toBe(12);
    const field = summary.agreement.fields.find((f) => f.id === coi)!;
    expect(field).toMatchObject({ cells: 12, kind: 'yes_no_unclear', differ: 3 });
    expect(field.percent).toBeCloseTo(fixture.percent, 10);
    expect(field.kappa).toBeCloseTo(fixture.kappa, 10);
    expect(field.kappaLower).toBeCloseTo(fixture.lower, 10);
    expect(field.kappaUpper).toBeCloseTo(fixture.upper, 10);
    expect(summary.agreement.overall).toMatchObject({ cells: 12, agree: 9 });
  });
});
