// Analyses in a real review file: the sample review's analyses pool its consensus values; analyses are
// created with defaults, changed, deleted and survive a restart; a changed value changes the result
// (with an event saying what changed); exports give byte-identical SVG, PNG at 600 dpi and an R script
// that metafor runs to the same numbers (checked when Rscript is present, and against a committed
// fixture of its output always).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../shared/analysis/model';
import type { AnalysisRun } from '../../shared/analysis/run';
import type { AnalysisExport, AnalysisListEntry } from '../../shared/contract/analysis';
import type { ExtractionForm } from '../../shared/model/extraction';
import { createSampleReview } from '../../electron/backend/services/review';
import { extractionSetup } from '../helpers/extraction';
import { tempDir, testBackend, type TestBackend } from '../helpers/temp';

const FIXTURE = fileURLToPath(new URL('../fixtures/analysis/r-output.json', import.meta.url));

async function sample(dataDir = tempDir()): Promise<TestBackend & { path: string }> {
  const t = testBackend(dataDir);
  const info = createSampleReview(t.backend.context());
  return { ...t, path: info.path };
}

const byName = async (t: TestBackend, name: string) =>
  ((await t.call('analysis:list', {})) as AnalysisListEntry[]).find((a) => a.name === name)!;
const run = async (t: TestBackend, id: string) => (await t.call('analysis:run', { id })) as AnalysisRun;

function rscript(): string | null {
  const found = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
  return found.error ? null : 'Rscript';
}

