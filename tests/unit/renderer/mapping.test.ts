// What a selected statistic can fill in the form: the right components of the right cells, and
// nothing where the data type does not fit.
import { describe, expect, it } from 'vitest';
import type { ExtractionForm } from '../../../shared/model/extraction';
import { recognise } from '../../../shared/parse/recognise';
import { parseInput } from '../../../renderer/features/extraction/FieldInput';
import { describeReading, mappingTargets } from '../../../shared/extraction/mapping';

const form: ExtractionForm = {
  id: 'form',
  version: 3,
  updatedAt: 't',
  sections: [{ id: 's1', title: 'Participants' }],
  fields: [
    { id: 'f-n', sectionId: 's1', label: 'N randomised', type: 'integer', options: [], archived: false },
    { id: 'f-old', sectionId: 's1', label: 'Old count', type: 'integer', options: [], archived: true },
    { id: 'f-country', sectionId: 's1', label: 'Country', type: 'text', options: [], archived: false },
  ],
  outcomes: [
    {
      id: 'lvef',
      name: 'LVEF',
      dataType: 'continuous',
      unit: '%',
      measure: null,
      archived: false,
      timepoints: [
        { id: 'b', label: 'Baseline' },
        { id: 'f', label: 'Follow-up' },
      ],
    },
    {
      id: 'wean',
      name: 'Weaning from inotropes',
      dataType: 'proportion',
      unit: null,
      measure: null,
      archived: false,
      timepoints: [{ id: 'e', label: 'End' }],
    },
    {
      id: 'hr',
      name: 'Death or transplant',
      dataType: 'effect_estimate',
      unit: null,
      measure: 'HR',
      archived: false,
      timepoints: [{ id: 'y', label: '1 year' }],
    },
  ],
};
const arms = [{ id: 'crt', studyId: 's', label: 'CRT' }];
const first = (text: string) => recognise(text)[0]!;

describe('mappingTargets', () => {
  it('offers a mean ± SD to the mean and SD of each continuous cell', () => {
    const targets = mappingTargets(first('LVEF 23.5 ± 4.3%'), form, arms);
    expect(targets.map((t) => t.label)).toEqual(['LVEF, Baseline, CRT: mean, SD', 'LVEF, Follow-up, CRT: mean, SD']);
    expect(targets[0]!.writes).toEqual([
      {
        target: { kind: 'outcome', outcomeId: 'lvef', timepointId: 'b', armId: 'crt', component: 'mean' },
        state: 'value',
        value: 23.5,
        origin: 'mapped',
      },
      {
        target: { kind: 'outcome', outcomeId: 'lvef', timepointId: 'b', armId: 'crt', component: 'sd' },
        state: 'value',
        value: 4.3,
        origin: 'mapped',
      },
    ]);
  });

  it('offers "9 of 10" to events and total of proportions, and its total to whole-number fields', () => {
    const targets = mappingTargets(first('discontinued in 9 of 10 patients'), form, arms);
    // events and total first: the cells that take the whole count come before a sample size alone, a
    // sample size of the study before the n of a mean
    expect(targets.map((t) => t.label)).toEqual([
      'Weaning from inotropes, End, CRT: events, total',
      'N randomised = 10',
      'LVEF, Baseline, CRT: n',
      'LVEF, Follow-up, CRT: n',
    ]);
    const weaning = targets[0]!.writes.map((w) => [w.target.kind === 'outcome' && w.target.component, w.value]);
    expect(weaning).toEqual([
      ['events', 9],
      ['total', 10],
    ]);
  });

  it('offers a hazard ratio with its CI to effect estimates, per comparison rather than per arm', () => {
    const targets = mappingTargets(first('HR 0.51 (95% CI 0.27–0.98)'), form, arms);
    expect(targets).toHaveLength(1);
    expect(
      targets[0]!.writes.map((w) =>
        w.target.kind === 'outcome' ? [w.target.armId, w.target.component, w.value] : null,
      ),
    ).toEqual([
      [null, 'estimate', 0.51],
      [null, 'lower', 0.27],
      [null, 'upper', 0.98],
    ]);
  });

  it('offers a change "from … to …" to two timepoints at once', () => {
    const targets = mappingTargets(first('increased from 23.5 ± 4.3% to 32.0 ± 9.1%'), form, arms);
    const change = targets.find((t) => t.label.startsWith('LVEF, Baseline → Follow-up'))!;
    expect(
      change.writes.map((w) =>
        w.target.kind === 'outcome' ? [w.target.timepointId, w.target.component, w.value] : null,
      ),
    ).toEqual([
      ['b', 'mean', 23.5],
      ['b', 'sd', 4.3],
      ['f', 'mean', 32],
      ['f', 'sd', 9.1],
    ]);
  });

  it('puts outcomes measured in the statistic’s unit first', () => {
    const withQrs: ExtractionForm = {
      ...form,
      outcomes: [
        {
          id: 'qrs',
          name: 'QRS duration',
          dataType: 'mean',
          unit: 'ms',
          measure: null,
          archived: false,
          timepoints: [{ id: 'b', label: 'Baseline' }],
        },
        ...form.outcomes,
      ],
    };
    expect(mappingTargets(first('LVEF 23.5 ± 4.3%'), withQrs, arms).map((t) => t.label)).toEqual([
      'LVEF, Baseline, CRT: mean, SD',
      'LVEF, Follow-up, CRT: mean, SD',
      'QRS duration, Baseline, CRT: mean, SD',
    ]);
    expect(mappingTargets(first('QRS 153 ± 25 ms'), withQrs, arms)[0]!.label).toBe(
      'QRS duration, Baseline, CRT: mean, SD',
    );
  });

  it('offers nothing per arm when the study has no arms', () => {
    expect(mappingTargets(first('LVEF 23.5 ± 4.3%'), form, [])).toEqual([]);
  });

  it('describes a reading in words', () => {
    expect(describeReading(first('LVEF 23.5 ± 4.3%'))).toBe('mean 23.5, SD 4.3, unit %');
  });
});

describe('parseInput', () => {
  it('reads numbers, keeps text that is not a number for the backend to refuse, and empties blanks', () => {
    expect(parseInput('cell', ' 23.5 ')).toBe(23.5);
    expect(parseInput('cell', '−4.3')).toBe(-4.3);
    expect(parseInput('integer', '1,088')).toBe(1088);
    expect(parseInput('number', 'about 20')).toBe('about 20');
    expect(parseInput('cell', '   ')).toBeNull();
    expect(parseInput('multiple_choice', 'USA; Canada')).toEqual(['USA', 'Canada']);
    expect(parseInput('text', 'Italy')).toBe('Italy');
  });
});
