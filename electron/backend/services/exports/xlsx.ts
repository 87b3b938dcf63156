// The extraction sheet as an Excel workbook (exceljs, streamed to disk sheet by sheet so memory does
// not grow with the review): "Studies" (one row per study and layer: citation, each reviewer's status,
// the study-level fields), one sheet per outcome (rows study × timepoint × arm, a column per component
// with the unit in its header), "Sources" (every value: cell, value, how it was obtained, raw text,
// document and page, conversion method and inputs) and, where two reviewers extracted and the asking
// reviewer may compare them, "Disagreements" and "Agreement". Numbers are written as numbers; header
// rows are frozen. Layer: electron/backend.
import ExcelJS from 'exceljs';
import type Database from 'better-sqlite3';
import type { CellValue, ExtractionForm, OutcomeDefinition, ValueTarget } from '../../../../shared/model/extraction';
import { COMPONENT_LABELS, describeTarget } from '../../../../shared/extraction/rules';
import { listReviewers } from '../../db/repositories/reviewers';
import { readReconcileSettings, studyPairs, type StudyPair } from '../../db/repositories/reconciliation';
import type { RequestContext } from '../../context';
import { agreementOver, compareStudy } from '../reconciliation';
import { comparableStudies } from './access';
import { checkCancelled, yielder } from './atomic';
import {
  cellText,
  citationOf,
  completeFilter,
  exportForm,
  layerValues,
  listExportStudies,
  resolveLayers,
  type ExportLayer,
  type ExportStudy,
  type ExportValue,
} from './data';
import type { ExportFormat, ExportOptions, ExportResult } from './types';

type Cell = string | number | null;

