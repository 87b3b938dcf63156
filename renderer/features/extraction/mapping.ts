// What a recognised statistic can fill in the form: "mean 23.5, SD 4.3" fits the mean and SD of every
// continuous outcome's cells, "9 of 10" the events and total of dichotomous and proportion outcomes,
// "HR 0.51 (0.27-0.98)" an effect estimate, "from 226 ± 78 to 212 ± 83" two timepoints at once, "n = 10"
// a sample size. Each target carries the writes one click makes. Layer: renderer.
import type { Statistic } from '../../../shared/parse/types';
import {
  isPerArm,
  type Arm,
  type ExtractionForm,
  type OutcomeDefinition,
  type ValueWrite,
} from '../../../shared/model/extraction';

export interface MappingTarget {
  label: string;
  writes: ValueWrite[];
}

type Values = Record<string, number | undefined>;

function cellWrites(
  outcome: OutcomeDefinition,
  timepointId: string,
  armId: string | null,
  values: Values,
): ValueWrite[] {
  return Object.entries(values)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]))
    .map(([component, value]) => ({
      target: { kind: 'outcome' as const, outcomeId: outcome.id, timepointId, armId, component },
      state: 'value' as const,
      value,
      origin: 'mapped' as const,
    }));
}

function describe(values: Values): string {
  const names: Record<string, string> = { sd: 'SD', sd_change: 'SD', mean_change: 'mean change', n: 'n' };
  return Object.keys(values)
    .filter((k) => values[k] !== undefined)
    .map((k) => names[k] ?? k)
    .join(', ');
}

/** For each outcome of the right type, each timepoint and arm: the writes for these component values. */
function perCell(form: ExtractionForm, arms: Arm[], fits: (o: OutcomeDefinition) => Values | null): MappingTarget[] {
  const targets: MappingTarget[] = [];
  for (const outcome of form.outcomes.filter((o) => !o.archived)) {
    const values = fits(outcome);
    if (!values || Object.values(values).every((v) => v === undefined)) continue;
    const armChoices: (Arm | null)[] = isPerArm(outcome.dataType) ? arms : [null];
    for (const timepoint of outcome.timepoints) {
      for (const arm of armChoices) {
        targets.push({
          label: `${outcome.name}, ${timepoint.label}${arm ? `, ${arm.label}` : ''}: ${describe(values)}`,
          writes: cellWrites(outcome, timepoint.id, arm?.id ?? null, values),
        });
      }
    }
  }
  return targets;
}

/**
 * The targets for a statistic, those whose outcome has the statistic's unit first (a "%" reading
 * goes to LVEF before QRS duration in ms) or, for a ratio, the ratio's measure (an "OR 1.10 (…)" goes to
 * the outcome reported as an odds ratio before one reported as a hazard ratio); a count of events goes to
 * cells for events and total before a sample size; otherwise in form order.
 */
export function mappingTargets(statistic: Statistic, form: ExtractionForm, arms: Arm[]): MappingTarget[] {
  const unit = statistic.unit?.trim().toLowerCase();
  const measure = statistic.kind === 'ratio_ci' ? statistic.values.measure.toLowerCase() : undefined;
  const sameUnit = new Set(
    form.outcomes
      .filter(
        (o) =>
          (unit && o.unit?.trim().toLowerCase() === unit) || (measure && o.measure?.trim().toLowerCase() === measure),
      )
      .map((o) => o.id),
  );
  // "130/143" is events and total: cells that take both come before a sample size that takes only one
  const hasEvents = statistic.kind === 'count' && statistic.values.events !== undefined;
  const rank = (t: MappingTarget) =>
    (hasEvents && !t.writes.some((w) => w.target.kind === 'outcome' && w.target.component === 'events') ? 2 : 0) +
    (t.writes.some((w) => w.target.kind === 'outcome' && sameUnit.has(w.target.outcomeId)) ? 0 : 1);
  return targetsInFormOrder(statistic, form, arms)
    .map((target, index) => ({ target, index }))
    .sort((a, b) => rank(a.target) - rank(b.target) || a.index - b.index)
    .map(({ target }) => target);
}

