// What a recognised statistic can fill in the form, best fit first: "mean 23.5, SD 4.3" fits the mean
// and SD of every continuous outcome's cells, "9 of 10" the events and total of dichotomous and
// proportion outcomes, "HR 0.51 (0.27-0.98)" an effect estimate, "from 226 ± 78 to 212 ± 83" two
// timepoints at once, "n = 10" a sample size, "71 ± 10 years" a baseline characteristic such as Age.
// Each target carries the writes one click makes and how well it fits the reading: its type, its unit
// (a "%" reading goes to LVEF before QRS duration in ms, and QRS duration is offered last, marked as
// measured in another unit) and, for a ratio, its measure. A bare percentage ("30%") goes to an outcome
// in % as its mean, and to the events of a proportion or dichotomous cell whose total is already
// entered (30% of 10 is 3 events; 33% of 10 is no whole number, and says so). Layer: shared.
import type { Statistic } from '../parse/types';
import {
  isPerArm,
  targetKey,
  type Arm,
  type ExtractedValue,
  type ExtractionForm,
  type FormField,
  type OutcomeDefinition,
  type ValueWrite,
} from '../model/extraction';

export interface MappingTarget {
  label: string;
  writes: ValueWrite[];
  /** How well the target fits the reading; higher first. */
  score: number;
  /** Set when the target's unit or measure contradicts the reading's: "QRS duration is in ms, the reading in %". */
  contradiction?: string;
}

type Values = Record<string, number | undefined>;

/** The totals already entered in the study's cells, by the total's target key, for a percentage of them. */
type Totals = ReadonlyMap<string, number>;

function totalsOf(values: readonly ExtractedValue[]): Totals {
  const totals = new Map<string, number>();
  for (const v of values) {
    if (v.archived || v.state !== 'value' || typeof v.value !== 'number') continue;
    if (v.target.kind === 'outcome' && v.target.component === 'total') totals.set(targetKey(v.target), v.value);
  }
  return totals;
}

const UNIT_SYNONYMS: Record<string, string> = {
  percent: '%',
  pct: '%',
  msec: 'ms',
  millisecond: 'ms',
  milliseconds: 'ms',
  millilitre: 'ml',
  millilitres: 'ml',
  milliliter: 'ml',
  milliliters: 'ml',
  year: 'years',
  yrs: 'years',
  yr: 'years',
  y: 'years',
  month: 'months',
  mo: 'months',
  week: 'weeks',
  wk: 'weeks',
  day: 'days',
  d: 'days',
  minute: 'min',
  minutes: 'min',
  mins: 'min',
  second: 's',
  seconds: 's',
  sec: 's',
  'kg/m²': 'kg/m2',
};

/** A unit as compared: lower case, no spaces, synonyms folded ("msec" = "ms", "mL" = "ml", "yrs" = "years"). */
export function normaliseUnit(unit: string | null | undefined): string | null {
  if (!unit) return null;
  const u = unit.trim().toLowerCase().replace(/\s+/g, '');
  if (!u) return null;
  return UNIT_SYNONYMS[u] ?? u;
}

/**
 * Units a study-level field's label implies: Age is in years (or months, for children). A reading in
 * such a unit is offered to the field without the text naming it, except a duration (any time could be
 * one): Follow-up only when the text says "follow-up".
 */
const FIELD_UNITS: { label: RegExp; units: string[]; alone: boolean }[] = [
  { label: /\bage\b/i, units: ['years', 'months'], alone: true },
  { label: /\b(follow[- ]?up|duration)\b/i, units: ['years', 'months', 'weeks', 'days'], alone: false },
  { label: /\bbmi\b|body mass/i, units: ['kg/m2'], alone: true },
];

/** Words of a label that say a field holds a number of people: N randomised, Number analysed, Sample size. */
const SIZE_FIELD = /\bn\b|\bnumber\b|randomi[sz]ed|analy[sz]ed|enrolled|included|sample size|participants|patients/i;

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

