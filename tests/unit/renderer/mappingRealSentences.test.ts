// The first option the mapping panel offers for a selection of a sentence as real abstracts write it:
// the readings (ambiguous readings and p-values left out, as MappingPanel does) and their targets
// ranked by mappingOptions. A ratio with its CI is offered as the ratio (to the outcome
// reported with that measure), a percentage with its interval or its counts as one statistic, never as
// the percentages inside it.
import { describe, expect, it } from 'vitest';
import type { ExtractionForm } from '../../../shared/model/extraction';
import { recognise } from '../../../shared/parse/recognise';
import { mappingOptions } from '../../../shared/extraction/mapping';

const form: ExtractionForm = {
  id: 'form',
  version: 1,
  updatedAt: 't',
  sections: [],
  fields: [],
  outcomes: [
    {
      id: 'onset',
      name: 'Onset time',
      dataType: 'continuous',
      unit: 'min',
      measure: null,
      archived: false,
      timepoints: [{ id: 'e', label: 'End' }],
    },
    {
      id: 'quit',
      name: 'Quit',
      dataType: 'proportion',
      unit: null,
      measure: null,
      archived: false,
      timepoints: [{ id: 'w12', label: '12 weeks' }],
    },
    {
      id: 'death',
      name: 'Death',
      dataType: 'effect_estimate',
      unit: null,
      measure: 'HR',
      archived: false,
      timepoints: [{ id: 'y5', label: '5 years' }],
    },
    {
      id: 'response',
      name: 'Response',
      dataType: 'effect_estimate',
      unit: null,
      measure: 'OR',
      archived: false,
      timepoints: [{ id: 'y1', label: '1 year' }],
    },
  ],
};
const arms = [
  { id: 'a', studyId: 's', label: 'Intervention' },
  { id: 'b', studyId: 's', label: 'Control' },
];

/** What the panel offers first for a selection: the reading and the label of its first target. */
function firstOffer(selection: string) {
  const readings = recognise(selection).filter((s) => s.kind !== 'ambiguous' && s.kind !== 'p_value');
  const options = mappingOptions(readings, form, arms, selection);
  const first = options[0];
  return first ? { kind: first.statistic.kind, values: first.statistic.values, label: first.target.label } : null;
}

describe('the mapping panel on real sentences', () => {
  it('offers a ratio with its CI as the ratio, to the outcome reported with that measure', () => {
    expect(firstOffer('responded more often when offered a book (odds ratio 1.10, 95% CI 0.87-1.38, P=.42)')).toEqual({
      kind: 'ratio_ci',
      values: { measure: 'OR', adjusted: false, estimate: 1.1, lower: 0.87, upper: 1.38, level: 95 },
      label: 'Response, 1 year: estimate, lower, upper',
    });
    expect(firstOffer('stroke (HR 1·22, 95% CI 0·59–2·54); and for any stroke (1·66, 0·99–2·80)')?.label).toBe(
      'Death, 5 years: estimate, lower, upper',
    );
  });

  it('offers a percentage with its interval as one estimate, not the percentages inside it', () => {
    expect(firstOffer('quit rates (95% CI) were 59.4% (53.7% to 63.8%) for standard care')).toEqual({
      kind: 'estimate_ci',
      values: { estimate: 59.4, lower: 53.7, upper: 63.8, level: 95 },
      label: 'Death, 5 years: estimate, lower, upper',
    });
  });

  it('offers a percentage with its counts as the counts', () => {
    expect(firstOffer('a response rate of 90.9% (130/143) was achieved at follow-up')).toEqual({
      kind: 'count',
      values: { events: 130, total: 143, percent: 90.9 },
      label: 'Quit, 12 weeks, Intervention: events, total',
    });
    expect(firstOffer('quit in four out of the ten UC patients (40%)')?.values).toEqual({
      events: 4,
      total: 10,
      percent: 40,
    });
  });

  it('offers a mean and SD declared after the values, with the unit written after the second', () => {
    expect(firstOffer('2.8 (1.1) versus 2.5 (1.1) min (mean ± SD; P = 0.006)')).toEqual({
      kind: 'mean_sd',
      values: { mean: 2.8, sd: 1.1 },
      label: 'Onset time, End, Intervention: mean, SD',
    });
  });
});
