// Study rows of an analysis, derived from the outcome table's cell values each time the analysis runs:
// which arms' cells feed which of metafor's arguments (ai, n1i, m1i, xi, ...), the ids of the values
// used (for provenance), which of them were converted, and, for a row that cannot enter, the reason.
// No row is dropped silently. Layer: shared (pure TypeScript).
import type { CellValue, ExtractedValue, OutcomeDefinition } from '../model/extraction';
import type { StudyData } from '../stats/effectSizes';
import { isRatioEstimate, type Analysis } from './model';

/** The parts of a stored value an analysis reads. */
export type AnalysisValue = Pick<
  ExtractedValue,
  'id' | 'studyId' | 'target' | 'state' | 'value' | 'origin' | 'provenance' | 'conversion'
>;

export interface AnalysisStudy {
  id: string;
  label: string;
  year: number | null;
  /** The study's arms in their order. */
  arms: { id: string; label: string }[];
  /** The study's values of the analysed outcome (every timepoint) and of the subgroup field. */
  values: AnalysisValue[];
}

/** A value behind a row: what it is, the number, and where it came from. */
export interface RowSource {
  valueId: string;
  /** "CRT events", "ICD SD at baseline" */
  what: string;
  value: number;
  origin: AnalysisValue['origin'];
  highlightId: string | null;
  rawText: string | null;
  conversion: string | null;
}

/** One group's cell as the plot's data columns show it. */
export type CellNumbers = Record<string, number | null>;

export interface StudyRow {
  studyId: string;
  label: string;
  year: number | null;
  subgroup: string | null;
  /** metafor's arguments for the measure. */
  data: StudyData;
  /** The cells used, by role: intervention and comparator, or group (and baseline for change). */
  cells: {
    role: 'intervention' | 'comparator' | 'group' | 'baseline' | 'estimate';
    arm: string | null;
    numbers: CellNumbers;
  }[];
  /** Every value the row was built from. */
  valueIds: string[];
  /** The same values as the row's panel lists them, with the highlight each came from. */
  sources: RowSource[];
  /** Converted values in the row: "CRT SD: SD from SE". */
  converted: string[];
  /** Why the row cannot enter the analysis; null when it enters. */
  excluded: string | null;
}

const COMPONENT_LABELS: Record<string, string> = {
  events: 'events',
  total: 'total',
  mean: 'mean',
  sd: 'SD',
  n: 'N',
  mean_change: 'mean change',
  sd_change: 'SD of change',
  estimate: 'estimate',
  lower: 'lower CI limit',
  upper: 'upper CI limit',
  se: 'SE',
};

const numberOf = (v: CellValue): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

class CellReader {
  readonly valueIds: string[] = [];
  readonly sources: RowSource[] = [];
  readonly converted: string[] = [];
  problem: string | null = null;

  constructor(
    private readonly byKey: Map<string, AnalysisValue>,
    private readonly outcomeId: string,
  ) {}

  /** The number in one cell component; records the problem (first one wins) when it is missing. */
  read(
    timepointId: string,
    armId: string | null,
    armLabel: string | null,
    component: string,
    required = true,
  ): number | null {
    const key = `outcome:${this.outcomeId}:${timepointId}:${armId ?? '-'}:${component}`;
    const value = this.byKey.get(key);
    const where = armLabel ? ` for ${armLabel}` : '';
    const name = COMPONENT_LABELS[component] ?? component;
    if (!value) {
      if (required) this.problem ??= `${name} missing${where}`;
      return null;
    }
    if (value.state === 'not_reported') {
      if (required) this.problem ??= `${name} not reported${where}`;
      return null;
    }
    const n = numberOf(value.value);
    if (n === null) {
      if (required) this.problem ??= `${name} is not a number${where}`;
      return null;
    }
    this.valueIds.push(value.id);
    this.sources.push({
      valueId: value.id,
      what: `${armLabel ? `${armLabel} ` : ''}${name}`,
      value: n,
      origin: value.origin,
      highlightId: value.provenance?.highlightId ?? null,
      rawText: value.provenance?.rawText ?? null,
      conversion: value.conversion
        ? `${value.conversion.method}${value.conversion.source ? ` from ${value.conversion.source}` : ''}`
        : null,
    });
    if (value.origin === 'converted')
      this.converted.push(`${armLabel ? `${armLabel} ` : ''}${name}: ${value.conversion?.method ?? 'converted'}`);
    return n;
  }
}

