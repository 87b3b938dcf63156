// Exports of a real review file, each read back with a reader independent of Caliper (exceljs for the
// workbook, csv-parse for CSV) and compared value by value with what the review file holds (read with
// SQL here): the sample review's consensus, and a review two reviewers extracted and reconciled.
// Also: formula injection neutralised in text while numbers stay numbers, blinding of other reviewers'
// layers, a cancelled or failed export leaving nothing behind, and each format's own columns.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ExportRunResult } from '../../shared/contract/exports';
import type { AgreementSummary } from '../../shared/model/reconcile';
import type { Arm, ExtractionForm } from '../../shared/model/extraction';
import type { Reviewer, StudyRow } from '../../shared/model/types';
import { createSampleReview } from '../../electron/backend/services/review';
import { exportFormat } from '../../electron/backend/services/exports/index';
import { runExport } from '../../electron/backend/services/exports/run';
import { extractionSetup, type ExtractionSetup } from '../helpers/extraction';
import { testBackend, type TestBackend } from '../helpers/temp';

const A = 'tab-a';
const B = 'tab-b';

interface StoredValue {
  study_id: string;
  target_key: string;
  kind: string;
  field_id: string | null;
  outcome_id: string | null;
  timepoint_id: string | null;
  arm_id: string | null;
  component: string | null;
  state: string;
  value: string | null;
  origin: string;
}

const stored = (t: TestBackend, sql: string, ...params: unknown[]) =>
  t.backend
    .requireReview()
    .db.prepare(sql)
    .all(...params) as StoredValue[];

async function sample(): Promise<TestBackend> {
  const t = testBackend();
  createSampleReview(t.backend.context());
  return t;
}

async function exportTo(
  t: TestBackend,
  format: string,
  extra: Record<string, unknown> = {},
  session?: string,
): Promise<{ file: string; result: ExportRunResult }> {
  const file = path.join(t.dataDir, `export-${format}-${Math.random().toString(36).slice(2)}`);
  const result = await t.router.invoke(
    'export:run',
    {
      exportId: `e-${format}`,
      format: format as 'xlsx',
      layer: { kind: 'consensus' },
      destination: { kind: 'file', path: file },
      ...extra,
    },
    session,
  );
  return { file, result };
}

const readCsv = (file: string) =>
  parse(readFileSync(file), { columns: true, bom: true, cast: false, relax_column_count: false }) as Record<
    string,
    string
  >[];

async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** A sheet's rows as objects keyed by the header row. */
function sheetRows(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as ExcelJS.CellValue[];
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] ?? null])));
  });
  return rows;
}

const COMPONENT_HEADER: Record<string, RegExp> = {
  events: /^Events$/,
  total: /^Total$/,
  mean: /^Mean( \(.+\))?$/,
  sd: /^SD( \(.+\))?$/,
  n: /^N$/,
};