describe('analyses of the sample review', () => {
  it('pool the sample consensus: weaning and survival as proportions, LV volumes across two studies', async () => {
    const t = await sample();
    const list = (await t.call('analysis:list', {})) as AnalysisListEntry[];
    expect(list.map((a) => [a.name, a.measure, a.layer.kind])).toEqual([
      ['Weaning from inotropes', 'PR', 'consensus'],
      ['12-month survival', 'PFT', 'consensus'],
      ['LV end-systolic volume at follow-up', 'MN', 'consensus'],
      ['LV end-systolic volume, change from baseline', 'MC', 'consensus'],
      ['LVEF at follow-up', 'MN', 'consensus'],
    ]);
    const weaning = await run(t, list[0]!.id);
    expect(weaning.result!.k).toBe(1);
    expect(weaning.summary!.estimate).toBeCloseTo(0.9, 12);
    const entered = weaning.rows.find((r) => r.weight !== null)!;
    expect(entered.sources.map((s) => [s.what, s.value, s.rawText])).toEqual([
      ['CRT events', 9, 'Intravenous inotropic therapy was discontinued in 9 of 10 patients'],
      ['CRT total', 10, 'Intravenous inotropic therapy was discontinued in 9 of 10 patients'],
    ]);
    // Each value's highlight is a real highlight of the study, on the sentence it came from.
    const highlights = (await t.call('highlight:list', { studyId: entered.studyId })) as {
      id: string;
      exact: string;
      anchored: unknown;
    }[];
    const h = highlights.find((x) => x.id === entered.sources[0]!.highlightId)!;
    expect(h.exact).toBe('Intravenous inotropic therapy was discontinued in 9 of 10 patients');
    expect(h.anchored).not.toBeNull();
    // Studies without data are listed with the reason.
    expect(weaning.rows.filter((r) => r.excluded === 'no data for this outcome and timepoint')).toHaveLength(3);
    const lvesv = await run(t, list[2]!.id);
    expect(lvesv.result!.k).toBe(2);
    expect(
      lvesv.rows
        .filter((r) => r.weight !== null)
        .map((r) => r.data.ni)
        .sort(),
    ).toEqual([10, 73]);
  });

  it('keep each study’s row between runs and rebuild the studies that changed: arms, labels, years, values', async () => {
    const t = await sample();
    const a = await byName(t, 'LV end-systolic volume at follow-up');
    const db = t.backend.requireReview().db;
    const first = await run(t, a.id);
    expect(await run(t, a.id)).toEqual(first);
    const row = first.rows.find((r) => r.data.ni === 73)!;
    const arm = db
      .prepare("SELECT id FROM arms WHERE study_id = ? AND label = 'CRT' AND removed_at IS NULL")
      .get(row.studyId) as { id: string };
    // Renaming the study's arm takes it out of the comparison (by arm name), renaming it back brings it in.
    await t.call('arm:rename', { armId: arm.id, label: 'Resynchronisation' });
    const renamed = await run(t, a.id);
    expect(renamed.result!.k).toBe(1);
    expect(renamed.rows.find((r) => r.studyId === row.studyId)!.excluded).toMatch(/CRT/);
    await t.call('arm:rename', { armId: arm.id, label: 'CRT' });
    expect((await run(t, a.id)).result).toEqual(first.result);
    // Written behind the services' back: still seen.
    db.prepare("UPDATE studies SET label = 'Zz relabelled' WHERE id = ?").run(row.studyId);
    db.prepare('UPDATE reports SET year = 1999 WHERE study_id = ? AND is_primary = 1').run(row.studyId);
    const relabelled = (await run(t, a.id)).rows.find((r) => r.studyId === row.studyId)!;
    expect([relabelled.label, relabelled.year]).toEqual(['Zz relabelled', 1999]);
    const meanId = row.sources.find((s) => s.what === 'CRT mean')!.valueId;
    db.prepare('DELETE FROM consensus_values WHERE id = ?').run(meanId);
    const kept = await run(t, a.id);
    expect(kept.result!.k).toBe(1);
    // The kept rows give what a full rebuild gives (a changed analysis rebuilds every row).
    await t.call('analysis:update', { id: a.id, patch: { settings: { level: 95 } } });
    expect(await run(t, a.id)).toEqual(kept);
  });

  it('re-pool when a consensus value changes, and when a reviewer’s value changes (with an event naming the study)', async () => {
    const t = await sample();
    const a = await byName(t, 'LV end-systolic volume at follow-up');
    const before = await run(t, a.id);
    const db = t.backend.requireReview().db;
    const row = before.rows.find((r) => r.data.ni === 73)!;
    const meanId = row.sources.find((s) => s.what === 'CRT mean')!.valueId;
    db.prepare("UPDATE consensus_values SET value = '120' WHERE id = ?").run(meanId);
    const after = await run(t, a.id);
    expect(after.result!.estimate).toBeLessThan(before.result!.estimate);
    expect(after.rows.find((r) => r.studyId === row.studyId)!.yi).toBe(120);

    // A reviewer's layer: the analysis reads that reviewer's extraction_values.
    const s = await extractionSetup();
    const events: unknown[] = [];
    s.backend.events.subscribe((name, payload) => events.push([name, payload]));
    const o = s.form.outcomes.find((x) => x.name === 'Weaning from inotropes')!;
    const created = (await s.call('analysis:create', {
      outcomeId: o.id,
      layer: { kind: 'reviewer', reviewerId: s.reviewer.id },
    })) as Analysis;
    expect(created).toMatchObject({ measure: 'PR', method: 'IV', comparison: { kind: 'group', arm: 'CRT' } });
    expect(created.settings).toMatchObject({ model: 'random', tau2: 'REML', level: 95 });
    expect((await run(s, created.id)).result).toBeNull();
    await s.write([
      { target: s.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 9 },
      { target: s.cell('Weaning from inotropes', 'Follow-up', 'total'), state: 'value', value: 10 },
    ]);
    expect(events).toContainEqual([
      'values:changed',
      { studyId: s.study.id, layer: 'reviewer', reviewerId: s.reviewer.id },
    ]);
    expect((await run(s, created.id)).summary!.estimate).toBeCloseTo(0.9, 12);
    await s.write([{ target: s.cell('Weaning from inotropes', 'Follow-up', 'events'), state: 'value', value: 7 }]);
    expect((await run(s, created.id)).summary!.estimate).toBeCloseTo(0.7, 12);
  });

  it('are created with defaults, changed, refused when they do not fit, deleted, and survive a restart', async () => {
    const dataDir = tempDir();
    const t = await sample(dataDir);
    const form = (await t.call('form:get', {})) as ExtractionForm;
    const lvef = form.outcomes.find((o) => o.name === 'LVEF')!;
    const a = (await t.call('analysis:create', { outcomeId: lvef.id })) as Analysis;
    expect(a.name).toBe('LVEF, Follow-up');
    // LVEF holds one-group means: the mean of the most common arm, REML random effects.
    expect([a.measure, a.method, a.settings.model, a.settings.tau2]).toEqual(['MN', 'IV', 'random', 'REML']);
    expect(a.comparison).toEqual({ kind: 'group', arm: 'CRT' });
    const fixed = (await t.call('analysis:update', {
      id: a.id,
      patch: { settings: { sort: 'year', favours: { left: 'Lower', right: 'Higher' }, hartungKnapp: true } },
    })) as Analysis;
    expect(fixed.settings.sort).toBe('year');
    await expect(t.call('analysis:update', { id: a.id, patch: { measure: 'RR' } })).rejects.toThrow(
      /Measure RR does not fit mean data/,
    );
    await expect(t.call('analysis:update', { id: a.id, patch: { name: 'lvef at follow-up' } })).rejects.toThrow(
      /already exists/,
    );
    await expect(
      t.call('analysis:update', { id: a.id, patch: { settings: { axis: { lower: 5, upper: 1 } } } }),
    ).rejects.toThrow(/lower limit \(5\) must be below/);
    const gone = (await t.call('analysis:create', {
      outcomeId: lvef.id,
      name: 'To delete',
      measure: 'MN',
    })) as Analysis;
    await t.call('analysis:delete', { id: gone.id });
    await expect(t.call('analysis:get', { id: gone.id })).rejects.toThrow(/No analysis/);
    t.backend.close();

    const again = testBackend(dataDir);
    await again.call('review:open', { path: t.path });
    const reopened = (await again.call('analysis:get', { id: a.id })) as Analysis;
    expect(reopened).toEqual(fixed);
    const r = await run(again, a.id);
    expect(r.result!.k).toBe(1);
    expect(r.coreMethod).toBe('REML');
    again.backend.close();
  });

  it('export byte-identical SVG, PNG at 85 and 174 mm and 600 dpi, and JSON', async () => {
    const t = await sample();
    const a = await byName(t, 'LV end-systolic volume at follow-up');
    const svg1 = (await t.call('analysis:export', { id: a.id, format: 'svg' })) as AnalysisExport;
    const svg2 = (await t.call('analysis:export', { id: a.id, format: 'svg' })) as AnalysisExport;
    expect(svg1.text).toBe(svg2.text);
    expect(svg1.fileName).toBe('LV end-systolic volume at follow-up - forest.svg');
    const funnel = (await t.call('analysis:export', { id: a.id, format: 'svg', plot: 'funnel' })) as AnalysisExport;
    expect(funnel.text).toContain('Standard error');
    for (const widthMm of [85, 174] as const) {
      const png = (await t.call('analysis:export', { id: a.id, format: 'png', widthMm })) as AnalysisExport;
      const bytes = Buffer.from(png.base64!, 'base64');
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR width: millimetres at 600 dots per inch.
      expect(bytes.readUInt32BE(16)).toBe(Math.round((widthMm / 25.4) * 600));
    }
    const json = (await t.call('analysis:export', { id: a.id, format: 'json' })) as AnalysisExport;
    expect(JSON.parse(json.text!).result.k).toBe(2);
  });
});