function armByName(study: AnalysisStudy, name: string | null): { id: string; label: string } | null {
  if (name === null) return study.arms[0] ?? null;
  const wanted = name.trim().toLowerCase();
  return study.arms.find((a) => a.label.trim().toLowerCase() === wanted) ?? null;
}

function checkCount(events: number | null, total: number | null, arm: string): string | null {
  if (events === null || total === null) return null;
  if (!Number.isInteger(events) || !Number.isInteger(total)) return `events and total must be whole numbers for ${arm}`;
  if (total <= 0) return `zero total for ${arm}`;
  if (events < 0 || events > total) return `events (${events}) outside 0 to the total (${total}) for ${arm}`;
  return null;
}

function checkMeanSd(sd: number | null, n: number | null, arm: string): string | null {
  if (n !== null && !(n > 0)) return `N is ${n} for ${arm}`;
  if (sd !== null && !(sd > 0)) return `SD is ${sd} for ${arm}: a study needs a positive SD`;
  return null;
}

/** The subgroup of a study: the value of the study-level choice field, "Not reported" when empty. */
function subgroupOf(study: AnalysisStudy, fieldId: string | null): string | null {
  if (!fieldId) return null;
  const v = study.values.find((x) => x.target.kind === 'field' && x.target.fieldId === fieldId);
  if (!v || v.state !== 'value' || v.value === null || v.value === '') return 'Not reported';
  return Array.isArray(v.value) ? v.value.join(', ') || 'Not reported' : String(v.value);
}