interface Column {
  header: string;
  width: number;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique (case-insensitive). */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, 31)
      .trimEnd() || 'Outcome';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - ` (${i})`.length).trimEnd()} (${i})`;
  taken.add(name.toLowerCase());
  return name;
}

/** A value as a cell: numbers stay numbers; "Not reported" for a not-reported decision. */
function valueCell(v: Pick<ExportValue, 'state' | 'value'> | null | undefined): Cell {
  if (!v) return null;
  if (v.state === 'not_reported') return 'Not reported';
  if (typeof v.value === 'number' && Number.isFinite(v.value)) return v.value;
  return cellText(v.value as CellValue) || null;
}

/** Excel holds at most 32,767 characters in a cell; a longer text is cut there (marked with …). */
const MAX_CELL_CHARS = 32_767;

/** The names of the workbook's own sheets: an outcome of the same name gets "(2)". */
const OWN_SHEETS = ['Studies', 'Sources', 'Disagreements', 'Agreement'];

class SheetWriter {
  rows = 0;
  private readonly sheet: ExcelJS.Worksheet;
  constructor(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[]) {
    this.sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    // Without styles (they cost a third of the time of a large workbook): the frozen header row and
    // the column widths are the sheet's own settings.
    this.sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    this.sheet.getRow(1).commit();
  }
  add(values: Cell[]): void {
    this.sheet
      .addRow(
        values.map((v) =>
          v === null
            ? undefined
            : typeof v === 'string' && v.length > MAX_CELL_CHARS
              ? `${v.slice(0, MAX_CELL_CHARS - 1)}…`
              : v,
        ),
      )
      .commit();
    this.rows++;
  }
  commit(): void {
    this.sheet.commit();
  }
}

const col = (header: string, width = Math.max(10, Math.min(40, header.length + 2))): Column => ({ header, width });

/** "Mean (ms)", "Events", "Estimate (HR)". */
function componentHeader(outcome: OutcomeDefinition, component: string): string {
  const label = COMPONENT_LABELS[component] ?? component;
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  const unit =
    (component === 'mean' || component === 'sd' || component === 'mean_change' || component === 'sd_change') &&
    outcome.unit
      ? outcome.unit
      : component === 'estimate' && outcome.measure
        ? outcome.measure
        : null;
  return unit ? `${name} (${unit})` : name;
}

const COMPONENTS_OF: Record<OutcomeDefinition['dataType'], string[]> = {
  dichotomous: ['events', 'total'],
  continuous: ['mean', 'sd', 'n'],
  change: ['mean_change', 'sd_change', 'n'],
  proportion: ['events', 'total'],
  mean: ['mean', 'sd', 'n'],
  effect_estimate: ['estimate', 'lower', 'upper', 'se'],
};

interface Context {
  db: Database.Database;
  form: ExtractionForm;
  layers: ExportLayer[];
  studies: ExportStudy[];
  include: (layer: ExportLayer, study: ExportStudy) => boolean;
  options: ExportOptions;
  /** Progress over every pass through the studies. */
  tick(): void;
  /** Gives way to the event loop now and then. */
  pause(): Promise<void>;
}

/**
 * Calls `each` with every study and layer the export includes, and that layer's values of the study
 * (those whose target key starts with `prefix`: one sheet reads only its own values).
 */
async function forEachStudy(
  c: Context,
  prefix: string,
  each: (study: ExportStudy, layer: ExportLayer, values: ExportValue[]) => void,
): Promise<void> {
  for (const study of c.studies) {
    await c.pause();
    checkCancelled(c.options.signal);
    for (const layer of c.layers)
      if (c.include(layer, study)) each(study, layer, layerValues(c.db, layer, study.id, prefix));
    c.tick();
  }
}

async function writeStudies(wb: ExcelJS.stream.xlsx.WorkbookWriter, c: Context): Promise<number> {
  const reviewers = listReviewers(c.db);
  const fields = c.form.fields;
  const sheet = new SheetWriter(wb, 'Studies', [
    col('Study ID', 38),
    col('Study', 24),
    col('Year', 8),
    col('Layer', 12),
    col('Citation', 60),
    col('First author', 18),
    col('Title', 50),
    col('Journal', 24),
    col('DOI', 24),
    col('PMID', 12),
    ...reviewers.map((r) => col(`Status: ${r.name}`, 16)),
    ...fields.map((f) => col(f.archived ? `${f.label} (removed field)` : f.label, 20)),
  ]);
  await forEachStudy(c, 'field:', (study, layer, values) => {
    const byField = new Map<string, ExportValue>();
    for (const v of values) if (v.target.kind === 'field') byField.set(v.target.fieldId, v);
    sheet.add([
      study.id,
      study.label,
      study.year,
      layer.name,
      citationOf(study),
      study.firstAuthor,
      study.title,
      study.journal,
      study.doi,
      study.pmid,
      ...reviewers.map((r) => study.statuses.get(r.id) ?? 'not_started'),
      ...fields.map((f) => valueCell(byField.get(f.id))),
    ]);
  });
  sheet.commit();
  return sheet.rows;
}

async function writeOutcome(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  c: Context,
  outcome: OutcomeDefinition,
  taken: Set<string>,
): Promise<number> {
  const components = COMPONENTS_OF[outcome.dataType];
  const perArm = outcome.dataType !== 'effect_estimate';
  const sheet = new SheetWriter(wb, sheetName(outcome.archived ? `${outcome.name} (removed)` : outcome.name, taken), [
    col('Study ID', 38),
    col('Study', 24),
    col('Year', 8),
    col('Layer', 12),
    col('Timepoint', 14),
    ...(perArm ? [col('Arm', 16)] : []),
    ...components.map((k) => col(componentHeader(outcome, k), 14)),
  ]);
  const tpIndex = new Map(outcome.timepoints.map((t, i) => [t.id, i]));
  await forEachStudy(c, `outcome:${outcome.id}:`, (study, layer, values) => {
    const cells = new Map<string, Map<string, ExportValue>>();
    for (const v of values) {
      if (v.target.kind !== 'outcome' || v.target.outcomeId !== outcome.id) continue;
      const key = `${v.target.timepointId}\u0000${v.target.armId ?? ''}`;
      let m = cells.get(key);
      if (!m) cells.set(key, (m = new Map()));
      m.set(v.target.component, v);
    }
    const armIndex = new Map(study.arms.map((a, i) => [a.id, i]));
    const keys = [...cells.keys()].map((key) => {
      const [tp, arm] = key.split('\u0000') as [string, string];
      return { key, tp, arm, sort: [tpIndex.get(tp) ?? 1e6, arm ? (armIndex.get(arm) ?? 1e6) : -1] };
    });
    keys.sort((x, y) => x.sort[0]! - y.sort[0]! || x.sort[1]! - y.sort[1]!);
    for (const { key, tp, arm } of keys) {
      const m = cells.get(key)!;
      const armRow = study.arms.find((a) => a.id === arm);
      sheet.add([
        study.id,
        study.label,
        study.year,
        layer.name,
        outcome.timepoints.find((t) => t.id === tp)?.label ?? '(removed timepoint)',
        ...(perArm ? [arm ? `${armRow?.label ?? arm}${armRow?.removed ? ' (removed arm)' : ''}` : null] : []),
        ...components.map((k) => valueCell(m.get(k))),
      ]);
    }
  });
  sheet.commit();
  return sheet.rows;
}

function describe(form: ExtractionForm, study: ExportStudy, target: ValueTarget): string {
  return describeTarget(
    form,
    study.arms.map((a) => ({ id: a.id, studyId: study.id, label: a.label })),
    target,
    { component: true },
  );
}

async function writeSources(wb: ExcelJS.stream.xlsx.WorkbookWriter, c: Context): Promise<number> {
  const sheet = new SheetWriter(wb, 'Sources', [
    col('Study ID', 38),
    col('Study', 24),
    col('Layer', 12),
    col('Cell', 40),
    col('Value', 14),
    col('How obtained', 14),
    col('Raw text', 40),
    col('Document', 30),
    col('Page', 8),
    col('Conversion method', 24),
    col('Conversion inputs', 40),
    col('Decision', 12),
    col('Value ID', 38),
  ]);
  await forEachStudy(c, '', (study, layer, values) => {
    for (const v of values) {
      const document = v.document
        ? v.document.kind === 'abstract'
          ? 'Abstract'
          : (v.document.fileName ?? `PDF ${v.document.sha256.slice(0, 12)}`)
        : null;
      sheet.add([
        study.id,
        study.label,
        layer.name,
        describe(c.form, study, v.target),
        valueCell(v),
        v.state === 'not_reported' ? 'not reported' : v.origin,
        v.rawText,
        document,
        v.page,
        v.conversion ? `${v.conversion.method}${v.conversion.source ? ` from ${v.conversion.source}` : ''}` : null,
        v.conversion ? JSON.stringify(v.conversion.inputs) : null,
        v.decision,
        v.id,
      ]);
    }
  });
  sheet.commit();
  return sheet.rows;
}

const sideCell = (side: { state: 'value' | 'not_reported'; value: CellValue } | null) =>
  side ? valueCell(side) : null;

async function writeReconciliation(wb: ExcelJS.stream.xlsx.WorkbookWriter, c: Context): Promise<number> {
  const settings = readReconcileSettings(c.db);
  const visible = comparableStudies(c.db, c.options.viewer);
  const included = new Set(c.studies.map((s) => s.id));
  const ready = [...studyPairs(c.db, settings)].filter(
    ([id, p]) => p.ready && included.has(id) && (visible === null || visible.has(id)),
  ) as [string, StudyPair][];
  if (ready.length === 0) return 0;
  const names = new Map(listReviewers(c.db).map((r) => [r.id, r.name]));
  const labels = new Map(c.studies.map((s) => [s.id, s.label]));
  const sheet = new SheetWriter(wb, 'Disagreements', [
    col('Study ID', 38),
    col('Study', 24),
    col('Cell', 40),
    col('State', 12),
    col('Reviewer A', 14),
    col('Value A', 14),
    col('Reviewer B', 14),
    col('Value B', 14),
    col('Consensus', 14),
    col('Decision', 12),
    col('Note', 30),
  ]);
  for (const [studyId, p] of ready) {
    await c.pause();
    checkCancelled(c.options.signal);
    const compared = compareStudy(c.db, studyId, p.pair!, settings);
    for (const cell of compared.cells) {
      if (cell.state === 'agree' || cell.state === 'both_not_reported') continue;
      sheet.add([
        studyId,
        labels.get(studyId) ?? studyId,
        cell.label,
        cell.reopened ? 'reopened' : cell.state,
        names.get(p.pair![0]) ?? p.pair![0],
        sideCell(cell.a),
        names.get(p.pair![1]) ?? p.pair![1],
        sideCell(cell.b),
        cell.consensus ? sideCell(cell.consensus) : null,
        cell.consensus?.decision ?? null,
        cell.consensus?.note ?? null,
      ]);
    }
  }
  sheet.commit();
  const summary = agreementOver(c.db, ready, settings, settings.tolerance);
  const agreement = new SheetWriter(wb, 'Agreement', [
    col('Field or outcome', 30),
    col('Kind', 16),
    col('Cells', 8),
    col('Agree', 8),
    col('Differ', 8),
    col('Only one filled', 10),
    col('Both not reported', 10),
    col('Percent agreement', 12),
    col('Percent within tolerance', 12),
    col('Kappa', 10),
    col('Kappa 95% CI lower', 12),
    col('Kappa 95% CI upper', 12),
  ]);
  const o = summary.agreement.overall;
  agreement.add([
    'Overall',
    summary.reviewers ? summary.reviewers.map((r) => r.name).join(' and ') : '',
    o.cells,
    o.agree,
    o.differ,
    o.onlyOne,
    o.bothNotReported,
    o.percent,
    o.percentWithinTolerance,
    null,
    null,
    null,
  ]);
  for (const f of summary.agreement.fields)
    agreement.add([
      f.field,
      f.kind,
      f.cells,
      f.agree,
      f.differ,
      f.onlyOne,
      f.bothNotReported,
      f.percent,
      f.percentWithinTolerance,
      f.kappa,
      f.kappaLower,
      f.kappaUpper,
    ]);
  agreement.commit();
  return sheet.rows + agreement.rows;
}

async function writeXlsx(ctx: RequestContext, path: string, options: ExportOptions): Promise<ExportResult> {
  const { db, info } = ctx.requireReview();
  const form = exportForm(db);
  const studies = listExportStudies(db);
  const passes = form.outcomes.length + 2;
  let done = 0;
  const c: Context = {
    db,
    form,
    layers: resolveLayers(db, options.layer),
    studies,
    include: completeFilter(db, options.studies),
    options,
    pause: yielder(),
    tick: () => {
      done++;
      if (done === 1 || done % 50 === 0 || done === studies.length * passes)
        options.onProgress?.(done, studies.length * passes);
    },
  };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
  wb.creator = 'Caliper';
  wb.title = info.title;
  const taken = new Set(OWN_SHEETS.map((n) => n.toLowerCase()));
  let rows = 0;
  try {
    rows += await writeStudies(wb, c);
    for (const outcome of form.outcomes) rows += await writeOutcome(wb, c, outcome, taken);
    rows += await writeSources(wb, c);
    rows += await writeReconciliation(wb, c);
    checkCancelled(options.signal);
  } catch (error) {
    // Close the file the writer holds (the caller removes it) before giving up.
    await wb.commit().catch(() => undefined);
    throw error;
  }
  await wb.commit();
  return { rows, unit: 'rows' };
}

export const xlsxFormat: ExportFormat = {
  id: 'xlsx',
  label: 'Extraction sheet (Excel, .xlsx)',
  extension: 'xlsx',
  write: writeXlsx,
};