/** How an outcome's unit or measure sits with the reading's: +2 the same, 0 unknown, or a contradiction. */
function unitFit(statistic: Statistic, outcome: OutcomeDefinition): { score: number; contradiction?: string } {
  if (statistic.kind === 'ratio_ci' || (statistic.kind === 'estimate_ci' && statistic.values.measure)) {
    const measure = (
      statistic.kind === 'ratio_ci' ? statistic.values.measure : statistic.values.measure!
    ).toUpperCase();
    const own = outcome.measure?.trim().toUpperCase();
    if (!own) return { score: 0 };
    if (own === measure) return { score: 2 };
    return { score: 0, contradiction: `${outcome.name} is reported as ${own}, the reading is ${measure}` };
  }
  const reading = normaliseUnit(statistic.unit);
  const own = normaliseUnit(outcome.unit);
  if (!reading || !own) return { score: 0 };
  if (reading === own) return { score: 2 };
  return {
    score: 0,
    contradiction: `${outcome.name} is in ${outcome.unit!.trim()}, the reading in ${statistic.unit!.trim()}`,
  };
}

/**
 * Whether the text around the statistic names the outcome: a word of its name (its first six letters,
 * so "inotropic" names "Weaning from inotropes") or its abbreviation ("LVEF").
 */
function namesOutcome(name: string, context: string): boolean {
  const text = context.toLowerCase();
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 4 && !STOP_WORDS.has(word))
    .some((word) => text.includes(word.slice(0, 6)));
}

const STOP_WORDS = new Set(['from', 'with', 'rate', 'time', 'total', 'mean', 'change', 'baseline', 'month', 'months']);

/** For each outcome of the right type, each timepoint and arm: the writes for these component values. */
function perCell(
  statistic: Statistic,
  form: ExtractionForm,
  arms: Arm[],
  fits: (o: OutcomeDefinition) => { values: Values; score: number } | null,
  context = '',
): MappingTarget[] {
  const targets: MappingTarget[] = [];
  for (const outcome of form.outcomes.filter((o) => !o.archived)) {
    const fit = fits(outcome);
    if (!fit || Object.values(fit.values).every((v) => v === undefined)) continue;
    const unit = unitFit(statistic, outcome);
    const named = namesOutcome(outcome.name, context) ? 1 : 0;
    const armChoices: (Arm | null)[] = isPerArm(outcome.dataType) ? arms : [null];
    for (const timepoint of outcome.timepoints) {
      for (const arm of armChoices) {
        targets.push({
          label: `${outcome.name}, ${timepoint.label}${arm ? `, ${arm.label}` : ''}: ${describe(fit.values)}`,
          writes: cellWrites(outcome, timepoint.id, arm?.id ?? null, fit.values),
          score: fit.score + unit.score + named,
          ...(unit.contradiction ? { contradiction: unit.contradiction } : {}),
        });
      }
    }
  }
  return targets;
}

/**
 * Study-level fields a summary of participants fits ("71 ± 10 years" → Age): fields whose label
 * implies the reading's unit, or whose label the selected text names ("mean age 71 ± 10"). A text
 * field takes the statistic as written, a number field its mean.
 */