/** Builds one study's row for an analysis of `outcome`. */
export function studyRow(analysis: Analysis, outcome: OutcomeDefinition, study: AnalysisStudy): StudyRow {
  const byKey = new Map<string, AnalysisValue>();
  for (const v of study.values) {
    if (v.target.kind !== 'outcome') continue;
    const t = v.target;
    byKey.set(`outcome:${t.outcomeId}:${t.timepointId}:${t.armId ?? '-'}:${t.component}`, v);
  }
  const r = new CellReader(byKey, outcome.id);
  const tp = analysis.timepointId;
  const data: StudyData = {};
  const cells: StudyRow['cells'] = [];
  const c = analysis.comparison;
  const isCount = outcome.dataType === 'dichotomous' || outcome.dataType === 'proportion';
  const isChange = outcome.dataType === 'change';
  const meanKey = isChange ? 'mean_change' : 'mean';
  const sdKey = isChange ? 'sd_change' : 'sd';
  let problem: string | null = null;

  if (c.kind === 'estimate') {
    const estimate = r.read(tp, null, null, 'estimate');
    const lower = r.read(tp, null, null, 'lower', false);
    const upper = r.read(tp, null, null, 'upper', false);
    const se = r.read(tp, null, null, 'se', false);
    cells.push({ role: 'estimate', arm: null, numbers: { estimate, lower, upper, se } });
    if (estimate !== null) {
      data.yi = estimate;
      data.scale = isRatioEstimate(outcome.measure) ? 'log' : 'identity';
      if (lower !== null && upper !== null) {
        data.ci_lb = lower;
        data.ci_ub = upper;
      } else if (se !== null) data.sei = se;
      else r.problem ??= 'neither a confidence interval nor an SE';
    }
  } else if (c.kind === 'arms') {
    const arm1 = armByName(study, c.intervention);
    const arm2 = armByName(study, c.comparator);
    if (!arm1 || !arm2) {
      problem = `no arm named "${!arm1 ? c.intervention : c.comparator}"`;
    } else if (isCount) {
      const ai = r.read(tp, arm1.id, arm1.label, 'events');
      const n1i = r.read(tp, arm1.id, arm1.label, 'total');
      const ci = r.read(tp, arm2.id, arm2.label, 'events');
      const n2i = r.read(tp, arm2.id, arm2.label, 'total');
      cells.push({ role: 'intervention', arm: arm1.label, numbers: { events: ai, total: n1i } });
      cells.push({ role: 'comparator', arm: arm2.label, numbers: { events: ci, total: n2i } });
      Object.assign(data, { ai, n1i, ci, n2i });
      problem = checkCount(ai, n1i, arm1.label) ?? checkCount(ci, n2i, arm2.label);
      const ratio = analysis.measure !== 'RD';
      if (!problem && ratio && analysis.settings.doubleZero.drop00 && ai !== null && ci !== null) {
        if (ai === 0 && ci === 0) problem = 'no events in either group (double zero: left out under Cochrane’s rule)';
        else if (ai === n1i && ci === n2i)
          problem = 'all participants had the event in both groups (left out under Cochrane’s rule)';
      }
    } else {
      const m1i = r.read(tp, arm1.id, arm1.label, meanKey);
      const sd1i = r.read(tp, arm1.id, arm1.label, sdKey);
      const n1i = r.read(tp, arm1.id, arm1.label, 'n');
      const m2i = r.read(tp, arm2.id, arm2.label, meanKey);
      const sd2i = r.read(tp, arm2.id, arm2.label, sdKey);
      const n2i = r.read(tp, arm2.id, arm2.label, 'n');
      cells.push({ role: 'intervention', arm: arm1.label, numbers: { mean: m1i, sd: sd1i, n: n1i } });
      cells.push({ role: 'comparator', arm: arm2.label, numbers: { mean: m2i, sd: sd2i, n: n2i } });
      Object.assign(data, { m1i, sd1i, n1i, m2i, sd2i, n2i });
      problem = checkMeanSd(sd1i, n1i, arm1.label) ?? checkMeanSd(sd2i, n2i, arm2.label);
    }
  } else {
    const arm = armByName(study, c.arm);
    if (!arm) problem = c.arm === null ? 'the study has no arm' : `no arm named "${c.arm}"`;
    else if (c.kind === 'group' && isCount) {
      const xi = r.read(tp, arm.id, arm.label, 'events');
      const ni = r.read(tp, arm.id, arm.label, 'total');
      cells.push({ role: 'group', arm: arm.label, numbers: { events: xi, total: ni } });
      Object.assign(data, { xi, ni });
      problem = checkCount(xi, ni, arm.label);
    } else if (c.kind === 'group') {
      const mi = r.read(tp, arm.id, arm.label, meanKey);
      const sdi = r.read(tp, arm.id, arm.label, sdKey);
      const ni = r.read(tp, arm.id, arm.label, 'n');
      cells.push({ role: 'group', arm: arm.label, numbers: { mean: mi, sd: sdi, n: ni } });
      Object.assign(data, { mi, sdi, ni });
      problem = checkMeanSd(sdi, ni, arm.label);
    } else {
      // Before and after in one group: follow-up (m1i) minus baseline (m2i), metafor's measure "MC"; for
      // "SMCR" the change is standardised by the SD at baseline, which metafor reads as sd1i.
      const m1i = r.read(tp, arm.id, arm.label, 'mean');
      const smcr = analysis.measure === 'SMCR';
      const sd1i = r.read(tp, arm.id, arm.label, 'sd', !smcr);
      const n1 = r.read(tp, arm.id, arm.label, 'n');
      const m2i = r.read(c.baselineTimepointId, arm.id, `${arm.label} at baseline`, 'mean');
      const sd2i = r.read(c.baselineTimepointId, arm.id, `${arm.label} at baseline`, 'sd');
      const n2 = r.read(c.baselineTimepointId, arm.id, `${arm.label} at baseline`, 'n', false);
      cells.push({ role: 'group', arm: arm.label, numbers: { mean: m1i, sd: sd1i, n: n1 } });
      cells.push({ role: 'baseline', arm: arm.label, numbers: { mean: m2i, sd: sd2i, n: n2 } });
      Object.assign(
        data,
        smcr
          ? { m1i, m2i, sd1i: sd2i, ni: n1, ri: c.correlation }
          : { m1i, sd1i, m2i, sd2i, ni: n1, ri: c.correlation },
      );
      problem = smcr
        ? checkMeanSd(sd2i, n1, `${arm.label} at baseline`)
        : (checkMeanSd(sd1i, n1, arm.label) ?? checkMeanSd(sd2i, null, `${arm.label} at baseline`));
    }
  }
  for (const key of Object.keys(data) as (keyof StudyData)[]) if (data[key] === null) delete data[key];
  const hasAny = r.valueIds.length > 0;
  const excluded = r.problem ? (hasAny ? r.problem : 'no data for this outcome and timepoint') : problem;
  return {
    studyId: study.id,
    label: study.label,
    year: study.year,
    subgroup: subgroupOf(study, analysis.settings.subgroupFieldId),
    data,
    cells,
    valueIds: r.valueIds,
    sources: r.sources,
    converted: r.converted,
    excluded,
  };
}
