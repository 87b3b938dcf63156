// Analyses from outcome tables: the defaults a new analysis gets from its data type, study rows
// derived from cell values (with the reason for every row that cannot enter, converted values marked),
// subgroups, sorting that never changes a number, and plots that are the same bytes every time.
import { describe, expect, it } from 'vitest';
import { defaultsFor, type Analysis } from '../../../shared/analysis/model';
import type { AnalysisStudy, AnalysisValue } from '../../../shared/analysis/rows';
import { runStudyAnalysis } from '../../../shared/analysis/run';
import { escalc } from '../../../shared/stats/effectSizes';
import type { OutcomeDefinition } from '../../../shared/model/extraction';
import { runAnalysis } from '../../../shared/stats/analysis';
import { forestPlot } from '../../../shared/plots/forest';
import { funnelPlot } from '../../../shared/plots/funnel';

const outcome = (dataType: OutcomeDefinition['dataType'], measure: string | null = null): OutcomeDefinition => ({
  id: 'o1',
  name: 'Mortality',
  dataType,
  unit: null,
  measure,
  timepoints: [
    { id: 't0', label: 'Baseline' },
    { id: 't1', label: '12 months' },
  ],
  archived: false,
});

function analysis(over: Partial<Analysis> & Pick<Analysis, 'comparison' | 'measure'>): Analysis {
  const d = defaultsFor('dichotomous', ['Drug', 'Placebo']);
  return {
    id: 'a1',
    name: 'Mortality',
    outcomeId: 'o1',
    timepointId: 't1',
    layer: { kind: 'consensus' },
    method: 'IV',
    createdAt: 't',
    updatedAt: 't',
    ...over,
    settings: { ...d.settings, ...(over.settings ?? {}) },
  };
}

let seq = 0;
function value(
  studyId: string,
  armId: string | null,
  component: string,
  v: number | null,
  extra: Partial<AnalysisValue> = {},
  timepointId = 't1',
): AnalysisValue {
  return {
    id: `v${++seq}`,
    studyId,
    target: { kind: 'outcome', outcomeId: 'o1', timepointId, armId, component },
    state: v === null ? 'not_reported' : 'value',
    value: v,
    origin: 'typed',
    provenance: null,
    conversion: null,
    ...extra,
  };
}

/** A two-arm study with events and totals per arm (Drug, Placebo). */
function trial(
  id: string,
  year: number,
  a: [number, number],
  c: [number, number],
  extra: AnalysisValue[] = [],
): AnalysisStudy {
  return {
    id,
    label: `${id} ${year}`,
    year,
    arms: [
      { id: `${id}-d`, label: 'Drug' },
      { id: `${id}-p`, label: 'Placebo' },
    ],
    values: [
      value(id, `${id}-d`, 'events', a[0]),
      value(id, `${id}-d`, 'total', a[1]),
      value(id, `${id}-p`, 'events', c[0]),
      value(id, `${id}-p`, 'total', c[1]),
      ...extra,
    ],
  };
}

const RR = analysis({ comparison: { kind: 'arms', intervention: 'Drug', comparator: 'Placebo' }, measure: 'RR' });

describe('analysis defaults by data type', () => {
  it('give RR for dichotomous, MD for continuous and change, PR for proportions, MN for means, GEN for estimates, all REML random effects', () => {
    const two = ['CRT', 'ICD'];
    expect(defaultsFor('dichotomous', two)).toMatchObject({
      measure: 'RR',
      method: 'IV',
      comparison: { kind: 'arms', intervention: 'CRT', comparator: 'ICD' },
    });
    expect(defaultsFor('continuous', two).measure).toBe('MD');
    expect(defaultsFor('change', two).measure).toBe('MD');
    expect(defaultsFor('proportion', ['CRT'])).toMatchObject({
      measure: 'PR',
      comparison: { kind: 'group', arm: 'CRT' },
    });
    expect(defaultsFor('mean', ['CRT']).measure).toBe('MN');
    expect(defaultsFor('effect_estimate', two)).toMatchObject({ measure: 'GEN', comparison: { kind: 'estimate' } });
    const s = defaultsFor('continuous', two).settings;
    expect([s.model, s.tau2, s.level, s.convention, s.doubleZero.drop00]).toEqual([
      'random',
      'REML',
      95,
      'metafor',
      true,
    ]);
  });
});

