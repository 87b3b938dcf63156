// The conversions the form offers in place (Cochrane Handbook chapter 6, from shared/stats), by the
// component being filled: each says which inputs it needs and which components it writes.
// Layer: renderer.
import { isRatioMeasure } from '../../../shared/extraction/rules';
import type { OutcomeDefinition, ValueConversion } from '../../../shared/model/extraction';
import {
  combineGroups,
  logSEFromRatioCI,
  meanSDFromMedian,
  sdFromMeanCI,
  sdFromSE,
  sdOfChange,
  seFromCI,
  seFromEstimateAndP,
  type Conversion,
} from '../../../shared/stats/conversions';

export interface ConversionInput {
  name: string;
  label: string;
  optional?: boolean;
  /** Prefilled from this component of the same cell, when it holds a value. */
  from?: string;
}

export interface ConversionKind {
  id: string;
  label: string;
  inputs: ConversionInput[];
  /** Component -> value, and the record stored with each written value. */
  compute(inputs: Record<string, number | undefined>): { values: Record<string, number>; conversion: ValueConversion };
}

function record<V>(c: Conversion<V>): ValueConversion {
  return { method: c.method, source: c.source, inputs: c.inputs };
}

const need = (inputs: Record<string, number | undefined>, name: string): number => {
  const v = inputs[name];
  if (v === undefined || !Number.isFinite(v)) throw new Error(`${name} is needed`);
  return v;
};

export function conversionsFor(outcome: OutcomeDefinition, component: string): ConversionKind[] {
  const kinds: ConversionKind[] = [];
  const meanName = outcome.dataType === 'change' ? 'mean_change' : 'mean';
  const sdName = outcome.dataType === 'change' ? 'sd_change' : 'sd';
  if (component === sdName) {
    kinds.push({
      id: 'sd-from-se',
      label: 'SD from SE',
      inputs: [
        { name: 'se', label: 'SE' },
        { name: 'n', label: 'n', from: 'n' },
      ],
      compute: (i) => {
        const c = sdFromSE(need(i, 'se'), need(i, 'n'));
        return { values: { [sdName]: c.value }, conversion: record(c) };
      },
    });
    kinds.push({
      id: 'sd-from-mean-ci',
      label: 'SD from a confidence interval of the mean',
      inputs: [
        { name: 'lower', label: 'CI lower' },
        { name: 'upper', label: 'CI upper' },
        { name: 'n', label: 'n', from: 'n' },
        { name: 'level', label: 'Level %', optional: true },
      ],
      compute: (i) => {
        const c = sdFromMeanCI(need(i, 'lower'), need(i, 'upper'), need(i, 'n'), { level: i.level ?? 95 });
        return { values: { [sdName]: c.value }, conversion: record(c) };
      },
    });
  }
  if (component === 'sd_change') {
    kinds.push({
      id: 'sd-of-change',
      label: 'SD of the change from baseline and follow-up SDs',
      inputs: [
        { name: 'sdBaseline', label: 'SD at baseline' },
        { name: 'sdFinal', label: 'SD at follow-up' },
        { name: 'r', label: 'Correlation r' },
      ],
      compute: (i) => {
        const c = sdOfChange(need(i, 'sdBaseline'), need(i, 'sdFinal'), need(i, 'r'));
        return { values: { sd_change: c.value }, conversion: record(c) };
      },
    });
  }
  if (component === meanName || component === sdName) {
    kinds.push({
      id: 'mean-sd-from-median',
      label: 'Mean and SD from the median with IQR and/or range (Luo, Wan, Shi)',
      inputs: [
        { name: 'median', label: 'Median' },
        { name: 'q1', label: 'Q1', optional: true },
        { name: 'q3', label: 'Q3', optional: true },
        { name: 'min', label: 'Minimum', optional: true },
        { name: 'max', label: 'Maximum', optional: true },
        { name: 'n', label: 'n', from: 'n' },
      ],
      compute: (i) => {
        const c = meanSDFromMedian({
          median: need(i, 'median'),
          q1: i.q1,
          q3: i.q3,
          min: i.min,
          max: i.max,
          n: need(i, 'n'),
        });
        return { values: { [meanName]: c.value.mean, [sdName]: c.value.sd }, conversion: record(c) };
      },
    });
  }
  if ((outcome.dataType === 'continuous' || outcome.dataType === 'mean') && ['mean', 'sd', 'n'].includes(component)) {
    kinds.push({
      id: 'combine-groups',
      label: 'Combine two groups into one',
      inputs: [
        { name: 'n1', label: 'n, group 1' },
        { name: 'mean1', label: 'Mean, group 1' },
        { name: 'sd1', label: 'SD, group 1' },
        { name: 'n2', label: 'n, group 2' },
        { name: 'mean2', label: 'Mean, group 2' },
        { name: 'sd2', label: 'SD, group 2' },
      ],
      compute: (i) => {
        const c = combineGroups(
          { n: need(i, 'n1'), mean: need(i, 'mean1'), sd: need(i, 'sd1') },
          { n: need(i, 'n2'), mean: need(i, 'mean2'), sd: need(i, 'sd2') },
        );
        return { values: { n: c.value.n, mean: c.value.mean, sd: c.value.sd }, conversion: record(c) };
      },
    });
  }
  if (outcome.dataType === 'effect_estimate' && component === 'se') {
    const ratio = isRatioMeasure(outcome.measure);
    kinds.push({
      id: ratio ? 'log-se-from-ratio-ci' : 'se-from-ci',
      label: ratio ? 'SE of the log ratio from its confidence interval' : 'SE from the confidence interval',
      inputs: [
        { name: 'lower', label: 'CI lower', from: 'lower' },
        { name: 'upper', label: 'CI upper', from: 'upper' },
        { name: 'level', label: 'Level %', optional: true },
      ],
      compute: (i) => {
        const c = ratio
          ? logSEFromRatioCI(need(i, 'lower'), need(i, 'upper'), { level: i.level ?? 95 })
          : seFromCI(need(i, 'lower'), need(i, 'upper'), { level: i.level ?? 95 });
        return { values: { se: c.value }, conversion: record(c) };
      },
    });
    kinds.push({
      id: 'se-from-p',
      label: 'SE from the estimate and its p-value',
      inputs: [
        { name: 'estimate', label: 'Estimate', from: 'estimate' },
        { name: 'p', label: 'p-value' },
      ],
      compute: (i) => {
        const c = seFromEstimateAndP(need(i, 'estimate'), need(i, 'p'), { scale: ratio ? 'log' : 'identity' });
        return { values: { se: c.value }, conversion: record(c) };
      },
    });
  }
  return kinds;
}