describe('the R script of an analysis', () => {
  const names = [
    'Weaning from inotropes',
    '12-month survival',
    'LV end-systolic volume at follow-up',
    'LV end-systolic volume, change from baseline',
  ];

  async function caliperNumbers() {
    const t = await sample();
    const out: Record<string, { script: string; run: AnalysisRun }> = {};
    for (const name of names) {
      const a = await byName(t, name);
      const script = ((await t.call('analysis:export', { id: a.id, format: 'r' })) as AnalysisExport).text!;
      out[name] = { script, run: await run(t, a.id) };
    }
    return out;
  }

  type ROutput = {
    yi: number[];
    vi: number[];
    weights: number[];
    estimate: number;
    se: number;
    ci_lb: number;
    ci_ub: number;
    tau2: number;
    Q: number;
    I2: number;
    pval: number;
    natural: { estimate: number; ci_lb: number; ci_ub: number };
  };

  function expectSame(r: ROutput, run: AnalysisRun) {
    const res = run.result!;
    const rows = run.rows.filter((x) => x.weight !== null).sort((a, b) => a.label.localeCompare(b.label, 'en'));
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6 * Math.max(1, Math.abs(b)));
    rows.forEach((row, i) => {
      close(row.yi!, r.yi[i]!);
      close(row.vi!, r.vi[i]!);
      close(row.weight!, r.weights[i]!);
    });
    for (const key of ['estimate', 'se', 'ci_lb', 'ci_ub', 'tau2', 'Q', 'I2', 'pval'] as const)
      close(res[key]!, r[key]);
    close(run.summary!.estimate, r.natural.estimate);
    close(run.summary!.ci_lb, r.natural.ci_lb);
    close(run.summary!.ci_ub, r.natural.ci_ub);
  }

  it('reproduces every number of the analysis in metafor (run when Rscript is present)', async () => {
    const R = rscript();
    if (!R) {
      console.log('Rscript not found: the R scripts were not run (the committed fixture is checked below)');
      return;
    }
    const numbers = await caliperNumbers();
    const dir = tempDir();
    // One R process sources every script (loading metafor once), each writing its own JSON.
    const runner = names
      .map((name, i) => {
        writeFileSync(path.join(dir, `a${i}.R`), numbers[name]!.script);
        return `Sys.setenv(CALIPER_R_JSON = "a${i}.json"); source("a${i}.R")`;
      })
      .join('\n');
    writeFileSync(path.join(dir, 'all.R'), runner);
    const done = spawnSync(R, ['all.R'], { encoding: 'utf8', cwd: dir, timeout: 170_000 });
    expect(done.status, done.stderr).toBe(0);
    const outputs: Record<string, ROutput> = {};
    names.forEach((name, i) => {
      outputs[name] = JSON.parse(readFileSync(path.join(dir, `a${i}.json`), 'utf8')) as ROutput;
      expectSame(outputs[name]!, numbers[name]!.run);
    });
    if (process.env.CALIPER_WRITE_R_FIXTURE) writeFileSync(FIXTURE, `${JSON.stringify(outputs, null, 2)}\n`);
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, ROutput>;
    for (const name of names) expect(outputs[name]!.estimate).toBeCloseTo(fixture[name]!.estimate, 12);
  }, 180_000);

  it('matches the committed fixture of metafor’s output', async () => {
    expect(existsSync(FIXTURE)).toBe(true);
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, ROutput>;
    const numbers = await caliperNumbers();
    for (const name of names) expectSame(fixture[name]!, numbers[name]!.run);
  });
});
