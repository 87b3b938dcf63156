// Which conversions the form offers for a cell, and that each writes the components it names with
// the pooling core's numbers and method record.
import { describe, expect, it } from 'vitest';
import type { OutcomeDefinition } from '../../../shared/model/extraction';
import { combineGroups, logSEFromRatioCI } from '../../../shared/stats/conversions';
import { conversionsFor } from '../../../renderer/features/extraction/conversions';

const outcome = (dataType: OutcomeDefinition['dataType'], measure: string | null = null): OutcomeDefinition => ({
  id: 'o',
  name: 'O',
  dataType,
  unit: null,
  measure,
  archived: false,
  timepoints: [{ id: 't', label: 'T' }],
});

describe('conversionsFor', () => {
  it('offers SD conversions for an SD cell and median conversions for mean and SD', () => {
    expect(conversionsFor(outcome('continuous'), 'sd').map((k) => k.id)).toEqual([
      'sd-from-se',
      'sd-from-mean-ci',
      'mean-sd-from-median',
      'combine-groups',
    ]);
    expect(conversionsFor(outcome('change'), 'sd_change').map((k) => k.id)).toEqual([
      'sd-from-se',
      'sd-from-mean-ci',
      'sd-of-change',
      'mean-sd-from-median',
    ]);
    expect(conversionsFor(outcome('dichotomous'), 'events')).toEqual([]);
  });

  it('writes the combined group’s n, mean and SD as the pooling core computes them', () => {
    const combine = conversionsFor(outcome('continuous'), 'n').find((k) => k.id === 'combine-groups')!;
    const result = combine.compute({ n1: 10, mean1: 5, sd1: 1, n2: 20, mean2: 7, sd2: 2 });
    const expected = combineGroups({ n: 10, mean: 5, sd: 1 }, { n: 20, mean: 7, sd: 2 });
    expect(result.values).toEqual({ n: expected.value.n, mean: expected.value.mean, sd: expected.value.sd });
    expect(result.conversion).toEqual({ method: expected.method, source: expected.source, inputs: expected.inputs });
  });

  it('takes a ratio’s SE on the log scale, and says which input is missing', () => {
    const se = conversionsFor(outcome('effect_estimate', 'HR'), 'se')[0]!;
    expect(se.id).toBe('log-se-from-ratio-ci');
    expect(se.compute({ lower: 0.27, upper: 0.98 }).values.se).toBe(logSEFromRatioCI(0.27, 0.98).value);
    expect(() => se.compute({ lower: 0.27 })).toThrow(/upper is needed/);
    expect(conversionsFor(outcome('effect_estimate', 'MD'), 'se')[0]!.id).toBe('se-from-ci');
  });
});
