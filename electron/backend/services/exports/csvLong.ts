// The long CSV, ready for metafor: one row per study × outcome × timepoint × arm (and per layer), with
// the cell's numbers in metafor's terms (n, events, mean, sd; estimate and CI for effect estimates),
// how the values were obtained and the text and page they came from. Layer: electron/backend.
import type Database from 'better-sqlite3';
import { listAnalyses } from '../../db/repositories/analyses';
import type { RequestContext } from '../../context';
import { checkCancelled, yielder } from './atomic';
import { writeCsv, type CsvCell } from './csvOut';
import {
  cellText,
  completeFilter,
  exportForm,
  layerValues,
  listExportStudies,
  resolveLayers,
  type ExportValue,
} from './data';
import type { ExportFormat, ExportOptions, ExportResult } from './types';

export const LONG_COLUMNS = [
  'study_id',
  'study_label',
  'year',
  'outcome',
  'data_type',
  'unit',
  'timepoint',
  'arm',
  'arm_role',
  'n',
  'events',
  'mean',
  'sd',
  'estimate',
  'ci_lower',
  'ci_upper',
  'measure',
  'layer',
  'origin',
  'source_page',
  'source_text',
] as const;

/** Which column each component fills. */
const COLUMN_OF: Record<string, (typeof LONG_COLUMNS)[number]> = {
  events: 'events',
  total: 'n',
  n: 'n',
  mean: 'mean',
  sd: 'sd',
  mean_change: 'mean',
  sd_change: 'sd',
  estimate: 'estimate',
  lower: 'ci_lower',
  upper: 'ci_upper',
};

/**
 * Each arm's role, from the review's analyses comparing arms by name: per outcome, else from any
 * analysis (arms are named the same across studies); one-group outcomes give "group".
 */
export function armRoles(db: Database.Database): (outcomeId: string, armLabel: string) => string {
  const byOutcome = new Map<string, Map<string, string>>();
  const any = new Map<string, string>();
  for (const a of listAnalyses(db)) {
    if (a.comparison.kind !== 'arms') continue;
    let m = byOutcome.get(a.outcomeId);
    if (!m) byOutcome.set(a.outcomeId, (m = new Map()));
    const pairs: [string, string][] = [
      [a.comparison.intervention, 'intervention'],
      [a.comparison.comparator, 'comparator'],
    ];
    for (const [label, role] of pairs) {
      const key = label.trim().toLowerCase();
      if (!m.has(key)) m.set(key, role);
      if (!any.has(key)) any.set(key, role);
    }
  }
  return (outcomeId, armLabel) => {
    const key = armLabel.trim().toLowerCase();
    return byOutcome.get(outcomeId)?.get(key) ?? any.get(key) ?? '';
  };
}

const unique = <T>(items: T[]) => [...new Set(items)];

/** How the values of one row were obtained: "mapped", "mapped; converted", "not reported". */
export function originOf(values: ExportValue[]): string {
  return unique(values.map((v) => (v.state === 'not_reported' ? 'not reported' : v.origin))).join('; ');
}

async function writeLong(ctx: RequestContext, path: string, options: ExportOptions): Promise<ExportResult> {
  const { db } = ctx.requireReview();
  const form = exportForm(db);
  const layers = resolveLayers(db, options.layer);
  const studies = listExportStudies(db);
  const include = completeFilter(db, options.studies);
  const role = armRoles(db);
  const outcomes = new Map(form.outcomes.map((o, i) => [o.id, { outcome: o, index: i }]));
  return writeCsv(path, LONG_COLUMNS, options, async (out) => {
    let done = 0;
    const pause = yielder();
    for (const study of studies) {
      await pause();
      checkCancelled(options.signal);
      const armIndex = new Map(study.arms.map((a, i) => [a.id, i]));
      for (const layer of layers) {
        if (!include(layer, study)) continue;
        // Group the layer's outcome values by cell (outcome, timepoint, arm), in the form's order.
        const cells = new Map<string, ExportValue[]>();
        for (const v of layerValues(db, layer, study.id)) {
          if (v.target.kind !== 'outcome' || !outcomes.has(v.target.outcomeId)) continue;
          const key = `${v.target.outcomeId}\u0000${v.target.timepointId}\u0000${v.target.armId ?? ''}`;
          const list = cells.get(key);
          if (list) list.push(v);
          else cells.set(key, [v]);
        }
        const sorted = [...cells.values()].map((values) => {
          const t = values[0]!.target as Extract<ExportValue['target'], { kind: 'outcome' }>;
          const { outcome, index } = outcomes.get(t.outcomeId)!;
          const tp = outcome.timepoints.findIndex((x) => x.id === t.timepointId);
          return {
            values,
            t,
            outcome,
            sort: [index, tp < 0 ? 1e6 : tp, t.armId ? (armIndex.get(t.armId) ?? 1e6) : -1],
          };
        });
        sorted.sort((x, y) => x.sort[0]! - y.sort[0]! || x.sort[1]! - y.sort[1]! || x.sort[2]! - y.sort[2]!);
        for (const { values, t, outcome } of sorted) {
          const record: Record<string, CsvCell> = {
            study_id: study.id,
            study_label: study.label,
            year: study.year,
            outcome: outcome.name,
            data_type: outcome.dataType,
            unit: outcome.unit ?? '',
            timepoint: outcome.timepoints.find((x) => x.id === t.timepointId)?.label ?? t.timepointId,
            measure: outcome.measure ?? '',
            layer: layer.name,
          };
          if (t.armId) {
            const arm = study.arms.find((a) => a.id === t.armId);
            record.arm = arm?.label ?? t.armId;
            record.arm_role =
              outcome.dataType === 'proportion' || outcome.dataType === 'mean'
                ? 'group'
                : arm
                  ? role(outcome.id, arm.label)
                  : '';
          }
          for (const v of values) {
            const column = COLUMN_OF[v.target.kind === 'outcome' ? v.target.component : ''];
            if (!column || v.state !== 'value') continue;
            record[column] = typeof v.value === 'number' ? v.value : cellText(v.value);
          }
          record.origin = originOf(values);
          const pages = unique(values.map((v) => v.page).filter((p): p is number => p !== null));
          record.source_page = pages.length === 1 ? pages[0] : pages.join('; ');
          record.source_text = unique(values.map((v) => v.rawText).filter((s): s is string => !!s)).join(' | ');
          await out.row(LONG_COLUMNS.map((c) => record[c]));
        }
      }
      options.onProgress?.(++done, studies.length);
    }
  });
}

export const csvFormat: ExportFormat = {
  id: 'csv',
  label: 'Outcome data, long (CSV for metafor)',
  extension: 'csv',
  write: writeLong,
};