describe('study rows from cell values', () => {
  const studies = [
    trial('A', 2001, [4, 123], [11, 139]),
    trial('B', 1999, [6, 306], [29, 303]),
    trial('C', 2005, [3, 231], [11, 220]),
  ];

  it('feed the pooling core the numbers in the cells, with the value ids of each row', () => {
    const run = runStudyAnalysis(RR, outcome('dichotomous'), studies);
    const direct = runAnalysis({
      measure: 'RR',
      method: 'REML',
      studies: [
        { id: 'A', ai: 4, n1i: 123, ci: 11, n2i: 139 },
        { id: 'B', ai: 6, n1i: 306, ci: 29, n2i: 303 },
        { id: 'C', ai: 3, n1i: 231, ci: 11, n2i: 220 },
      ],
    });
    expect(run.result!.estimate).toBe(direct.estimate);
    expect(run.result!.tau2).toBe(direct.tau2);
    const a = run.rows.find((r) => r.studyId === 'A')!;
    expect(a.valueIds).toEqual(studies[0]!.values.map((v) => v.id));
    expect(a.effect!.estimate).toBeCloseTo(4 / 123 / (11 / 139), 12);
    expect(run.summary!.estimate).toBeCloseTo(Math.exp(direct.estimate), 12);
  });

  it('change when a value changes', () => {
    const before = runStudyAnalysis(RR, outcome('dichotomous'), studies).result!.estimate;
    const changed = studies.map((s) => (s.id === 'B' ? trial('B', 1999, [16, 306], [29, 303]) : s));
    const after = runStudyAnalysis(RR, outcome('dichotomous'), changed).result!.estimate;
    expect(after).not.toBe(before);
    expect(after).toBeGreaterThan(before);
  });

  it('list every study that cannot enter with the reason, never dropping one', () => {
    const bad: AnalysisStudy[] = [
      ...studies,
      trial('Zero', 2002, [0, 50], [0, 48]),
      trial('Empty', 2003, [1, 0], [2, 10]),
      {
        ...trial('Missing', 2004, [1, 10], [2, 10]),
        values: trial('Missing', 2004, [1, 10], [2, 10]).values.slice(0, 3),
      },
      {
        ...trial('NR', 2004, [1, 10], [2, 10]),
        values: [...trial('NR', 2004, [1, 10], [2, 10]).values.slice(0, 3), value('NR', 'NR-p', 'total', null)],
      },
      { id: 'OneArm', label: 'OneArm 2000', year: 2000, arms: [{ id: 'x', label: 'Drug' }], values: [] },
      {
        id: 'Nothing',
        label: 'Nothing 2000',
        year: 2000,
        arms: [
          { id: 'n1', label: 'Drug' },
          { id: 'n2', label: 'Placebo' },
        ],
        values: [],
      },
    ];
    const run = runStudyAnalysis(RR, outcome('dichotomous'), bad);
    const reason = (id: string) => run.rows.find((r) => r.studyId === id)!.excluded;
    expect(run.rows).toHaveLength(bad.length);
    expect(run.result!.k).toBe(3);
    expect(reason('Zero')).toMatch(/no events in either group/);
    expect(reason('Empty')).toMatch(/zero total for Drug/);
    expect(reason('Missing')).toBe('total missing for Placebo');
    expect(reason('NR')).toBe('total not reported for Placebo');
    expect(reason('OneArm')).toBe('no arm named "Placebo"');
    expect(reason('Nothing')).toBe('no data for this outcome and timepoint');
    // A risk difference keeps a double-zero study (it is estimable: 0).
    const rd = runStudyAnalysis({ ...RR, measure: 'RD' }, outcome('dichotomous'), bad);
    expect(rd.rows.find((r) => r.studyId === 'Zero')!.excluded).toBeNull();
    expect(rd.result!.k).toBe(4);
  });

  it('mark converted values and refuse a missing SD', () => {
    const arms = [
      { id: 'd', label: 'Drug' },
      { id: 'p', label: 'Placebo' },
    ];
    const conv = { method: 'SD from SE', source: 'SE 1.2', inputs: { se: 1.2, n: 30 } };
    const mk = (id: string, sdP: number | null): AnalysisStudy => ({
      id,
      label: id,
      year: 2000,
      arms,
      values: [
        value(id, 'd', 'mean', 10),
        value(id, 'd', 'sd', 6.57, { origin: 'converted', conversion: conv }),
        value(id, 'd', 'n', 30),
        value(id, 'p', 'mean', 12),
        ...(sdP === null ? [] : [value(id, 'p', 'sd', sdP)]),
        value(id, 'p', 'n', 31),
      ],
    });
    const md = analysis({ comparison: { kind: 'arms', intervention: 'Drug', comparator: 'Placebo' }, measure: 'MD' });
    const run = runStudyAnalysis(md, outcome('continuous'), [mk('S1', 5), mk('S2', null)]);
    expect(run.rows.find((r) => r.studyId === 'S1')!.converted).toEqual(['Drug SD: SD from SE']);
    expect(run.rows.find((r) => r.studyId === 'S2')!.excluded).toBe('SD missing for Placebo');
    expect(run.rows.find((r) => r.studyId === 'S1')!.yi).toBe(-2);
  });

  it('pool before/after in one group as a mean change with the stated correlation', () => {
    const arms = [{ id: 'g', label: 'CRT' }];
    const study: AnalysisStudy = {
      id: 'S',
      label: 'S',
      year: 2007,
      arms,
      values: [
        value('S', 'g', 'mean', 32, {}, 't1'),
        value('S', 'g', 'sd', 9.1, {}, 't1'),
        value('S', 'g', 'n', 10, {}, 't1'),
        value('S', 'g', 'mean', 23.5, {}, 't0'),
        value('S', 'g', 'sd', 4.3, {}, 't0'),
      ],
    };
    const mc = analysis({
      comparison: { kind: 'change', arm: 'CRT', baselineTimepointId: 't0', correlation: 0.5 },
      measure: 'MC',
    });
    const row = runStudyAnalysis(mc, outcome('mean'), [study]).rows[0]!;
    expect(row.yi).toBeCloseTo(8.5, 12);
    expect(row.vi).toBeCloseTo((9.1 ** 2 + 4.3 ** 2 - 2 * 0.5 * 9.1 * 4.3) / 10, 12);
    // SMCR standardises the change by the SD at baseline (metafor's sd1i); the follow-up SD is not needed.
    const smcr = { ...mc, measure: 'SMCR' as const };
    const standardised = runStudyAnalysis(smcr, outcome('mean'), [study]).rows[0]!;
    expect(standardised.data).toEqual({ m1i: 32, m2i: 23.5, sd1i: 4.3, ni: 10, ri: 0.5 });
    const expected = escalc('SMCR', { m1i: 32, m2i: 23.5, sd1i: 4.3, ni: 10, ri: 0.5 });
    expect(expected.ok && [standardised.yi, standardised.vi]).toEqual(expected.ok && [expected.yi, expected.vi]);
    const noFollowUpSd = { ...study, values: study.values.filter((v) => v.id !== study.values[1]!.id) };
    expect(runStudyAnalysis(smcr, outcome('mean'), [noFollowUpSd]).rows[0]!.yi).toBe(standardised.yi);
    expect(runStudyAnalysis(mc, outcome('mean'), [noFollowUpSd]).rows[0]!.excluded).not.toBeNull();
  });

  it('form subgroups from a study-level choice field, with the test for subgroup differences', () => {
    const field = (id: string, v: string | null): AnalysisValue => ({
      id: `f-${id}`,
      studyId: id,
      target: { kind: 'field', fieldId: 'design' },
      state: 'value',
      value: v,
      origin: 'typed',
      provenance: null,
      conversion: null,
    });
    const withDesign = [
      trial('A', 2001, [4, 123], [11, 139], [field('A', 'RCT')]),
      trial('B', 1999, [6, 306], [29, 303], [field('B', 'RCT')]),
      trial('C', 2005, [3, 231], [11, 220], [field('C', 'Cohort')]),
      trial('D', 2006, [10, 100], [12, 100]),
    ];
    const run = runStudyAnalysis(
      { ...RR, settings: { ...RR.settings, subgroupFieldId: 'design' } },
      outcome('dichotomous'),
      withDesign,
    );
    expect(run.subgroups!.map((g) => [g.subgroup, g.k])).toEqual([
      ['RCT', 2],
      ['Cohort', 1],
      ['Not reported', 1],
    ]);
    expect(run.subgroupTest!.df).toBe(2);
    expect(run.subgroupTest!.pval).toBeGreaterThan(0);
    expect(run.subgroupTest!.pval).toBeLessThan(1);
    // The overall result is the same with or without subgroups.
    expect(run.result!.estimate).toBe(runStudyAnalysis(RR, outcome('dichotomous'), withDesign).result!.estimate);
  });

  it('sort rows by year, weight or effect without changing a number', () => {
    const base = runStudyAnalysis(RR, outcome('dichotomous'), studies, { refits: true });
    for (const sort of ['year', 'weight', 'effect'] as const) {
      const run = runStudyAnalysis(
        { ...RR, settings: { ...RR.settings, sort } },
        outcome('dichotomous'),
        [...studies].reverse(),
        { refits: true },
      );
      expect(run.result).toEqual(base.result);
      expect(run.sensitivity).toEqual(base.sensitivity);
    }
    const byYear = runStudyAnalysis(
      { ...RR, settings: { ...RR.settings, sort: 'year' } },
      outcome('dichotomous'),
      studies,
    );
    expect(byYear.rows.map((r) => r.year)).toEqual([1999, 2001, 2005]);
    const byWeight = runStudyAnalysis(
      { ...RR, settings: { ...RR.settings, sort: 'weight' } },
      outcome('dichotomous'),
      studies,
    );
    const w = byWeight.rows.map((r) => r.weight!);
    expect([...w].sort((a, b) => b - a)).toEqual(w);
    expect(base.cumulative!.map((c) => c.year)).toEqual([1999, 2001, 2005]);
    expect(base.leave1out).toHaveLength(3);
  });

  it('note that Egger and trim-and-fill are weak with fewer than 10 studies', () => {
    // Asked for with the refits (not on every re-pool).
    expect(runStudyAnalysis(RR, outcome('dichotomous'), studies).regtest).toBeNull();
    const run = runStudyAnalysis(RR, outcome('dichotomous'), studies, { refits: true });
    expect(run.regtest).not.toBeNull();
    expect(run.trimfill!.k0).toBeGreaterThanOrEqual(0);
    expect(run.notes.join(' ')).toMatch(/fewer than 10 studies \(k = 3\)/);
    const two = runStudyAnalysis(RR, outcome('dichotomous'), studies.slice(0, 2), { refits: true });
    expect(two.regtest).toBeNull();
    expect(two.notes.join(' ')).toMatch(/need at least 3 studies/);
  });

  it('draw the same forest and funnel plot bytes for the same analysis, whatever the input order', () => {
    const a = runStudyAnalysis(RR, outcome('dichotomous'), studies);
    const b = runStudyAnalysis(RR, outcome('dichotomous'), [...studies].reverse());
    expect(forestPlot(a, RR.settings)).toBe(forestPlot(b, RR.settings));
    expect(funnelPlot(a, RR.settings)).toBe(funnelPlot(b, RR.settings));
    const svg = forestPlot(a, { ...RR.settings, favours: { left: 'Favours drug', right: 'Favours placebo' } });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('Favours drug');
    expect(svg).toContain('data-study="B"');
    expect(svg).toMatch(/Heterogeneity: Tau² = [\d.]+; Chi² = [\d.]+, df = 2/);
    expect(svg).toContain('Test for overall effect: Z = ');
    // A log axis for ratios with 1 among its ticks, and limits the reviewer can override.
    expect(svg).toMatch(/>1<\/text>/);
    const wide = forestPlot(a, { ...RR.settings, axis: { lower: 0.01, upper: 100 } });
    expect(wide).toMatch(/>0.01<\/text>/);
    expect(wide).toMatch(/>100<\/text>/);
  });
});
