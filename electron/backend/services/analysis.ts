// Analyses of the review: stored with their settings, run on the values as they are at the moment
// of the run (the consensus by default, or one reviewer's extraction), and exported as the forest or
// funnel plot (SVG, or PNG at journal widths through resvg), a runnable R script, or JSON.
// Layer: electron/backend.
import type Database from 'better-sqlite3';
import { defaultsFor, measuresFor, methodsFor, type Analysis } from '../../../shared/analysis/model';
import { analysisRScript } from '../../../shared/analysis/rScript';
import { runStudyRows, type AnalysisRun } from '../../../shared/analysis/run';
import type { AnalysisExport, AnalysisListEntry, AnalysisPatch } from '../../../shared/contract/analysis';
import { CaliperError } from '../../../shared/contract/result';
import type { ExtractionForm, OutcomeDefinition } from '../../../shared/model/extraction';
import { forestPlot } from '../../../shared/plots/forest';
import { funnelPlot } from '../../../shared/plots/funnel';
import type { RequestContext } from '../context';
import {
  deleteAnalysis,
  findAnalysis,
  findAnalysisByName,
  insertAnalysis,
  listAnalyses,
  updateAnalysis,
} from '../db/repositories/analyses';
import { writeTransaction } from '../db/repositories/audit';
import { prepared } from '../db/statements';
import { analysisRows } from './analysisRows';
import { requireForm } from './forms';
import { newRowId } from '../db/ids';

function outcomeOf(form: ExtractionForm, outcomeId: string): OutcomeDefinition {
  const outcome = form.outcomes.find((o) => o.id === outcomeId);
  if (!outcome) throw new CaliperError('not_found', `No outcome with id ${outcomeId} in the form.`);
  return outcome;
}

function requireAnalysis(db: Database.Database, id: string): Analysis {
  const analysis = findAnalysis(db, id);
  if (!analysis) throw new CaliperError('not_found', `No analysis with id ${id} in this review.`);
  return analysis;
}

/** Arm names across studies, most common first (the defaults of a new comparison). */
function armNames(db: Database.Database): string[] {
  const rows = prepared(
    db,
    `SELECT label, count(*) AS n, min(position) AS p FROM arms WHERE removed_at IS NULL
     GROUP BY label COLLATE NOCASE ORDER BY n DESC, p, label`,
  ).all() as { label: string }[];
  return rows.map((r) => r.label);
}

/** Checks an analysis against the form and the pooling core; a clear error names what does not fit. */
function checkAnalysis(db: Database.Database, form: ExtractionForm, a: Analysis): void {
  const outcome = outcomeOf(form, a.outcomeId);
  if (!outcome.timepoints.some((t) => t.id === a.timepointId))
    throw new CaliperError('validation', `The outcome "${outcome.name}" has no timepoint with id ${a.timepointId}.`);
  const c = a.comparison;
  if ((c.kind === 'estimate') !== (outcome.dataType === 'effect_estimate'))
    throw new CaliperError(
      'validation',
      c.kind === 'estimate'
        ? `"${outcome.name}" holds ${outcome.dataType} data, not effect estimates.`
        : `"${outcome.name}" holds effect estimates: its comparison is the study's own estimate.`,
    );
  if (c.kind === 'change' && !outcome.timepoints.some((t) => t.id === c.baselineTimepointId))
    throw new CaliperError(
      'validation',
      `The outcome "${outcome.name}" has no baseline timepoint ${c.baselineTimepointId}.`,
    );
  const measures = measuresFor(outcome.dataType, c.kind);
  if (!measures.includes(a.measure))
    throw new CaliperError(
      'validation',
      `Measure ${a.measure} does not fit ${outcome.dataType} data compared as "${c.kind}" (use ${measures.join(', ')}).`,
    );
  if (!methodsFor(a.measure).includes(a.method))
    throw new CaliperError('validation', `Method ${a.method} does not fit measure ${a.measure}.`);
  if (a.layer.kind === 'reviewer' && !prepared(db, 'SELECT 1 FROM reviewers WHERE id = ?').get(a.layer.reviewerId))
    throw new CaliperError('not_found', `No reviewer with id ${a.layer.reviewerId} in this review.`);
  const field = a.settings.subgroupFieldId;
  if (field !== null) {
    const f = form.fields.find((x) => x.id === field);
    if (!f) throw new CaliperError('validation', `No study-level field with id ${field} for subgroups.`);
    if (f.type !== 'single_choice' && f.type !== 'yes_no_unclear' && f.type !== 'multiple_choice')
      throw new CaliperError('validation', `Subgroups need a choice field; "${f.label}" is ${f.type}.`);
  }
  const { lower, upper } = a.settings.axis;
  if (lower !== null && upper !== null && !(lower < upper))
    throw new CaliperError('validation', `The axis lower limit (${lower}) must be below the upper limit (${upper}).`);
  const dup = findAnalysisByName(db, a.name);
  if (dup && dup.id !== a.id) throw new CaliperError('exists', `An analysis named "${a.name}" already exists.`);
}