describe('the extraction sheet (XLSX)', () => {
  it('holds every consensus value of the sample review as a number, in its outcome sheet and in Sources', async () => {
    const t = await sample();
    const { file, result } = await exportTo(t, 'xlsx');
    expect(result.path).toBe(file);
    const wb = await readXlsx(file);
    const form = (await t.call('form:get', {})) as ExtractionForm;
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Studies', ...form.outcomes.map((o) => o.name), 'Sources']);
    for (const sheet of wb.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getColumn(1).width).toBe(38);
    }
    const studies = (await t.call('study:list', {})) as StudyRow[];
    const studySheet = sheetRows(wb.getWorksheet('Studies')!);
    expect(studySheet.map((r) => r['Study ID']).sort()).toEqual(studies.map((s) => s.id).sort());
    for (const s of studies) {
      const row = studySheet.find((r) => r['Study ID'] === s.id)!;
      expect(row.Study).toBe(s.label);
      expect(row.Year).toBe(s.year);
      expect(typeof row.Citation).toBe('string');
    }
    const values = stored(t, 'SELECT * FROM consensus_values');
    expect(values.length).toBeGreaterThan(10);
    const sources = sheetRows(wb.getWorksheet('Sources')!);
    expect(sources).toHaveLength(values.length);
    const arms = new Map(
      (t.backend.requireReview().db.prepare('SELECT id, label FROM arms').all() as { id: string; label: string }[]).map(
        (a) => [a.id, a.label],
      ),
    );
    let checked = 0;
    for (const v of values) {
      const parsed = v.value === null ? null : JSON.parse(v.value);
      if (v.kind === 'outcome') {
        const outcome = form.outcomes.find((o) => o.id === v.outcome_id)!;
        const rows = sheetRows(wb.getWorksheet(outcome.name)!);
        const row = rows.find(
          (r) =>
            r['Study ID'] === v.study_id &&
            r.Timepoint === outcome.timepoints.find((x) => x.id === v.timepoint_id)!.label &&
            r.Arm === (v.arm_id ? arms.get(v.arm_id) : null),
        )!;
        const header = Object.keys(row).find((h) => COMPONENT_HEADER[v.component!]!.test(h))!;
        if (outcome.unit && (v.component === 'mean' || v.component === 'sd'))
          expect(header).toContain(`(${outcome.unit})`);
        expect(row[header]).toBe(v.state === 'not_reported' ? 'Not reported' : parsed);
        if (typeof parsed === 'number') expect(typeof row[header]).toBe('number');
        checked++;
      }
      expect(
        sources.some(
          (s) =>
            s['Value ID'] ===
              (
                t.backend
                  .requireReview()
                  .db.prepare('SELECT id FROM consensus_values WHERE study_id = ? AND target_key = ?')
                  .get(v.study_id, v.target_key) as { id: string }
              ).id &&
            s.Value ===
              (v.state === 'not_reported' ? 'Not reported' : Array.isArray(parsed) ? parsed.join('; ') : parsed) &&
            s['How obtained'] === (v.state === 'not_reported' ? 'not reported' : v.origin),
        ),
      ).toBe(true);
    }
    expect(checked).toBeGreaterThan(10);
    // Mapped values keep their raw text and document.
    const mapped = sources.filter((s) => s['How obtained'] === 'mapped');
    expect(mapped.length).toBeGreaterThan(0);
    for (const s of mapped) {
      expect(String(s['Raw text']).length).toBeGreaterThan(0);
      expect(s.Document).toBe('Abstract');
    }
    // No reviewers extracted: no reconciliation sheets.
    expect(wb.getWorksheet('Disagreements')).toBeUndefined();
  });
});

/** Two reviewers extract the same study (differing in places), both mark it complete; A reconciles. */
async function twoReviewers(): Promise<ExtractionSetup & { b: Reviewer; icd: Arm }> {
  const t = await extractionSetup();
  const { router } = t;
  await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, A);
  const b = await router.invoke('reviewer:create', { name: 'Beatriz' }, B);
  const icd = (await router.invoke('arm:add', { studyId: t.study.id, label: 'ICD' }, A)) as Arm;
  const field = (label: string) => ({ kind: 'field' as const, fieldId: t.fieldId(label) });
  const common = [
    { target: field('Country'), state: 'value' as const, value: 'Spain' },
    { target: field('N randomised'), state: 'value' as const, value: 1024 },
    { target: t.cell('LVEF', 'Baseline', 'n'), state: 'value' as const, value: 10 },
    { target: t.cell('QRS duration', 'Baseline', 'mean', icd.id), state: 'value' as const, value: -1.25 },
    { target: { kind: 'field' as const, fieldId: t.fieldId('Funding') }, state: 'not_reported' as const },
  ];
  await router.invoke(
    'extraction:write',
    {
      studyId: t.study.id,
      writes: [
        ...common,
        { target: field('Conflicts of interest'), state: 'value', value: 'no' },
        { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.5 },
        { target: t.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 },
      ],
    },
    A,
  );
  await router.invoke(
    'extraction:write',
    {
      studyId: t.study.id,
      writes: [
        ...common,
        { target: field('Conflicts of interest'), state: 'value', value: 'yes' },
        { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.6 },
        { target: t.cell('LVEF', 'Follow-up', 'mean'), state: 'value', value: 32 },
      ],
    },
    B,
  );
  return { ...t, b, icd };
}

async function complete(t: ExtractionSetup) {
  for (const s of [A, B]) await t.router.invoke('extraction:setStatus', { studyId: t.study.id, status: 'complete' }, s);
}

