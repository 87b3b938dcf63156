// RevMan 5 export: the .rm5 written for a review, read back with fast-xml-parser on its own (not
// Caliper's reader), holds every study and, for every analysis RevMan can hold, every study row's data
// and computed fields and the totals as Caliper's analyses give them; the text is escaped (names with
// & < > " and control characters); and export → import gives a review whose analyses pool to the same
// numbers. The real .rm5 files (when ../shared is there) go round too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { listAnalyses } from '../../electron/backend/db/repositories/analyses';
import { runStored } from '../../electron/backend/services/analysis';
import { exportFormat } from '../../electron/backend/services/exports';
import { rm5Double } from '../../electron/backend/services/exports/rm5';
import { importRm5 } from '../../electron/backend/services/rm5/import';
import { createSampleReview } from '../../electron/backend/services/review';
import { realFixturesDir, REAL_FIXTURES_ABSENT } from '../helpers/sharedFixtures';
import { tempDir, testBackend } from '../helpers/temp';

const SMALL = fileURLToPath(new URL('../fixtures/rm5/small-review.rm5', import.meta.url));

type Attrs = Record<string, string>;
/** An element as fast-xml-parser gives it: attributes as strings, children as elements or arrays of them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = Record<string, any>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (tag) =>
    [
      'STUDY',
      'COMPARISON',
      'DICH_OUTCOME',
      'CONT_OUTCOME',
      'IV_OUTCOME',
      'DICH_SUBGROUP',
      'CONT_SUBGROUP',
      'IV_SUBGROUP',
      'DICH_DATA',
      'CONT_DATA',
      'IV_DATA',
    ].includes(tag),
});

function fromRm5(file: string) {
  const t = testBackend();
  const reviewPath = path.join(tempDir(), 'imported.caliper');
  importRm5(t.backend.context(), { rm5Path: file, reviewPath });
  return t;
}

async function exported(t: ReturnType<typeof testBackend>) {
  const out = path.join(tempDir(), 'out.rm5');
  const result = await exportFormat('rm5')!.write(t.backend.context(), out, { layer: 'consensus', studies: 'all' });
  return { out, result, xml: readFileSync(out, 'utf8') };
}

const text = (x: unknown): string => (typeof x === 'string' ? x : ((x as { '#text'?: string })?.['#text'] ?? ''));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

/** Every number of every outcome in the file against Caliper's run of the same analysis. */
function checkAgainstReview(db: Database.Database, doc: { COCHRANE_REVIEW: El }): number {
  const review = doc.COCHRANE_REVIEW;
  const studies = ((review.STUDIES_AND_REFERENCES as El).STUDIES as El).INCLUDED_STUDIES as { STUDY: Attrs[] };
  const labels = db.prepare('SELECT id, label FROM studies').all() as { id: string; label: string }[];
  expect(studies.STUDY.map((s) => s.NAME).sort()).toEqual(labels.map((s) => s.label).sort());
  const nameOfId = new Map(studies.STUDY.map((s) => [s.ID, s.NAME]));
  const outcomes = ((review.ANALYSES_AND_DATA as El).COMPARISON as El[]).flatMap((c) =>
    (['DICH', 'CONT', 'IV'] as const).flatMap((k) =>
      ((c[`${k}_OUTCOME`] as El[] | undefined) ?? []).map((o) => ({ k, o })),
    ),
  );
  const analyses = listAnalyses(db);
  let checked = 0;
  for (const { k, o } of outcomes) {
    const analysis = analyses.find((a) => a.name.replace(/^\d+\.\d+ /, '') === text(o.NAME))!;
    expect(analysis, text(o.NAME)).toBeDefined();
    const run = runStored(db, analysis);
    const rows = [
      ...((o[`${k}_DATA`] as Attrs[] | undefined) ?? []),
      ...((o[`${k}_SUBGROUP`] as El[] | undefined) ?? []).flatMap((g) => (g[`${k}_DATA`] as Attrs[] | undefined) ?? []),
    ];
    expect(rows.length).toBe(run.rows.filter((r) => r.valueIds.length > 0).length);
    for (const row of rows) {
      const ours = run.rows.find((r) => r.label === nameOfId.get(row.STUDY_ID!))!;
      const cell = (role: string, key: string) => ours.cells.find((c) => c.role === role)!.numbers[key];
      if (k === 'DICH') {
        expect([row.EVENTS_1, row.TOTAL_1, row.EVENTS_2, row.TOTAL_2].map(Number)).toEqual([
          cell('intervention', 'events'),
          cell('intervention', 'total'),
          cell('comparator', 'events'),
          cell('comparator', 'total'),
        ]);
      } else if (k === 'CONT') {
        expect([row.MEAN_1, row.SD_1, row.TOTAL_1, row.MEAN_2, row.SD_2, row.TOTAL_2].map(Number)).toEqual([
          cell('intervention', 'mean'),
          cell('intervention', 'sd'),
          cell('intervention', 'n'),
          cell('comparator', 'mean'),
          cell('comparator', 'sd'),
          cell('comparator', 'n'),
        ]);
      }
      if (ours.weight === null) {
        expect(row.ESTIMABLE).toBe('NO');
        continue;
      }
      expect(row.ESTIMABLE).toBe('YES');
      expect(Number(row.WEIGHT)).toBe(ours.weight);
      expect(Number(row.VAR)).toBe(ours.vi);
      expect(Number(row.SE)).toBe(Math.sqrt(ours.vi!));
      if (k === 'IV') expect(Number(row.EFFECT_SIZE)).toBe(ours.yi);
      else {
        expect(close(Number(row.EFFECT_SIZE), ours.effect!.estimate)).toBe(true);
        expect(close(Number(row.CI_START), ours.effect!.ci_lb)).toBe(true);
        expect(close(Number(row.CI_END), ours.effect!.ci_ub)).toBe(true);
      }
      checked++;
    }
    const r = run.result;
    if (!r) {
      expect(o.ESTIMABLE).toBe('NO');
      continue;
    }
    expect(close(Number(o.EFFECT_SIZE), run.summary!.estimate)).toBe(true);
    expect(close(Number(o.CI_START), run.summary!.ci_lb)).toBe(true);
    expect(close(Number(o.CI_END), run.summary!.ci_ub)).toBe(true);
    expect(Number(o.CHI2)).toBe(r.Q);
    expect(Number(o.I2)).toBe(r.I2);
    expect(Number(o.P_Z)).toBe(r.pval);
    expect(Number(o.Z)).toBe(Math.abs(r.estimate / r.se));
    expect(Number(o.TAU2)).toBe(o.RANDOM === 'YES' ? r.tau2 : 0);
    expect(Number(o.CI_TOTAL)).toBe(analysis.settings.level);
    expect(o.SUBGROUPS).toBe(run.subgroups ? 'YES' : 'NO');
    if (run.subgroups) {
      expect(Number(o.Q)).toBe(run.subgroupTest!.Q);
      for (const g of o[`${k}_SUBGROUP`] as El[]) {
        const ours = run.subgroups.find((x) => x.subgroup === text(g.NAME));
        if (g.ESTIMABLE === 'NO') {
          expect(ours).toBeUndefined();
          continue;
        }
        if (!ours) throw new Error(`no subgroup ${text(g.NAME)} in ${analysis.name}`);
        expect(close(Number(g.EFFECT_SIZE), ours.effect.estimate)).toBe(true);
        expect(Number(g.I2)).toBe(ours.I2);
        expect(Number(g.CHI2)).toBe(ours.Q);
      }
    }
    checked++;
  }
  return checked;
}