function applyPatch(base: Analysis, patch: AnalysisPatch, now: string): Analysis {
  return {
    ...base,
    ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
    ...(patch.outcomeId === undefined ? {} : { outcomeId: patch.outcomeId }),
    ...(patch.timepointId === undefined ? {} : { timepointId: patch.timepointId }),
    ...(patch.comparison === undefined ? {} : { comparison: patch.comparison }),
    ...(patch.layer === undefined ? {} : { layer: patch.layer }),
    ...(patch.measure === undefined ? {} : { measure: patch.measure }),
    ...(patch.method === undefined ? {} : { method: patch.method }),
    settings: { ...base.settings, ...(patch.settings ?? {}) } as Analysis['settings'],
    updatedAt: now,
  };
}

function uniqueName(db: Database.Database, wanted: string): string {
  if (!findAnalysisByName(db, wanted)) return wanted;
  for (let i = 2; i < 10_000; i++) if (!findAnalysisByName(db, `${wanted} (${i})`)) return `${wanted} (${i})`;
  throw new CaliperError('exists', `Too many analyses named "${wanted}".`);
}

/** A new analysis with the defaults of its outcome's data type (anything in the request overrides them). */
export function newAnalysis(
  db: Database.Database,
  form: ExtractionForm,
  request: AnalysisPatch & { outcomeId: string },
  now: string,
): Analysis {
  const outcome = outcomeOf(form, request.outcomeId);
  const defaults = defaultsFor(outcome.dataType, armNames(db));
  const timepoint = request.timepointId ?? outcome.timepoints[outcome.timepoints.length - 1]?.id;
  if (!timepoint) throw new CaliperError('validation', `The outcome "${outcome.name}" has no timepoint.`);
  const tpLabel = outcome.timepoints.find((t) => t.id === timepoint)?.label ?? '';
  const base: Analysis = {
    id: newRowId(),
    name: uniqueName(db, request.name ?? `${outcome.name}${outcome.timepoints.length > 1 ? `, ${tpLabel}` : ''}`),
    outcomeId: outcome.id,
    timepointId: timepoint,
    comparison: defaults.comparison,
    layer: { kind: 'consensus' },
    measure: defaults.measure,
    method: defaults.method,
    settings: defaults.settings,
    createdAt: now,
    updatedAt: now,
  };
  const { name: _name, ...rest } = request;
  const analysis = applyPatch(base, rest, now);
  // A comparison given without a measure takes the first measure that fits it.
  if (request.comparison && !request.measure)
    analysis.measure = measuresFor(outcome.dataType, analysis.comparison.kind)[0]!;
  return analysis;
}

export function analysisCreate(ctx: RequestContext, request: AnalysisPatch & { outcomeId: string }): Analysis {
  const review = ctx.requireReview();
  const { db } = review;
  const form = requireForm(db);
  const analysis = writeTransaction(db, review.reviewerId, (audit, now) => {
    const a = newAnalysis(db, form, request, now);
    checkAnalysis(db, form, a);
    insertAnalysis(db, a);
    audit({ entity: 'analysis', entityId: a.id, action: 'create', after: a });
    return a;
  });
  ctx.events.emit('analyses:changed', { analysisIds: [analysis.id], reason: 'created' });
  return analysis;
}

export function analysisList(ctx: RequestContext): AnalysisListEntry[] {
  const review = ctx.requireReview();
  const form = requireForm(review.db);
  return listAnalyses(review.db).map((a) => {
    const outcome = form.outcomes.find((o) => o.id === a.outcomeId);
    return {
      ...a,
      outcomeName: outcome?.name ?? '(removed outcome)',
      timepointLabel: outcome?.timepoints.find((t) => t.id === a.timepointId)?.label ?? '(removed timepoint)',
    };
  });
}