describe('a review two reviewers extracted', () => {
  it('refuses another reviewer’s layer, or all layers, until the study is being reconciled with the asker', async () => {
    const t = await twoReviewers();
    for (const layer of [{ kind: 'reviewer', name: 'A' }, { kind: 'all' }]) {
      const file = path.join(t.dataDir, 'blind.csv');
      await expect(
        t.router.invoke(
          'export:run',
          { exportId: 'x', format: 'csv', layer: layer as { kind: 'all' }, destination: { kind: 'file', path: file } },
          B,
        ),
      ).rejects.toMatchObject({ code: 'not_yours', message: expect.stringContaining('only A can export it') });
      expect(existsSync(file)).toBe(false);
    }
    // One's own layer and the consensus are always open.
    const own = await exportTo(t, 'csv', { layer: { kind: 'reviewer', name: 'Beatriz' } }, B);
    expect(readCsv(own.file).every((r) => r.layer === 'Beatriz')).toBe(true);
    // A reviewer name that does not exist is named.
    await expect(exportTo(t, 'csv', { layer: { kind: 'reviewer', name: 'Zed' } }, B)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('No reviewer called "Zed"'),
    });
    await complete(t);
    const all = await exportTo(t, 'csv', { layer: { kind: 'all' } }, B);
    expect(new Set(readCsv(all.file).map((r) => r.layer))).toEqual(new Set(['A', 'Beatriz']));
  });

  it('writes every layer’s values in the long CSV, and Disagreements and Agreement in the workbook', async () => {
    const t = await twoReviewers();
    await complete(t);
    // Reconciling takes agreements into the consensus; A decides the LVEF mean for Beatriz's value.
    const rec = await t.router.invoke('reconcile:get', { studyId: t.study.id }, A);
    const lvef = rec.cells.find((c) => c.label.startsWith('LVEF, Baseline, CRT') && c.state === 'differ')!;
    await t.router.invoke('reconcile:decide', { studyId: t.study.id, key: lvef.key, take: 'b', note: 'typo' }, A);

    const { file, result } = await exportTo(t, 'csv', { layer: { kind: 'all' } }, A);
    const rows = readCsv(file);
    expect(result.rows).toBe(rows.length);
    const db = t.backend.requireReview().db;
    const layers: [string, StoredValue[]][] = [
      ['consensus', stored(t, "SELECT * FROM consensus_values WHERE kind = 'outcome'")],
      ['A', stored(t, "SELECT * FROM extraction_values WHERE kind = 'outcome' AND reviewer_id = ?", t.reviewer.id)],
      ['Beatriz', stored(t, "SELECT * FROM extraction_values WHERE kind = 'outcome' AND reviewer_id = ?", t.b.id)],
    ];
    const column: Record<string, string> = { mean: 'mean', sd: 'sd', n: 'n', events: 'events', total: 'n' };
    let compared = 0;
    for (const [layer, values] of layers) {
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) {
        const arm = (db.prepare('SELECT label FROM arms WHERE id = ?').get(v.arm_id) as { label: string }).label;
        const outcome = t.form.outcomes.find((o) => o.id === v.outcome_id)!;
        const row = rows.find(
          (r) =>
            r.layer === layer &&
            r.study_id === v.study_id &&
            r.outcome === outcome.name &&
            r.timepoint === outcome.timepoints.find((x) => x.id === v.timepoint_id)!.label &&
            r.arm === arm,
        )!;
        expect(row.unit).toBe(outcome.unit ?? '');
        expect(Number(row[column[v.component!]!])).toBe(JSON.parse(v.value!));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(8);
    // −1.25 is a number: written plainly, not neutralised.
    expect(rows.filter((r) => r.arm === 'ICD').map((r) => r.mean)).toEqual(['-1.25', '-1.25', '-1.25']);
    expect(readFileSync(file, 'utf8')).toMatch(/,-1\.25,/);

    const xlsx = await exportTo(t, 'xlsx', {}, A);
    const wb = await readXlsx(xlsx.file);
    const disagreements = sheetRows(wb.getWorksheet('Disagreements')!);
    const expected = rec.cells.filter((c) => c.state === 'differ' || c.state === 'only_one');
    expect(disagreements.map((d) => d.Cell).sort()).toEqual(expected.map((c) => c.label).sort());
    const decided = disagreements.find((d) => d.Cell === lvef.label)!;
    expect([decided['Value A'], decided['Value B'], decided.Consensus, decided.Note]).toEqual([
      23.5,
      23.6,
      23.6,
      'typo',
    ]);
    const summary = (await t.router.invoke('reconcile:agreement', {}, A)) as AgreementSummary;
    const agreement = sheetRows(wb.getWorksheet('Agreement')!);
    expect(agreement[0]).toMatchObject({
      'Field or outcome': 'Overall',
      Cells: summary.agreement.overall.cells,
      Differ: summary.agreement.overall.differ,
      'Percent agreement': summary.agreement.overall.percent,
    });
    const coi = agreement.find((r) => r['Field or outcome'] === 'Conflicts of interest')!;
    const coiSummary = summary.agreement.fields.find((f) => f.field === 'Conflicts of interest')!;
    expect(coi.Kappa ?? null).toBe(coiSummary.kappa);
    // The Studies sheet gives each reviewer's status.
    const study = sheetRows(wb.getWorksheet('Studies')!)[0]!;
    expect([study['Status: A'], study['Status: Beatriz']]).toEqual(['complete', 'complete']);
    // A third reviewer who takes no part sees no Disagreements (blinding).
    await t.router.invoke('reviewer:create', { name: 'Carla' }, 'tab-c');
    const c = await exportTo(t, 'xlsx', {}, 'tab-c');
    expect((await readXlsx(c.file)).getWorksheet('Disagreements')).toBeUndefined();
  });

  it('neutralises formula-like text in CSV and keeps it as text in XLSX, while numbers stay numbers', async () => {
    const t = await extractionSetup();
    const hostile = [
      '=HYPERLINK("http://x","y")',
      '+41 22',
      '-2+3',
      '@SUM(A1:A9)',
      '\tindent',
      '\rreturn',
      'a,b "c"\nd',
    ];
    const fields = ['Country', 'Age', 'Sex', 'Intervention', 'Comparator', 'Follow-up', 'Funding'];
    await t.call('extraction:write', {
      studyId: t.study.id,
      writes: [
        ...hostile.map((value, i) => ({
          target: { kind: 'field', fieldId: t.fieldId(fields[i]!) },
          state: 'value',
          value,
        })),
        { target: t.cell('QRS duration', 'Baseline', 'mean'), state: 'value', value: -1.2 },
      ],
    });
    // A text longer than an Excel cell holds (32,767 characters) is cut there, marked.
    const notes = (await t.call('form:edit', {
      edit: { op: 'addField', sectionId: t.form.sections[0]!.id, label: 'Notes', type: 'long_text' },
    })) as ExtractionForm;
    const long = 'x'.repeat(40_000);
    await t.call('extraction:write', {
      studyId: t.study.id,
      writes: [
        {
          target: { kind: 'field', fieldId: notes.fields.find((f) => f.label === 'Notes')!.id },
          state: 'value',
          value: long,
        },
      ],
    });
    // The reviewer's own layer (the consensus is empty); a source text that is hostile too.
    const db = t.backend.requireReview().db;
    db.prepare(
      "UPDATE extraction_values SET provenance = json_object('highlightId', 'h', 'rawText', '=1+1', 'reading', NULL) WHERE component = 'mean'",
    ).run();
    const { file } = await exportTo(t, 'csv', { layer: { kind: 'reviewer', name: 'A' }, bom: true });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    expect(text).toMatch(/,-1\.2,/);
    const [row] = readCsv(file);
    expect(row!.mean).toBe('-1.2');
    expect(row!.source_text).toBe("'=1+1");

    // Study-level fields go to the workbook: text stays text (never a formula), the number a number.
    const x = await exportTo(t, 'xlsx', { layer: { kind: 'reviewer', name: 'A' } });
    const wb = await readXlsx(x.file);
    const studies = wb.getWorksheet('Studies')!;
    const header = (studies.getRow(1).values as ExcelJS.CellValue[]).map(String);
    for (const [i, value] of hostile.entries()) {
      const cell = studies.getRow(2).getCell(header.indexOf(fields[i]!));
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML reads a carriage return back as a line feed; the text is still text.
      expect(cell.value).toBe(value.replace(/\r/g, '\n'));
    }
    const notesCell = studies.getRow(2).getCell(header.indexOf('Notes'));
    expect(notesCell.value).toBe(`${'x'.repeat(32_766)}…`);
    const qrs = wb.getWorksheet('QRS duration')!;
    const mean = qrs.getRow(2).getCell((qrs.getRow(1).values as string[]).indexOf('Mean (ms)'));
    expect(mean.type).toBe(ExcelJS.ValueType.Number);
    expect(mean.value).toBe(-1.2);
  });
});