function targetsInFormOrder(statistic: Statistic, form: ExtractionForm, arms: Arm[]): MappingTarget[] {
  switch (statistic.kind) {
    case 'mean_sd': {
      const { mean, sd } = statistic.values;
      return perCell(form, arms, (o) =>
        o.dataType === 'continuous' || o.dataType === 'mean'
          ? { mean, sd }
          : o.dataType === 'change'
            ? { mean_change: mean, sd_change: sd }
            : null,
      );
    }
    case 'mean_se': {
      const { mean } = statistic.values;
      return perCell(form, arms, (o) => (o.dataType === 'continuous' || o.dataType === 'mean' ? { mean } : null));
    }
    case 'count': {
      const { events, total, n } = statistic.values;
      const targets = perCell(form, arms, (o) => {
        if (o.dataType === 'dichotomous' || o.dataType === 'proportion') {
          if (events !== undefined) return { events, total };
          if (n !== undefined) return { total: n };
          return null;
        }
        if (
          (o.dataType === 'continuous' || o.dataType === 'mean' || o.dataType === 'change') &&
          (n ?? total) !== undefined
        ) {
          return { n: n ?? total };
        }
        return null;
      });
      const size = n ?? total;
      if (size !== undefined) {
        for (const field of form.fields.filter((f) => !f.archived && (f.type === 'integer' || f.type === 'number'))) {
          targets.push({
            label: `${field.label} = ${size}`,
            writes: [{ target: { kind: 'field', fieldId: field.id }, state: 'value', value: size, origin: 'mapped' }],
          });
        }
      }
      return targets;
    }
    case 'ratio_ci':
    case 'estimate_ci': {
      const { estimate, lower, upper } = statistic.values;
      return perCell(form, arms, (o) => (o.dataType === 'effect_estimate' ? { estimate, lower, upper } : null));
    }
    case 'change': {
      const { before, after } = statistic.values;
      const side = (s: typeof before): Values =>
        'sd' in s ? { mean: s.mean, sd: s.sd } : 'value' in s ? { mean: s.value } : { mean: s.mean };
      const targets: MappingTarget[] = [];
      for (const outcome of form.outcomes.filter(
        (o) => !o.archived && (o.dataType === 'continuous' || o.dataType === 'mean'),
      )) {
        if (outcome.timepoints.length < 2) continue;
        const [first, second] = outcome.timepoints as [(typeof outcome.timepoints)[0], (typeof outcome.timepoints)[0]];
        for (const arm of arms) {
          targets.push({
            label: `${outcome.name}, ${first.label} → ${second.label}, ${arm.label}: ${describe(side(before))}`,
            writes: [
              ...cellWrites(outcome, first.id, arm.id, side(before)),
              ...cellWrites(outcome, second.id, arm.id, side(after)),
            ],
          });
        }
      }
      return targets;
    }
    default:
      return [];
  }
}

/** "mean 23.5, SD 4.3, unit %" */
export function describeReading(statistic: Statistic): string {
  const values = Object.entries(statistic.values as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
    .map(([k, v]) => `${k === 'sd' ? 'SD' : k === 'se' ? 'SE' : k} ${String(v)}`);
  if (statistic.kind === 'change') {
    const side = (s: Record<string, number>) =>
      Object.entries(s)
        .map(([k, v]) => `${k === 'sd' ? 'SD' : k} ${v}`)
        .join(' ');
    values.push(
      `before ${side(statistic.values.before as Record<string, number>)}`,
      `after ${side(statistic.values.after as Record<string, number>)}`,
    );
  }
  return [values.join(', '), statistic.unit ? `unit ${statistic.unit}` : ''].filter(Boolean).join(', ');
}
