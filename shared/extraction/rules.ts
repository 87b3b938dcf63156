// The rules a value must meet to enter its target, in words a reviewer understands: field types
// (number, whole number, date, choices) and the components of outcome-table cells (SD and SE above
// 0, n and totals positive whole numbers, events within 0..total, percentages up to 100, a CI around
// its estimate). Also the conversions a field type change may make, the number grammar every input
// uses, and which measures are ratios. The backend validates with these rules and the form reads and
// labels with them, so the two never disagree. Layer: shared.
import type { Arm, CellValue, ExtractionForm, FormField, OutcomeDefinition, ValueTarget } from '../model/extraction';

export const COMPONENT_LABELS: Record<string, string> = {
  events: 'events',
  total: 'total',
  mean: 'mean',
  sd: 'SD',
  n: 'n',
  mean_change: 'mean change',
  sd_change: 'SD of the change',
  estimate: 'estimate',
  lower: 'CI lower limit',
  upper: 'CI upper limit',
  se: 'SE',
};

/** Measures analysed on the log scale: hazard, odds, risk, incidence-rate, mean and prevalence ratios. */
const RATIO_MEASURES = new Set(['HR', 'OR', 'RR', 'IRR', 'ROM', 'SHR', 'PR', 'RATIO']);

export function isRatioMeasure(measure: string | null): boolean {
  return measure !== null && RATIO_MEASURES.has(measure.trim().toUpperCase());
}

export const YES_NO_UNCLEAR = ['yes', 'no', 'unclear'];

/**
 * How a reviewer names a target: "N randomised", "LVEF, Follow-up, CRT", or with the component
 * "LVEF, Follow-up, CRT, SD" where the component is not said next to it.
 */
export function describeTarget(
  form: ExtractionForm,
  arms: Arm[],
  target: ValueTarget,
  { component = false }: { component?: boolean } = {},
): string {
  if (target.kind === 'field') return form.fields.find((f) => f.id === target.fieldId)?.label ?? 'a removed field';
  const outcome = form.outcomes.find((o) => o.id === target.outcomeId);
  const timepoint =
    outcome?.timepoints.find((t) => t.id === target.timepointId) ??
    outcome?.archivedTimepoints?.find((t) => t.id === target.timepointId);
  const arm = target.armId === null ? null : arms.find((a) => a.id === target.armId);
  return [
    outcome?.name ?? 'a removed outcome',
    timepoint?.label ?? 'a removed timepoint',
    arm?.label,
    component ? (COMPONENT_LABELS[target.component] ?? target.component) : undefined,
  ]
    .filter((s): s is string => typeof s === 'string')
    .join(', ');
}

type Checked = { ok: true; value: CellValue } | { ok: false; reason: string };

const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * The number a reviewer typed, or null: "12", "12.0", "-1.2", "−1.2" (Unicode minus), "1,024"
 * (thousands separators), "1e-3". Anything else is not a number (a decimal comma is refused rather
 * than guessed: "1,5" could be 1.5 or 15).
 */
export function parseNumber(text: string): number | null {
  const normalised = text
    .trim()
    .replace(/\u2212/g, '-')
    .replace(/,(?=\d{3}(?!\d))/g, '');
  if (!NUMBER_TEXT.test(normalised)) return null;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}

/**
 * How a value is stored (its JSON text): a typed number keeps the decimals it was typed with, as a
 * JSON number literal ("32.0" reads back as the number 32, and shows again as "32.0"). Anything
 * else, or text that is not that number, is stored as JSON.stringify gives it.
 */
export function storedJson(value: CellValue, written: string | undefined): string {
  const plain = JSON.stringify(value);
  if (typeof value !== 'number' || written === undefined) return plain;
  const normalised = written
    .trim()
    .replace(/\u2212/g, '-')
    .replace(/,(?=\d{3}(?!\d))/g, '');
  if (!NUMBER_TEXT.test(normalised) || Number(normalised) !== value) return plain;
  const decimals = /\.(\d+)$/.exec(normalised)?.[1]?.length ?? 0;
  if (decimals === 0 || decimals > 15) return plain;
  const literal = value.toFixed(decimals);
  return Number(literal) === value ? literal : plain;
}

/** A stored or typed value as a number, or null when it is not one. */
export function asNumber(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return parseNumber(value);
  return null;
}

function isDate(text: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return false;
  const [, y, m, d] = match;
  if (m === undefined) return true;
  const month = Number(m);
  if (month < 1 || month > 12) return false;
  if (d === undefined) return true;
  const date = new Date(Date.UTC(Number(y), month - 1, Number(d)));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === Number(d);
}

const quote = (value: CellValue): string =>
  typeof value === 'string' ? `"${value.slice(0, 40)}"` : JSON.stringify(value);

