// The wide CSV: one row per study × comparison, in the columns metafor's escalc() reads directly
// (ai, n1i, ci, n2i for dichotomous data; m1i, sd1i, n1i, m2i, sd2i, n2i for continuous and change
// data; yi and sei for effect estimates, on the log scale for ratios, beside the estimate and CI as
// reported). The comparisons are the review's analyses that compare arms or pool estimates; an outcome
// and timepoint no analysis covers compares each study's first two arms. Layer: electron/backend.
import { isRatioEstimate } from '../../../../shared/analysis/model';
import type { OutcomeDefinition } from '../../../../shared/model/extraction';
import { listAnalyses } from '../../db/repositories/analyses';
import type { RequestContext } from '../../context';
import { checkCancelled, yielder } from './atomic';
import { writeCsv, type CsvCell } from './csvOut';
import {
  completeFilter,
  exportForm,
  layerValues,
  listExportStudies,
  numeric,
  resolveLayers,
  type ExportStudy,
  type ExportValue,
} from './data';
import type { ExportFormat, ExportOptions, ExportResult } from './types';

export const WIDE_COLUMNS = [
  'study_id',
  'study',
  'year',
  'analysis',
  'outcome',
  'data_type',
  'unit',
  'timepoint',
  'experimental',
  'control',
  'layer',
  'ai',
  'n1i',
  'ci',
  'n2i',
  'm1i',
  'sd1i',
  'm2i',
  'sd2i',
  'estimate',
  'ci_lower',
  'ci_upper',
  'se',
  'yi',
  'sei',
  'measure',
] as const;

interface Comparison {
  name: string;
  outcome: OutcomeDefinition;
  timepointId: string;
  /** Arm names (case-insensitive), or null for "the study's first / second arm"; unused for estimates. */
  arms: [string, string] | [null, null] | null;
}

const Z975 = 1.959963984540054;

/** The comparisons the wide CSV has a row for, per study. */
function comparisonsOf(outcomes: OutcomeDefinition[], analyses: ReturnType<typeof listAnalyses>): Comparison[] {
  const out: Comparison[] = [];
  const seen = new Set<string>();
  const covered = new Set<string>();
  for (const a of analyses) {
    const outcome = outcomes.find((o) => o.id === a.outcomeId);
    if (!outcome || (a.comparison.kind !== 'arms' && a.comparison.kind !== 'estimate')) continue;
    const arms: Comparison['arms'] =
      a.comparison.kind === 'arms' ? [a.comparison.intervention, a.comparison.comparator] : null;
    const key = JSON.stringify([a.outcomeId, a.timepointId, arms?.map((x) => x?.toLowerCase())]);
    covered.add(`${a.outcomeId}\u0000${a.timepointId}`);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: a.name, outcome, timepointId: a.timepointId, arms });
  }
  for (const outcome of outcomes) {
    if (outcome.archived || outcome.dataType === 'proportion' || outcome.dataType === 'mean') continue;
    for (const tp of outcome.timepoints) {
      if (covered.has(`${outcome.id}\u0000${tp.id}`)) continue;
      out.push({
        name: '',
        outcome,
        timepointId: tp.id,
        arms: outcome.dataType === 'effect_estimate' ? null : [null, null],
      });
    }
  }
  return out;
}

function armOf(study: ExportStudy, name: string | null, position: number) {
  const live = study.arms.filter((a) => !a.removed);
  if (name === null) return live[position] ?? null;
  const wanted = name.trim().toLowerCase();
  return live.find((a) => a.label.trim().toLowerCase() === wanted) ?? null;
}

async function writeWide(ctx: RequestContext, path: string, options: ExportOptions): Promise<ExportResult> {
  const { db } = ctx.requireReview();
  const form = exportForm(db);
  const layers = resolveLayers(db, options.layer);
  const studies = listExportStudies(db);
  const include = completeFilter(db, options.studies);
  const comparisons = comparisonsOf(form.outcomes, listAnalyses(db));
  return writeCsv(path, WIDE_COLUMNS, options, async (out) => {
    let done = 0;
    const pause = yielder();
    for (const study of studies) {
      await pause();
      checkCancelled(options.signal);
      for (const layer of layers) {
        if (!include(layer, study)) continue;
        const byKey = new Map<string, ExportValue>(layerValues(db, layer, study.id).map((v) => [v.key, v]));
        const num = (outcomeId: string, tp: string, armId: string | null, component: string) => {
          const v = byKey.get(`outcome:${outcomeId}:${tp}:${armId ?? '-'}:${component}`);
          return v && v.state === 'value' ? numeric(v.value) : null;
        };
        for (const c of comparisons) {
          const o = c.outcome;
          const record: Record<string, CsvCell> = {
            study_id: study.id,
            study: study.label,
            year: study.year,
            analysis: c.name,
            outcome: o.name,
            data_type: o.dataType,
            unit: o.unit ?? '',
            timepoint: o.timepoints.find((t) => t.id === c.timepointId)?.label ?? c.timepointId,
            layer: layer.name,
          };
          let any = false;
          const set = (column: string, value: number | null) => {
            if (value === null) return;
            record[column] = value;
            any = true;
          };
          if (c.arms === null) {
            const estimate = num(o.id, c.timepointId, null, 'estimate');
            const lower = num(o.id, c.timepointId, null, 'lower');
            const upper = num(o.id, c.timepointId, null, 'upper');
            const se = num(o.id, c.timepointId, null, 'se');
            set('estimate', estimate);
            set('ci_lower', lower);
            set('ci_upper', upper);
            set('se', se);
            record.measure = o.measure ?? '';
            const log = isRatioEstimate(o.measure);
            const tr = (x: number) => (log ? Math.log(x) : x);
            const ok = (x: number | null) => x !== null && (!log || x > 0);
            if (ok(estimate)) record.yi = tr(estimate!);
            if (ok(lower) && ok(upper)) record.sei = (tr(upper!) - tr(lower!)) / (2 * Z975);
            else if (se !== null && !log) record.sei = se;
          } else {
            const e = armOf(study, c.arms[0], 0);
            const k = armOf(study, c.arms[1], 1);
            if (!e || !k || e.id === k.id) continue;
            record.experimental = e.label;
            record.control = k.label;
            if (o.dataType === 'dichotomous') {
              set('ai', num(o.id, c.timepointId, e.id, 'events'));
              set('n1i', num(o.id, c.timepointId, e.id, 'total'));
              set('ci', num(o.id, c.timepointId, k.id, 'events'));
              set('n2i', num(o.id, c.timepointId, k.id, 'total'));
            } else {
              const [m, sd] = o.dataType === 'change' ? ['mean_change', 'sd_change'] : ['mean', 'sd'];
              set('m1i', num(o.id, c.timepointId, e.id, m));
              set('sd1i', num(o.id, c.timepointId, e.id, sd));
              set('n1i', num(o.id, c.timepointId, e.id, 'n'));
              set('m2i', num(o.id, c.timepointId, k.id, m));
              set('sd2i', num(o.id, c.timepointId, k.id, sd));
              set('n2i', num(o.id, c.timepointId, k.id, 'n'));
            }
          }
          if (any) await out.row(WIDE_COLUMNS.map((col) => record[col]));
        }
      }
      options.onProgress?.(++done, studies.length);
    }
  });
}

export const csvWideFormat: ExportFormat = {
  id: 'csv-wide',
  label: 'Outcome data, wide (CSV for escalc)',
  extension: 'csv',
  write: writeWide,
};