/** Each analysis of two reviews, in order, pools to the same numbers (1e-12 relative). */
function expectSameAnalyses(a: Database.Database, b: Database.Database) {
  const left = listAnalyses(a).filter((x) => x.comparison.kind === 'arms' || x.comparison.kind === 'estimate');
  const right = listAnalyses(b);
  expect(
    right.map((x) => [x.name.replace(/^\d+\.\d+ /, ''), x.measure, x.method, x.settings.model, x.settings.level]),
  ).toEqual(
    left.map((x) => [x.name.replace(/^\d+\.\d+ /, ''), x.measure, x.method, x.settings.model, x.settings.level]),
  );
  let numbers = 0;
  left.forEach((x, i) => {
    const r1 = runStored(a, x);
    const r2 = runStored(b, right[i]!);
    expect(r2.error).toBe(r1.error);
    if (!r1.result) return;
    for (const key of ['estimate', 'se', 'ci_lb', 'ci_ub', 'Q', 'I2', 'tau2', 'pval'] as const) {
      const [p, q] = [r1.result[key], r2.result![key]];
      if (p === undefined) expect(q).toBeUndefined();
      else expect(close(q!, p), `${x.name} ${key}: ${q} against ${p}`).toBe(true);
      numbers++;
    }
    const weights = (r: typeof r1) =>
      r.rows.filter((row) => row.weight !== null).map((row) => [row.label, row.weight!] as const);
    const w2 = new Map(weights(r2));
    for (const [label, w] of weights(r1)) {
      expect(close(w2.get(label)!, w), `${x.name} weight of ${label}`).toBe(true);
      numbers++;
    }
    expect(r2.subgroups?.map((g) => [g.subgroup, g.k])).toEqual(r1.subgroups?.map((g) => [g.subgroup, g.k]));
  });
  return numbers;
}