describe('the wide CSV, the RevMan Web CSV and the R script', () => {
  it('write two-arm, continuous and estimate data in escalc’s columns, and every stored analysis', async () => {
    const t = await extractionSetup();
    const icd = (await t.call('arm:add', { studyId: t.study.id, label: 'ICD' })) as Arm;
    const add = (name: string, dataType: string, extra: object = {}) =>
      t.call('form:edit', { edit: { op: 'addOutcome', name, dataType, timepoints: ['12 months'], ...extra } });
    await add('Death', 'dichotomous');
    await add('Walk distance', 'continuous', { unit: 'm' });
    let form = (await add('Hazard of death', 'effect_estimate', { measure: 'HR' })) as ExtractionForm;
    const o = (name: string) => form.outcomes.find((x) => x.name === name)!;
    const cell = (name: string, armId: string | null, component: string) => ({
      kind: 'outcome',
      outcomeId: o(name).id,
      timepointId: o(name).timepoints[0]!.id,
      armId,
      component,
    });
    const numbers: [string, string | null, string, number][] = [
      ['Death', t.arm.id, 'events', 4],
      ['Death', t.arm.id, 'total', 50],
      ['Death', icd.id, 'events', 9],
      ['Death', icd.id, 'total', 48],
      ['Walk distance', t.arm.id, 'mean', 350.5],
      ['Walk distance', t.arm.id, 'sd', 80],
      ['Walk distance', t.arm.id, 'n', 50],
      ['Walk distance', icd.id, 'mean', 310],
      ['Walk distance', icd.id, 'sd', 75.25],
      ['Walk distance', icd.id, 'n', 48],
      ['Hazard of death', null, 'estimate', 0.5],
      ['Hazard of death', null, 'lower', 0.25],
      ['Hazard of death', null, 'upper', 1],
    ];
    await t.call('extraction:write', {
      studyId: t.study.id,
      writes: numbers.map(([name, arm, component, value]) => ({
        target: cell(name, arm, component),
        state: 'value',
        value,
      })),
    });
    // Copy A's values into the consensus, as a decided reconciliation would.
    const db = t.backend.requireReview().db;
    db.prepare(
      `INSERT INTO consensus_values (id, study_id, target_key, kind, field_id, outcome_id, timepoint_id, arm_id,
        component, state, value, origin, decision, basis, decided_at)
       SELECT 'c-' || id, study_id, target_key, kind, field_id, outcome_id, timepoint_id, arm_id, component, state,
        value, origin, 'entered', '{}', updated_at FROM extraction_values`,
    ).run();
    await t.call('analysis:create', { outcomeId: o('Death').id, name: 'Death at 12 months' });
    await t.call('analysis:create', { outcomeId: o('Hazard of death').id, name: 'Hazard of death' });
    form = (await t.call('form:get', {})) as ExtractionForm;

    const wide = readCsv((await exportTo(t, 'csv-wide')).file);
    const death = wide.find((r) => r.outcome === 'Death')!;
    expect([death.experimental, death.control, death.ai, death.n1i, death.ci, death.n2i]).toEqual([
      'CRT',
      'ICD',
      '4',
      '50',
      '9',
      '48',
    ]);
    expect(death.analysis).toBe('Death at 12 months');
    const walk = wide.find((r) => r.outcome === 'Walk distance')!;
    expect([walk.m1i, walk.sd1i, walk.n1i, walk.m2i, walk.sd2i, walk.n2i]).toEqual([
      '350.5',
      '80',
      '50',
      '310',
      '75.25',
      '48',
    ]);
    const hr = wide.find((r) => r.outcome === 'Hazard of death')!;
    expect([hr.estimate, hr.ci_lower, hr.ci_upper, hr.measure]).toEqual(['0.5', '0.25', '1', 'HR']);
    expect(Number(hr.yi)).toBeCloseTo(Math.log(0.5), 12);
    expect(Number(hr.sei)).toBeCloseTo((Math.log(1) - Math.log(0.25)) / (2 * 1.959963984540054), 12);

    const revman = readCsv((await exportTo(t, 'revman-csv')).file);
    expect(Object.keys(revman[0]!)).toEqual([
      'Analysis group',
      'Analysis number',
      'Analysis name',
      'Subgroup',
      'Study',
      'Study year',
      'GIV Mean',
      'GIV SE',
      'CI start',
      'CI end',
      'Experimental cases',
      'Experimental N',
      'Experimental mean',
      'Experimental SD',
      'Control cases',
      'Control N',
      'Control mean',
      'Control SD',
      'Weight',
      'Footnotes',
    ]);
    const runs = await Promise.all(
      ((await t.call('analysis:list', {})) as { id: string; name: string }[]).map(async (a) => ({
        name: a.name,
        run: (await t.call('analysis:run', { id: a.id })) as import('../../shared/analysis/run').AnalysisRun,
      })),
    );
    for (const { name, run } of runs) {
      const row = revman.find((r) => r['Analysis name'] === name)!;
      const entered = run.rows.find((r) => r.weight !== null)!;
      expect(Number(row['CI start'])).toBe(entered.effect!.ci_lb);
      expect(Number(row['CI end'])).toBe(entered.effect!.ci_ub);
      expect(Number(row.Weight)).toBe(entered.weight);
    }
    const deathRow = revman.find((r) => r['Analysis name'] === 'Death at 12 months')!;
    expect([
      deathRow['Analysis group'],
      deathRow['Experimental cases'],
      deathRow['Experimental N'],
      deathRow['Control cases'],
      deathRow['Control N'],
    ]).toEqual(['CRT versus ICD', '4', '50', '9', '48']);
    const hrRow = revman.find((r) => r['Analysis name'] === 'Hazard of death')!;
    expect(Number(hrRow['GIV Mean'])).toBeCloseTo(Math.log(0.5), 12);
    expect(hrRow['Experimental N']).toBe('');

    const { file, result } = await exportTo(t, 'r');
    expect(result.rows).toBe(2);
    const script = readFileSync(file, 'utf8');
    expect(script).toContain('# ==== Death at 12 months (consensus)');
    expect(script).toContain('escalc(measure = "RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i');
    expect(script).toContain('ai = c(4)');
    expect(script).toContain('# ==== Hazard of death (consensus)');

    // R itself reads the wide CSV with escalc, and runs the whole script, when it is installed.
    if (spawnSync('Rscript', ['--version']).error) {
      console.log('Rscript not found: the wide CSV and the R script were not run in R');
      return;
    }
    const wideFile = (await exportTo(t, 'csv-wide')).file;
    const check = path.join(t.dataDir, 'check.R');
    writeFileSync(
      check,
      [
        'suppressPackageStartupMessages(library(metafor))',
        `d <- read.csv(${JSON.stringify(wideFile)})`,
        'rr <- escalc(measure = "RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = subset(d, outcome == "Death"))',
        'md <- escalc(measure = "MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = subset(d, outcome == "Walk distance"))',
        'gen <- escalc(measure = "GEN", yi = yi, sei = sei, data = subset(d, outcome == "Hazard of death"))',
        'cat(jsonlite::toJSON(list(rr = c(rr$yi, rr$vi), md = c(md$yi, md$vi), gen = c(gen$yi, gen$vi)), digits = NA))',
      ].join('\n'),
    );
    const r = spawnSync('Rscript', [check], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const fromR = JSON.parse(r.stdout) as Record<string, [number, number]>;
    expect(fromR.rr![0]).toBeCloseTo(Math.log(4 / 50 / (9 / 48)), 12);
    expect(fromR.rr![1]).toBeCloseTo(1 / 4 - 1 / 50 + 1 / 9 - 1 / 48, 12);
    expect(fromR.md![0]).toBeCloseTo(40.5, 12);
    expect(fromR.md![1]).toBeCloseTo(80 ** 2 / 50 + 75.25 ** 2 / 48, 12);
    expect(fromR.gen![0]).toBeCloseTo(Math.log(0.5), 12);
    const whole = spawnSync('Rscript', [file], { encoding: 'utf8', cwd: t.dataDir });
    expect(whole.status, whole.stderr).toBe(0);
    expect(whole.stdout).toMatch(/estimate/);
  });
});

describe('writing safely', () => {
  it('leaves nothing when an export is cancelled or fails, and keeps a file already there', async () => {
    const t = await sample();
    const ctx = t.backend.context();
    for (const id of ['xlsx', 'csv'] as const) {
      const dest = path.join(t.dataDir, `kept.${id}`);
      writeFileSync(dest, 'an older export');
      const controller = new AbortController();
      await expect(
        runExport(ctx, exportFormat(id)!, dest, {
          layer: 'consensus',
          studies: 'all',
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
      ).rejects.toMatchObject({ code: 'cancelled' });
      expect(readFileSync(dest, 'utf8')).toBe('an older export');
    }
    await expect(
      runExport(ctx, exportFormat('csv')!, path.join(t.dataDir, 'no-such-folder', 'x.csv'), {
        layer: 'consensus',
        studies: 'all',
      }),
    ).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('does not exist') });
    expect(readdirSync(t.dataDir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('cancels through the channel, sends progress, and downloads as bytes', async () => {
    const t = await sample();
    const progress: number[] = [];
    t.backend.events.subscribe((event, payload) => {
      if (event === 'export:progress') progress.push((payload as { done: number }).done);
    });
    const dest = path.join(t.dataDir, 'cancelled.csv');
    const running = t.router.invoke('export:run', {
      exportId: 'slow',
      format: 'csv',
      layer: { kind: 'consensus' },
      destination: { kind: 'file', path: dest },
    });
    expect(await t.router.invoke('export:cancel', { exportId: 'slow' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(dest)).toBe(false);
    expect(await t.router.invoke('export:cancel', { exportId: 'slow' })).toEqual({ cancelled: false });

    const download = await t.router.invoke('export:run', {
      exportId: 'dl',
      format: 'csv',
      layer: { kind: 'consensus' },
      destination: { kind: 'download' },
    });
    expect(download.path).toBeNull();
    expect(download.fileName).toMatch(/^Sample review.* - outcome data - \d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(Buffer.from(download.base64!, 'base64'), { columns: true }) as unknown[];
    expect(rows).toHaveLength(download.rows);
    expect(progress.length).toBeGreaterThan(0);
    expect(readdirSync(path.join(t.dataDir, 'exports'))).toEqual([]);
    // Formats File > Export… lists, with default names; rm5 and json are refused until registered.
    const { formats } = await t.router.invoke('export:formats', {});
    expect(formats.map((f) => f.id)).toEqual(expect.arrayContaining(['xlsx', 'csv', 'csv-wide', 'revman-csv', 'r']));
  });

  it('gives way during a long export: progress arrives and a cancel stops it part way', async () => {
    const t = testBackend();
    await t.call('review:create', { title: 'Many studies' });
    const form = (await t.call('form:edit', {
      edit: { op: 'addOutcome', name: 'Pain', dataType: 'continuous', unit: 'mm', timepoints: ['6 weeks'] },
    })) as ExtractionForm;
    const outcome = form.outcomes[0]!;
    const db = t.backend.requireReview().db;
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const id = `s${i}`;
        db.prepare('INSERT INTO studies (id, label, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
          id,
          `Trial ${i}`,
          now,
          now,
        );
        for (const [a, component] of ['mean', 'sd', 'n'].entries())
          db.prepare(
            `INSERT INTO consensus_values (id, study_id, target_key, kind, outcome_id, timepoint_id, arm_id, component,
               state, value, origin, decision, basis, decided_at)
             VALUES (?, ?, ?, 'outcome', ?, ?, NULL, ?, 'value', ?, 'typed', 'entered', '{}', ?)`,
          ).run(
            `${id}-${a}`,
            id,
            `outcome:${outcome.id}:${outcome.timepoints[0]!.id}:-:${component}`,
            outcome.id,
            outcome.timepoints[0]!.id,
            component,
            String(10 + a),
            now,
          );
      }
    })();
    const dest = path.join(t.dataDir, 'many.xlsx');
    let firstProgress: (value: number) => void;
    const progressed = new Promise<number>((resolve) => (firstProgress = resolve));
    const seen: number[] = [];
    t.backend.events.subscribe((event, payload) => {
      if (event !== 'export:progress') return;
      const p = payload as { done: number; total: number };
      seen.push(p.done);
      if (p.done > 1) firstProgress(p.total);
    });
    const running = t.router.invoke('export:run', {
      exportId: 'many',
      format: 'xlsx',
      layer: { kind: 'consensus' },
      destination: { kind: 'file', path: dest },
    });
    const total = await progressed;
    expect(await t.router.invoke('export:cancel', { exportId: 'many' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    // It stopped part way through, and left nothing.
    expect(Math.max(...seen)).toBeLessThan(total);
    expect(readdirSync(t.dataDir).filter((f) => f.startsWith('many') || f.includes('.part'))).toEqual([]);
  });
});