export function analysisGet(ctx: RequestContext, request: { id: string }): Analysis {
  return requireAnalysis(ctx.requireReview().db, request.id);
}

export function analysisUpdate(ctx: RequestContext, request: { id: string; patch: AnalysisPatch }): Analysis {
  const review = ctx.requireReview();
  const { db } = review;
  const form = requireForm(db);
  const analysis = writeTransaction(db, review.reviewerId, (audit, now) => {
    const before = requireAnalysis(db, request.id);
    const after = applyPatch(before, request.patch, now);
    checkAnalysis(db, form, after);
    updateAnalysis(db, after);
    audit({ entity: 'analysis', entityId: after.id, action: 'update', before, after });
    return after;
  });
  ctx.events.emit('analyses:changed', { analysisIds: [analysis.id], reason: 'updated' });
  return analysis;
}

export function analysisDelete(ctx: RequestContext, request: { id: string }): null {
  const review = ctx.requireReview();
  writeTransaction(review.db, review.reviewerId, (audit) => {
    const before = requireAnalysis(review.db, request.id);
    deleteAnalysis(review.db, request.id);
    audit({ entity: 'analysis', entityId: request.id, action: 'delete', before });
  });
  ctx.events.emit('analyses:changed', { analysisIds: [request.id], reason: 'deleted' });
  return null;
}

/** Runs a stored analysis on the review's values now (rebuilding only the rows of studies that changed). */
export function runStored(db: Database.Database, analysis: Analysis, refits = false): AnalysisRun {
  const form = requireForm(db);
  const outcome = outcomeOf(form, analysis.outcomeId);
  return runStudyRows(analysis, outcome, analysisRows(db, form, analysis, outcome), { refits });
}

/**
 * A stored analysis this session may run: the consensus is everyone's, but one reviewer's extraction
 * pools only in that reviewer's own session, so an analysis never shows a reviewer another's values.
 */
function readableAnalysis(ctx: RequestContext, id: string): { db: Database.Database; analysis: Analysis } {
  const { db, reviewerId } = ctx.requireReview();
  const analysis = requireAnalysis(db, id);
  if (analysis.layer.kind === 'reviewer' && analysis.layer.reviewerId !== reviewerId) {
    throw new CaliperError(
      'not_yours',
      `"${analysis.name}" pools another reviewer's extraction: only they can run it. Pool the consensus instead.`,
    );
  }
  return { db, analysis };
}

export function analysisRun(ctx: RequestContext, request: { id: string; refits: boolean }): AnalysisRun {
  const { db, analysis } = readableAnalysis(ctx, request.id);
  return runStored(db, analysis, request.refits);
}

/** A file name from the analysis name: letters, digits, spaces and a few marks. */
function fileBase(name: string): string {
  return (
    name
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N} ._()-]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 100) || 'analysis'
  );
}

/** Renders an SVG to PNG at `widthMm` and 600 dpi (resvg, with the system's fonts). */
export async function svgToPng(svg: string, widthMm: number): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const width = Math.round((widthMm / 25.4) * 600);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return Buffer.from(resvg.render().asPng());
}

export async function analysisExport(
  ctx: RequestContext,
  request: { id: string; format: 'svg' | 'png' | 'r' | 'json'; plot: 'forest' | 'funnel'; widthMm: 85 | 174 },
): Promise<AnalysisExport> {
  const { db, analysis } = readableAnalysis(ctx, request.id);
  const run = runStored(db, analysis, request.format === 'json');
  const base = fileBase(analysis.name);
  if (request.format === 'r')
    return { fileName: `${base}.R`, mediaType: 'text/x-r; charset=utf-8', text: analysisRScript(analysis, run) };
  if (request.format === 'json')
    return { fileName: `${base}.json`, mediaType: 'application/json', text: `${JSON.stringify(run, null, 2)}\n` };
  const svg = request.plot === 'funnel' ? funnelPlot(run, analysis.settings) : forestPlot(run, analysis.settings);
  const plotName = `${base} - ${request.plot}`;
  if (request.format === 'svg') return { fileName: `${plotName}.svg`, mediaType: 'image/svg+xml', text: svg };
  const png = await svgToPng(svg, request.widthMm);
  return { fileName: `${plotName} ${request.widthMm}mm.png`, mediaType: 'image/png', base64: png.toString('base64') };
}