describe('RevMan 5 export', () => {
  it('writes every study, and every analysis of the small review with its rows and totals', async () => {
    const t = fromRm5(SMALL);
    const db = t.backend.context().requireReview().db;
    const { xml, result } = await exported(t);
    expect(result).toEqual({ rows: 38, unit: 'studies' });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<COCHRANE_REVIEW ')).toBe(true);
    const doc = parser.parse(xml) as { COCHRANE_REVIEW: El };
    const checked = checkAgainstReview(db, doc);
    expect(checked).toBeGreaterThan(60);
    // The comparisons RevMan had, by name, with their outcomes in RevMan's order.
    const comparisons = (doc.COCHRANE_REVIEW.ANALYSES_AND_DATA as El).COMPARISON as El[];
    expect(comparisons.map((c) => [c.NO, text(c.NAME), ((c.DICH_OUTCOME as El[] | undefined) ?? []).length])).toEqual([
      ['1', 'Treatment versus control: dichotomous outcomes', 5],
      ['2', 'Treatment versus control: continuous and generic outcomes', 0],
    ]);
    expect(((comparisons[1]!.CONT_OUTCOME as El[]) ?? []).map((o) => [o.EFFECT_MEASURE, o.RANDOM, o.UNITS])).toEqual([
      ['MD', 'YES', 'days'],
      ['SMD', 'NO', ''],
    ]);
    expect(((comparisons[1]!.IV_OUTCOME as El[]) ?? []).map((o) => [o.EFFECT_MEASURE, o.LOG_DATA, o.RANDOM])).toEqual([
      ['HR', 'YES', 'YES'],
    ]);
  });

  it('escapes names: & < > " and quotes, and leaves out characters XML cannot hold', async () => {
    const t = fromRm5(SMALL);
    const db = t.backend.context().requireReview().db;
    const hostile = 'A <b> & "c" \'d\'\u0001 ]]> é';
    db.prepare("UPDATE studies SET label = ? WHERE label = 'Aronson 1948'").run(hostile);
    db.prepare("UPDATE analyses SET name = ? WHERE name LIKE '1.1 %'").run('Odds <ratio> & "more"');
    const { xml } = await exported(t);
    const doc = parser.parse(xml) as { COCHRANE_REVIEW: El };
    const names = (
      ((doc.COCHRANE_REVIEW.STUDIES_AND_REFERENCES as El).STUDIES as El).INCLUDED_STUDIES as { STUDY: Attrs[] }
    ).STUDY.map((s) => s.NAME);
    expect(names).toContain('A <b> & "c" \'d\' ]]> é');
    expect(xml).not.toContain('\u0001');
    const outcomes = ((doc.COCHRANE_REVIEW.ANALYSES_AND_DATA as El).COMPARISON as El[]).flatMap(
      (c) => (c.DICH_OUTCOME as El[] | undefined) ?? [],
    );
    expect(outcomes.map((o) => text(o.NAME))).toContain('Odds <ratio> & "more"');
  });

  it('export then import gives the same analyses, pooled to the same numbers', async () => {
    const t = fromRm5(SMALL);
    const { out } = await exported(t);
    const back = fromRm5(out);
    const numbers = expectSameAnalyses(
      t.backend.context().requireReview().db,
      back.backend.context().requireReview().db,
    );
    expect(numbers).toBeGreaterThan(100);
  });

  it('leaves out analyses RevMan 5 cannot hold (the sample review pools single groups)', async () => {
    const t = testBackend();
    createSampleReview(t.backend.context());
    const { xml, result } = await exported(t);
    const doc = parser.parse(xml) as { COCHRANE_REVIEW: El };
    expect(result.rows).toBe(4);
    expect((doc.COCHRANE_REVIEW.ANALYSES_AND_DATA as El).COMPARISON).toBeUndefined();
  });

  it('exports one reviewer, or the studies complete, and refuses every layer at once or an unknown reviewer', async () => {
    const t = fromRm5(SMALL);
    const { db } = t.backend.context().requireReview();
    const now = new Date().toISOString();
    for (const name of ['Ann', 'Bob'])
      db.prepare('INSERT INTO reviewers (id, name, created_at) VALUES (?, ?, ?)').run(name, name, now);
    const ids = db
      .prepare("SELECT id FROM studies WHERE label IN ('Aronson 1948', 'Study 01', 'Study 02') ORDER BY label")
      .pluck()
      .all() as string[];
    const status = db.prepare(
      'INSERT INTO extraction_status (study_id, reviewer_id, status, updated_at) VALUES (?, ?, ?, ?)',
    );
    // Aronson 1948: both complete; Study 01: Ann complete, Bob in progress; Study 02: Ann alone complete.
    status.run(ids[0], 'Ann', 'complete', now);
    status.run(ids[0], 'Bob', 'complete', now);
    status.run(ids[1], 'Ann', 'complete', now);
    status.run(ids[1], 'Bob', 'in_progress', now);
    status.run(ids[2], 'Ann', 'complete', now);
    const write = (options: Parameters<NonNullable<ReturnType<typeof exportFormat>>['write']>[2]) =>
      exportFormat('rm5')!.write(t.backend.context(), path.join(tempDir(), 'x.rm5'), options);
    expect(await write({ layer: 'consensus', studies: 'complete' })).toEqual({ rows: 1, unit: 'studies' });
    expect(await write({ layer: { reviewer: 'Ann' }, studies: 'complete' })).toEqual({ rows: 3, unit: 'studies' });
    // Ann extracted nothing herself: her export has the studies and no rows in any outcome.
    const out = path.join(tempDir(), 'ann.rm5');
    await exportFormat('rm5')!.write(t.backend.context(), out, { layer: { reviewer: 'Ann' }, studies: 'all' });
    expect(readFileSync(out, 'utf8')).not.toMatch(/<(DICH|CONT|IV)_DATA /);
    await expect(write({ layer: 'all', studies: 'all' })).rejects.toThrow(/one set of values/);
    await expect(write({ layer: { reviewer: 'Zoe' }, studies: 'all' })).rejects.toThrow(/No reviewer named "Zoe"/);
    // A cancelled export stops and writes nothing; progress counts the analyses.
    const progress: [number, number][] = [];
    await write({ layer: 'consensus', studies: 'all', onProgress: (done, total) => progress.push([done, total]) });
    expect(progress.at(-1)).toEqual([8, 8]);
    const controller = new AbortController();
    controller.abort();
    const cancelled = path.join(tempDir(), 'cancelled.rm5');
    await expect(
      exportFormat('rm5')!.write(t.backend.context(), cancelled, {
        layer: 'consensus',
        studies: 'all',
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(cancelled)).toBe(false);
  });

  it('writes numbers as RevMan does', () => {
    expect([12, 0.5, -3, 4.9e-7, 1e-7, 1.5e21, NaN, -Infinity, null].map(rm5Double)).toEqual([
      '12.0',
      '0.5',
      '-3.0',
      '4.9E-7',
      '1.0E-7',
      '1.5E21',
      'NaN',
      '-Infinity',
      'NaN',
    ]);
  });

  const dir = realFixturesDir();
  if (!dir)
    it('needs ../shared/fixtures/real for the real files', () => {
      console.log(REAL_FIXTURES_ABSENT);
      expect(dir).toBeNull();
    });
  else
    it.each(readdirSync(path.join(dir, 'rm5')).filter((f) => f.endsWith('.rm5')))(
      '%s: import, export, import again: the same analyses',
      async (name) => {
        const t = fromRm5(path.join(dir, 'rm5', name));
        const db = t.backend.context().requireReview().db;
        const { out, xml } = await exported(t);
        checkAgainstReview(db, parser.parse(xml) as { COCHRANE_REVIEW: El });
        const back = fromRm5(out);
        const numbers = expectSameAnalyses(db, back.backend.context().requireReview().db);
        console.log(`${name}: export and import again, ${numbers} pooled numbers equal to 1e-12`);
      },
    );
});