function characteristicFields(statistic: Statistic, form: ExtractionForm, context: string): MappingTarget[] {
  const unit = normaliseUnit(statistic.unit);
  const words = context.toLowerCase();
  const mean =
    statistic.kind === 'mean_sd' || statistic.kind === 'mean_se'
      ? statistic.values.mean
      : statistic.kind === 'median_iqr' || statistic.kind === 'median_range'
        ? statistic.values.median
        : undefined;
  const targets: MappingTarget[] = [];
  for (const field of form.fields.filter((f) => !f.archived)) {
    const takesText = field.type === 'text' || field.type === 'long_text';
    const takesNumber = field.type === 'number' && mean !== undefined;
    if (!takesText && !takesNumber) continue;
    const implied = FIELD_UNITS.find((f) => f.label.test(field.label));
    const named = field.label.length > 1 && new RegExp(`\\b${escape(field.label.toLowerCase())}\\b`).test(words);
    const byUnit = implied !== undefined && unit !== null && implied.units.includes(unit);
    if (!(byUnit && implied.alone) && !named) continue;
    const contradiction =
      implied !== undefined && unit !== null && !byUnit
        ? `${field.label} is in ${implied.units.join(' or ')}, the reading in ${statistic.unit!.trim()}`
        : undefined;
    const value = takesText ? statistic.text.trim() : mean!;
    targets.push({
      label: `${field.label} = ${value}`,
      writes: [{ target: { kind: 'field', fieldId: field.id }, state: 'value', value, origin: 'mapped' }],
      score: 3 + (byUnit ? 2 : 0) + (named ? 1 : 0),
      ...(contradiction ? { contradiction } : {}),
    });
  }
  return targets;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function sizeFields(form: ExtractionForm, size: number, hasEvents: boolean, context: string): MappingTarget[] {
  const words = context.toLowerCase();
  return form.fields
    .filter((f: FormField) => !f.archived && (f.type === 'integer' || f.type === 'number'))
    .map((field) => {
      const sized = SIZE_FIELD.test(field.label);
      const named = new RegExp(`\\b${escape(field.label.toLowerCase())}\\b`).test(words);
      return {
        label: `${field.label} = ${size}`,
        writes: [{ target: { kind: 'field', fieldId: field.id }, state: 'value', value: size, origin: 'mapped' }],
        // "n = 120 randomised" is a sample size first; the total of "9 of 10" only after events and total
        score: (hasEvents ? 1 : 3) + (sized ? 1 : 0) + (named ? 1 : 0),
      } satisfies MappingTarget;
    });
}

/**
 * A bare percentage: the mean of an outcome in % (or its mean change), and the events of each
 * proportion or dichotomous cell whose total is entered, as that percentage of the total. A
 * percentage that is no whole number of events of the total is offered last and says so. A
 * threshold ("<35%", an inclusion criterion) is not a result and is offered nowhere.
 */
function percentTargets(
  statistic: Extract<Statistic, { kind: 'percent' }>,
  form: ExtractionForm,
  arms: Arm[],
  context: string,
  totals: Totals,
): MappingTarget[] {
  const { percent, op } = statistic.values;
  if (op !== undefined) return [];
  const targets = perCell(
    statistic,
    form,
    arms,
    (o) => {
      if (normaliseUnit(o.unit) !== '%') return null;
      if (o.dataType === 'continuous' || o.dataType === 'mean') return { values: { mean: percent }, score: 2 };
      if (o.dataType === 'change') return { values: { mean_change: percent }, score: 1 };
      return null;
    },
    context,
  );
  const written = writtenNumber(percent, statistic.text);
  const decimals = /\.(\d+)$/.exec(written)?.[1]?.length ?? 0;
  for (const outcome of form.outcomes.filter(
    (o) => !o.archived && (o.dataType === 'proportion' || o.dataType === 'dichotomous'),
  )) {
    const unit = unitFit(statistic, outcome);
    const named = namesOutcome(outcome.name, context) ? 1 : 0;
    for (const timepoint of outcome.timepoints) {
      for (const arm of arms) {
        const where = { kind: 'outcome' as const, outcomeId: outcome.id, timepointId: timepoint.id, armId: arm.id };
        const total = totals.get(targetKey({ ...where, component: 'total' }));
        if (total === undefined || total <= 0) continue;
        const events = Math.round((percent * total) / 100);
        const back = Number(((100 * events) / total).toFixed(decimals));
        const contradiction =
          back !== percent
            ? `${written}% of ${total} is no whole number of events (${events} of ${total} is ${back}%)`
            : unit.contradiction;
        targets.push({
          label: `${outcome.name}, ${timepoint.label}, ${arm.label}: events ${events} (${written}% of ${total})`,
          writes: cellWrites(outcome, timepoint.id, arm.id, { events }),
          // as sure as a mean in %: the text names which one it is
          score: 4 + unit.score + named,
          ...(contradiction ? { contradiction } : {}),
        });
      }
    }
  }
  return targets;
}

function targetsOf(
  statistic: Statistic,
  form: ExtractionForm,
  arms: Arm[],
  context: string,
  totals: Totals,
): MappingTarget[] {
  switch (statistic.kind) {
    case 'percent':
      return percentTargets(statistic, form, arms, context, totals);
    case 'mean_sd': {
      const { mean, sd } = statistic.values;
      return [
        ...characteristicFields(statistic, form, context),
        ...perCell(
          statistic,
          form,
          arms,
          (o) =>
            o.dataType === 'continuous' || o.dataType === 'mean'
              ? { values: { mean, sd }, score: 2 }
              : o.dataType === 'change'
                ? { values: { mean_change: mean, sd_change: sd }, score: 1 }
                : null,
          context,
        ),
      ];
    }
    case 'mean_se': {
      const { mean } = statistic.values;
      return [
        ...characteristicFields(statistic, form, context),
        ...perCell(
          statistic,
          form,
          arms,
          (o) => (o.dataType === 'continuous' || o.dataType === 'mean' ? { values: { mean }, score: 2 } : null),
          context,
        ),
      ];
    }
    case 'median_iqr':
    case 'median_range':
      return characteristicFields(statistic, form, context);
    case 'count': {
      const { events, total, n } = statistic.values;
      const hasEvents = events !== undefined;
      const targets = perCell(
        statistic,
        form,
        arms,
        (o) => {
          if (o.dataType === 'dichotomous' || o.dataType === 'proportion') {
            // "9 of 10" is events and total: the cells that take both come first
            if (hasEvents) return { values: { events, total }, score: total !== undefined ? 4 : 3 };
            if (n !== undefined) return { values: { total: n }, score: 2 };
            return null;
          }
          if (
            (o.dataType === 'continuous' || o.dataType === 'mean' || o.dataType === 'change') &&
            (n ?? total) !== undefined
          ) {
            return { values: { n: n ?? total }, score: hasEvents ? 0 : 2 };
          }
          return null;
        },
        context,
      );
      const size = n ?? total;
      if (size !== undefined) targets.push(...sizeFields(form, size, hasEvents, context));
      return targets;
    }
    case 'ratio_ci':
    case 'estimate_ci': {
      const { estimate, lower, upper } = statistic.values;
      return perCell(
        statistic,
        form,
        arms,
        (o) => (o.dataType === 'effect_estimate' ? { values: { estimate, lower, upper }, score: 2 } : null),
        context,
      );
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
        const unit = unitFit(statistic, outcome);
        const named = namesOutcome(outcome.name, context) ? 1 : 0;
        for (const arm of arms) {
          targets.push({
            label: `${outcome.name}, ${first.label} → ${second.label}, ${arm.label}: ${describe(side(before))}`,
            writes: [
              ...cellWrites(outcome, first.id, arm.id, side(before)),
              ...cellWrites(outcome, second.id, arm.id, side(after)),
            ],
            score: 2 + unit.score + named,
            ...(unit.contradiction ? { contradiction: unit.contradiction } : {}),
          });
        }
      }
      return targets;
    }
    default:
      return [];
  }
}