/** Checks (and normalises: "12" in a number field becomes 12) a value for a study-level field. */
export function checkFieldValue(field: Pick<FormField, 'type' | 'options'>, value: CellValue): Checked {
  if (value === null) return { ok: false, reason: 'has no value (clear the cell instead)' };
  switch (field.type) {
    case 'text':
    case 'long_text':
      if (typeof value === 'number') return { ok: true, value: String(value) };
      if (typeof value !== 'string') return { ok: false, reason: 'must be text' };
      if (value.trim() === '') return { ok: false, reason: 'is empty (clear the cell instead)' };
      return { ok: true, value };
    case 'number':
    case 'integer': {
      const n = asNumber(value);
      if (n === null) return { ok: false, reason: `${quote(value)} is not a number` };
      if (field.type === 'integer' && !Number.isInteger(n))
        return { ok: false, reason: `must be a whole number (got ${n})` };
      return { ok: true, value: n };
    }
    case 'single_choice':
    case 'yes_no_unclear': {
      const options = field.type === 'yes_no_unclear' ? YES_NO_UNCLEAR : field.options;
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string') return { ok: false, reason: 'takes one choice' };
      const match = options.find((o) => o.toLowerCase() === text.trim().toLowerCase());
      if (match === undefined) return { ok: false, reason: `${quote(text)} is not one of its choices` };
      return { ok: true, value: match };
    }
    case 'multiple_choice': {
      const list = Array.isArray(value) ? value : [String(value)];
      const out: string[] = [];
      for (const item of list) {
        const match = field.options.find((o) => o.toLowerCase() === item.trim().toLowerCase());
        if (match === undefined) return { ok: false, reason: `${quote(item)} is not one of its choices` };
        if (!out.includes(match)) out.push(match);
      }
      if (out.length === 0) return { ok: false, reason: 'has no choice (clear the cell instead)' };
      return { ok: true, value: out };
    }
    case 'date':
      if (typeof value !== 'string' || !isDate(value.trim()))
        return { ok: false, reason: `${quote(value)} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)` };
      return { ok: true, value: value.trim() };
  }
}

/** What a stored value becomes when its field changes type, or why it cannot change. */
export function convertForType(value: CellValue, to: Pick<FormField, 'type' | 'options'>): Checked {
  if (value === null) return { ok: true, value };
  if (Array.isArray(value)) {
    if (to.type === 'multiple_choice') return checkFieldValue(to, value);
    if (value.length > 1) return { ok: false, reason: `a value has ${value.length} choices` };
    if (value.length === 0) return { ok: true, value: to.type === 'text' || to.type === 'long_text' ? '' : null };
    return checkFieldValue(to, value[0]!);
  }
  if (to.type === 'multiple_choice') return checkFieldValue(to, [String(value)]);
  return checkFieldValue(to, value);
}

/** The other components of the same cell, as numbers where they are numbers. */
export type CellComponents = Map<string, number | null>;

/** Checks one component of an outcome-table cell against its own rules and the rest of its cell. */
export function checkComponent(
  outcome: OutcomeDefinition,
  component: string,
  value: CellValue,
  cell: CellComponents,
): Checked {
  const name = COMPONENT_LABELS[component] ?? component;
  const n = asNumber(value);
  if (n === null) return { ok: false, reason: `${name} ${quote(value)} is not a number` };
  const percent = outcome.unit?.trim() === '%';
  switch (component) {
    case 'sd':
    case 'sd_change':
    case 'se':
      if (!(n > 0)) return { ok: false, reason: `${name} must be above 0` };
      break;
    case 'n':
    case 'total':
      if (!Number.isInteger(n) || n < 1) return { ok: false, reason: `${name} must be a whole number above 0` };
      break;
    case 'events':
      if (!Number.isInteger(n) || n < 0) return { ok: false, reason: `${name} must be a whole number, 0 or more` };
      break;
    case 'mean':
      if (percent && (n < 0 || n > 100)) return { ok: false, reason: `${name} is a percentage: 0 to 100` };
      break;
    case 'mean_change':
      if (percent && Math.abs(n) > 100) return { ok: false, reason: `${name} is a percentage: -100 to 100` };
      break;
    case 'estimate':
    case 'lower':
    case 'upper':
      if (isRatioMeasure(outcome.measure) && !(n > 0))
        return { ok: false, reason: `${name} of a ${outcome.measure} must be above 0` };
      break;
  }
  if (percent && (component === 'sd' || component === 'sd_change') && n > 100)
    return { ok: false, reason: `${name} is a percentage: at most 100` };
  const events = component === 'events' ? n : cell.get('events');
  const total = component === 'total' ? n : cell.get('total');
  if (events != null && total != null && events > total)
    return { ok: false, reason: `events (${events}) are more than the total (${total})` };
  const estimate = component === 'estimate' ? n : cell.get('estimate');
  const lower = component === 'lower' ? n : cell.get('lower');
  const upper = component === 'upper' ? n : cell.get('upper');
  if (lower != null && upper != null && lower > upper)
    return { ok: false, reason: `the CI lower limit (${lower}) is above the upper limit (${upper})` };
  if (estimate != null && lower != null && lower > estimate)
    return { ok: false, reason: `the CI lower limit (${lower}) is above the estimate (${estimate})` };
  if (estimate != null && upper != null && estimate > upper)
    return { ok: false, reason: `the estimate (${estimate}) is above the CI upper limit (${upper})` };
  return { ok: true, value: n };
}