/**
 * The targets for one statistic, best fit first: a target whose unit or measure contradicts the
 * reading comes after every other and says so; otherwise by type and unit fit, then whether the text
 * names the outcome or field, then in form order. `context` is the text around the statistic (its
 * sentence: "Intravenous inotropic therapy was discontinued in 9 of 10 patients"); `values` the study's
 * values as entered (a percentage is offered as events of the totals among them).
 */
export function mappingTargets(
  statistic: Statistic,
  form: ExtractionForm,
  arms: Arm[],
  context: string = statistic.text,
  values: readonly ExtractedValue[] = [],
): MappingTarget[] {
  return rank(targetsOf(statistic, form, arms, context, totalsOf(values)).map((target) => ({ statistic, target }))).map(
    ({ target }) => target,
  );
}

export interface MappingOption {
  statistic: Statistic;
  target: MappingTarget;
}

function rank(options: MappingOption[]): MappingOption[] {
  return options
    .map((option, index) => ({ option, index }))
    .sort(
      (a, b) =>
        Number(a.option.target.contradiction !== undefined) - Number(b.option.target.contradiction !== undefined) ||
        b.option.target.score - a.option.target.score ||
        a.index - b.index,
    )
    .map(({ option }) => option);
}

/**
 * Every target of every statistic read in a selection, best fit first across them (the reading in
 * text order breaks ties), contradicting targets last. `values` are the study's values as entered.
 */
export function mappingOptions(
  statistics: readonly Statistic[],
  form: ExtractionForm,
  arms: Arm[],
  context: string,
  values: readonly ExtractedValue[] = [],
): MappingOption[] {
  const totals = totalsOf(values);
  return rank(
    statistics.flatMap((statistic) =>
      targetsOf(statistic, form, arms, context, totals).map((target) => ({ statistic, target })),
    ),
  );
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

/**
 * A number as the text wrote it: 32 from "from 18 ± 5% to 32.0 ± 8%" is "32.0", so a value keeps
 * the precision reported. Falls back to the number itself when the text has no such number.
 */
export function writtenNumber(value: number, text: string): string {
  for (const match of text.matchAll(/[-−]?\d[\d,]*(?:[.·]\d+)?/g)) {
    const token = match[0].replace('−', '-').replace('·', '.');
    const plain = token.replace(/,(?=\d{3}(?!\d))/g, '');
    if (Number(plain) === value) return token;
  }
  return String(value);
}
