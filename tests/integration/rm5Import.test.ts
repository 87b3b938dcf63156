// A new review from a RevMan 5 file: both real .rm5 files (../shared/fixtures/real/rm5, when present)
// and a small committed one import, and every analysis of the imported review, run through Caliper's
// analyses, gives the numbers RevMan stored beside the data: each study's effect, CI and weight, the
// totals, subgroup totals, τ², χ², I² and the test for subgroup differences, to the precision RevMan
// stores them (1e-6 relative, or the stored digits where RevMan stored fewer). Bad files are refused
// with the line and element, and leave no file behind.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { AnalysisRun } from '../../shared/analysis/run';
import { CaliperError } from '../../shared/contract/result';
import { listAnalyses } from '../../electron/backend/db/repositories/analyses';
import { runStored } from '../../electron/backend/services/analysis';
import { importRm5, readRm5File } from '../../electron/backend/services/rm5/import';
import type { Attributes, Rm5Outcome, Rm5Review } from '../../electron/backend/services/rm5/read';
import { compare, type Difference } from '../unit/stats/revman5Files';
import { realFixturesDir, REAL_FIXTURES_ABSENT } from '../helpers/sharedFixtures';
import { fuzzRuns } from '../helpers/fuzz';
import { tempDir, testBackend } from '../helpers/temp';

const SMALL = fileURLToPath(new URL('../fixtures/rm5/small-review.rm5', import.meta.url));

/** A stored number is present when RevMan computed it (empty strings and NaN mean "not computed"). */
const stored = (a: Attributes, f: string) => a[f] !== undefined && a[f] !== '' && a[f] !== 'NaN';

function imported(file: string) {
  const t = testBackend();
  const reviewPath = path.join(tempDir(), `${path.basename(file, '.rm5')}.caliper`);
  const summary = importRm5(t.backend.context(), { rm5Path: file, reviewPath });
  const db = t.backend.context().requireReview().db;
  return { t, db, summary, reviewPath };
}

/** The line of the .rm5 row each study row of a run was imported from (its values' notes say so). */
function lineOfRow(db: Database.Database, valueIds: string[]): number | null {
  if (!valueIds.length) return null;
  const note = db.prepare('SELECT note FROM consensus_values WHERE id = ?').pluck().get(valueIds[0]) as string;
  return Number(/line (\d+)$/.exec(note)?.[1]);
}

/** Every stored number of one outcome against Caliper's run of the imported analysis. */
export function compareRun(
  db: Database.Database,
  where: string,
  o: Rm5Outcome,
  run: AnalysisRun,
): { differences: Difference[]; checked: number } {
  const differences: Difference[] = [];
  const a = o.attrs;
  const add = (w: string, attrs: Attributes, f: string, ours: number | undefined | null) => {
    if (stored(attrs, f)) differences.push(compare(w, attrs, f, ours ?? undefined));
  };
  if (a.ESTIMABLE === 'NO') {
    differences.push({ where, field: 'ESTIMABLE', stored: 0, ours: run.result ? 1 : 0, ok: run.result === null });
    return { differences, checked: 1 };
  }
  const r = run.result!;
  const s = run.summary!;
  if (a.TOTALS !== 'NO') {
    add(where, a, 'EFFECT_SIZE', s.estimate);
    add(where, a, 'CI_START', s.ci_lb);
    add(where, a, 'CI_END', s.ci_ub);
    add(where, a, 'CHI2', r.Q);
    add(where, a, 'DF', r.Qdf);
    add(where, a, 'I2', r.I2);
    add(where, a, 'P_CHI2', r.Qp);
    add(where, a, 'Z', Math.abs(r.estimate / r.se));
    add(where, a, 'P_Z', r.pval);
    if (a.RANDOM === 'YES') add(where, a, 'TAU2', r.tau2);
  }
  // Group totals: every study row of the outcome, estimable or not.
  const byLine = new Map(o.rows.map((row) => [row.line, row]));
  const rowsOfOutcome = run.rows.filter((row) => row.valueIds.length > 0);
  const sum = (role: 'intervention' | 'comparator', key: string) =>
    rowsOfOutcome.reduce((acc, row) => acc + (row.cells.find((c) => c.role === role)?.numbers[key] ?? 0), 0);
  if (o.kind === 'DICH') {
    add(where, a, 'EVENTS_1', sum('intervention', 'events'));
    add(where, a, 'EVENTS_2', sum('comparator', 'events'));
  }
  if (o.kind !== 'IV') {
    add(where, a, 'TOTAL_1', sum('intervention', o.kind === 'DICH' ? 'total' : 'n'));
    add(where, a, 'TOTAL_2', sum('comparator', o.kind === 'DICH' ? 'total' : 'n'));
  }
  expect(rowsOfOutcome.length).toBe(o.rows.length);
  for (const row of rowsOfOutcome) {
    const source = byLine.get(lineOfRow(db, row.valueIds)!)!;
    expect(source, `${where}: ${row.label} came from a row of this outcome`).toBeDefined();
    const w = `${where} ${source.studyId}`;
    if (source.attrs.ESTIMABLE === 'NO') {
      differences.push({
        where: w,
        field: 'ESTIMABLE',
        stored: 0,
        ours: row.weight === null ? 0 : 1,
        ok: row.weight === null,
      });
      continue;
    }
    // Generic inverse variance on the log scale: a row's effect and CI are stored as entered (logs).
    const scale = o.kind === 'IV' && a.LOG_DATA === 'YES' ? Math.log : (x: number) => x;
    const at = (x: number | undefined) => (x === undefined ? undefined : scale(x));
    add(w, source.attrs, 'EFFECT_SIZE', at(row.effect?.estimate));
    add(w, source.attrs, 'CI_START', at(row.effect?.ci_lb));
    add(w, source.attrs, 'CI_END', at(row.effect?.ci_ub));
    add(w, source.attrs, 'WEIGHT', row.weight);
    if (source.attrs.SE !== '0.0') add(w, source.attrs, 'SE', row.vi === null ? undefined : Math.sqrt(row.vi));
    add(w, source.attrs, 'VAR', row.vi);
  }
  if (o.subgroups.length && a.SUBGROUPS !== 'NO') {
    for (const sg of o.subgroups) {
      const w = `${where} subgroup ${sg.attrs.ID}`;
      const ours = run.subgroups?.find((g) => g.subgroup === sg.name);
      if (sg.attrs.ESTIMABLE === 'NO') {
        differences.push({ where: w, field: 'ESTIMABLE', stored: 0, ours: ours ? 1 : 0, ok: !ours });
        continue;
      }
      add(w, sg.attrs, 'EFFECT_SIZE', ours?.effect.estimate);
      add(w, sg.attrs, 'CI_START', ours?.effect.ci_lb);
      add(w, sg.attrs, 'CI_END', ours?.effect.ci_ub);
      add(w, sg.attrs, 'CHI2', ours?.Q);
      add(w, sg.attrs, 'I2', ours?.I2);
      if (a.RANDOM === 'YES') add(w, sg.attrs, 'TAU2', ours?.tau2);
      const weight = run.rows
        .filter((x) => ours?.rows.includes(x.studyId))
        .reduce((acc, x) => acc + (x.weight ?? 0), 0);
      add(w, sg.attrs, 'WEIGHT', weight);
    }
    const test = run.subgroupTest;
    add(`${where} subgroup test`, a, 'Q', test?.Q);
    add(`${where} subgroup test`, a, 'P_Q', test?.pval);
    if (test)
      add(
        `${where} subgroup test`,
        a,
        'I2_Q',
        test.df > 0 && test.Q > test.df ? (100 * (test.Q - test.df)) / test.Q : 0,
      );
  }
  return { differences, checked: differences.length };
}

function checkReview(file: string) {
  const rm5: Rm5Review = readRm5File(file);
  const { db, summary } = imported(file);
  const analyses = listAnalyses(db);
  const outcomes = rm5.comparisons.flatMap((c) => c.outcomes);
  expect(summary.studies).toBeGreaterThanOrEqual(rm5.studies.length);
  expect(analyses.length).toBe(outcomes.length);
  const differences: Difference[] = [];
  outcomes.forEach((o, i) => {
    const analysis = analyses[i]!;
    const run = runStored(db, analysis);
    differences.push(...compareRun(db, `${path.basename(file)} ${o.attrs.ID} "${analysis.name}"`, o, run).differences);
  });
  return { differences, outcomes, summary };
}

function report(label: string, differences: Difference[]): string {
  const fields = new Map<string, number>();
  for (const d of differences) {
    if (d.ours === undefined) continue;
    const abs = Math.abs(d.ours - d.stored);
    const rel = d.stored === 0 ? abs : abs / Math.abs(d.stored);
    fields.set(d.field, Math.max(fields.get(d.field) ?? 0, rel));
  }
  return `${label}: ${differences.length} stored numbers compared; largest relative difference per field: ${[...fields]
    .map(([f, r]) => `${f} ${r.toExponential(1)}`)
    .join(', ')}`;
}

describe('a new review from a RevMan 5 file', () => {
  const dir = realFixturesDir();
  const files = dir
    ? readdirSync(path.join(dir, 'rm5'))
        .filter((f) => f.endsWith('.rm5'))
        .sort()
    : [];
  if (!dir) {
    it('needs ../shared/fixtures/real for the real files', () => {
      console.log(REAL_FIXTURES_ABSENT);
      expect(dir).toBeNull();
    });
  } else {
    it.each(files)('%s: every analysis reproduces the numbers RevMan stored', (name) => {
      const { differences, outcomes } = checkReview(path.join(dir, 'rm5', name));
      console.log(report(`${name}, ${outcomes.length} outcomes`, differences));
      expect(differences.length).toBeGreaterThan(outcomes.length * 5);
      expect(differences.filter((d) => !d.ok).slice(0, 20)).toEqual([]);
    });
  }

  it('the small committed file imports with its studies, arms, subgroups and settings', () => {
    const { differences, summary } = checkReview(SMALL);
    console.log(report('small-review.rm5', differences));
    expect(differences.filter((d) => !d.ok)).toEqual([]);
    expect(differences.length).toBeGreaterThan(300);
    // 37 included studies, and Aronson 1948's second entry (another subgroup of 1.5) as a study of its own.
    expect(summary).toMatchObject({ studies: 38, outcomes: 8, analyses: 8 });
    expect(summary.notes).toEqual([
      '1.5 Tuberculosis by allocation <subgroups>: Aronson 1948 is entered more than once (line 321); the further entry is the study "Aronson 1948 (Allocation: alternate)".',
    ]);
    const { db } = imported(SMALL);
    const labels = db.prepare('SELECT label FROM studies ORDER BY label').pluck().all() as string[];
    expect(labels).toContain('Müller & Roe 1999');
    expect(labels).toContain('Aronson 1948 (Allocation: alternate)');
    const arms = db
      .prepare(
        `SELECT a.label FROM arms a JOIN studies s ON s.id = a.study_id WHERE s.label = 'Aronson 1948' ORDER BY a.position`,
      )
      .pluck()
      .all();
    expect(arms).toEqual(['Vaccine', 'Control']);
    const analyses = listAnalyses(db).map((a) => [
      a.name,
      a.measure,
      a.method,
      a.settings.model,
      a.settings.convention,
      a.settings.level,
      a.settings.subgroupFieldId !== null,
      a.comparison.kind === 'arms' ? `${a.comparison.intervention} v ${a.comparison.comparator}` : a.comparison.kind,
    ]);
    expect(analyses).toEqual([
      ['1.1 Tuberculosis (odds ratio, M-H, fixed)', 'OR', 'MH', 'common', 'revman5', 95, false, 'Vaccine v Control'],
      ['1.2 Rare event (risk ratio, M-H, random)', 'RR', 'MH', 'random', 'revman5', 95, false, 'Treatment v Placebo'],
      ['1.3 Rare event (Peto odds ratio)', 'OR', 'PETO', 'common', 'revman5', 95, false, 'Treatment v Placebo'],
      [
        '1.4 Rare event (risk difference, IV, fixed)',
        'RD',
        'IV',
        'common',
        'revman5',
        95,
        false,
        'Treatment v Placebo',
      ],
      ['1.5 Tuberculosis by allocation <subgroups>', 'RR', 'MH', 'random', 'revman5', 95, true, 'Vaccine v Control'],
      ['2.1 Length of stay (mean difference)', 'MD', 'IV', 'random', 'revman5', 95, false, 'Specialist v Routine'],
      ['2.2 Length of stay (standardised)', 'SMD', 'IV', 'common', 'revman5', 95, false, 'Specialist v Routine'],
      ['2.3 Time to relapse (hazard ratio)', 'GEN', 'IV', 'random', 'revman5', 95, false, 'estimate'],
    ]);
  });

  it('refuses an existing review path and leaves it as it was', () => {
    const t = testBackend();
    const reviewPath = path.join(tempDir(), 'taken.caliper');
    writeFileSync(reviewPath, 'not mine');
    expect(() => importRm5(t.backend.context(), { rm5Path: SMALL, reviewPath })).toThrow(/already exists/);
    expect(readFileSync(reviewPath, 'utf8')).toBe('not mine');
  });
});

describe('File > New review from RevMan file… (review:importRm5)', () => {
  it('makes a new review in the reviews folder from the file sent, opens it, and refuses a bad file whole', async () => {
    const t = testBackend();
    const contentBase64 = readFileSync(SMALL).toString('base64');
    const first = (await t.call('review:importRm5', { fileName: 'small-review.rm5', contentBase64 })) as {
      review: { path: string; title: string };
      summary: { analyses: number; studies: number };
    };
    expect(first.review.path).toBe(path.join(t.backend.reviewsDir, 'A small review for testing RevMan import.caliper'));
    expect(first.summary).toMatchObject({ analyses: 8, studies: 38 });
    expect(t.backend.context().review?.info.path).toBe(first.review.path);
    const second = (await t.call('review:importRm5', { fileName: 'small-review.rm5', contentBase64 })) as typeof first;
    expect(path.basename(second.review.path)).toBe('A small review for testing RevMan import (2).caliper');
    const before = readdirSync(t.backend.reviewsDir).sort();
    const bad = await t.router.handle('review:importRm5', {
      fileName: 'notes.rm5',
      contentBase64: Buffer.from('<?xml version="1.0"?>\n<NOTES/>').toString('base64'),
    });
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'validation',
        message: 'notes.rm5 line 2: not a RevMan 5 review: the root element is <NOTES>, not <COCHRANE_REVIEW>',
      },
    });
    expect(readdirSync(t.backend.reviewsDir).sort()).toEqual(before);
    expect(t.backend.context().review?.info.path).toBe(second.review.path);
  });
});

describe('bad .rm5 files are refused, naming what is wrong, and leave no file', () => {
  const good = readFileSync(SMALL, 'latin1');
  const cases: [string, string, RegExp][] = [
    ['not XML', 'this is not XML at all, <<<', /not well-formed XML|root element/],
    [
      'wrong root',
      '<?xml version="1.0"?>\n<REVIEW><STUDIES/></REVIEW>',
      /line 2: not a RevMan 5 review: the root element is <REVIEW>/,
    ],
    ['no studies', '<?xml version="1.0"?>\n<COCHRANE_REVIEW/>', /INCLUDED_STUDIES/],
    ['cut short', good.slice(0, Math.floor(good.length / 2)), /not well-formed XML/],
    [
      'missing data',
      good.replace(/(<DICH_DATA[^>]*?) EVENTS_1="\d+"/, '$1'),
      /line \d+: <DICH_DATA STUDY_ID="[^"]+"> of <DICH_OUTCOME ID="[^"]+">: EVENTS_1 "" is not a number/,
    ],
    [
      'events over total',
      good.replace(/(<DICH_DATA[^>]*?)EVENTS_2="\d+"/, '$1EVENTS_2="99999"'),
      /EVENTS_2 \(99999\) must be a whole number from 0 to TOTAL_2/,
    ],
    [
      'unknown study',
      good.replace(/(<DICH_DATA[^>]*STUDY_ID=")[^"]+/, '$1STD-nobody'),
      /STUDY_ID="STD-nobody">.*no included study has this ID/,
    ],
    [
      'unknown measure',
      good.replace(/EFFECT_MEASURE="RR"/, 'EFFECT_MEASURE="XX"'),
      /EFFECT_MEASURE "XX" is not one of RR, OR, RD, PETO_OR/,
    ],
    [
      'entity bomb',
      `<?xml version="1.0"?>\n<!DOCTYPE COCHRANE_REVIEW [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n<COCHRANE_REVIEW>&c;&c;&c;</COCHRANE_REVIEW>`,
      /line 2: a document type declaration \(<!DOCTYPE\) is not allowed/,
    ],
    [
      'external entity',
      `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<COCHRANE_REVIEW>&e;</COCHRANE_REVIEW>`,
      /document type declaration/,
    ],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    const t = testBackend();
    const folder = tempDir();
    const file = path.join(folder, 'bad.rm5');
    writeFileSync(file, text, 'latin1');
    const reviewPath = path.join(folder, 'new.caliper');
    let error: unknown;
    try {
      importRm5(t.backend.context(), { rm5Path: file, reviewPath });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CaliperError);
    expect((error as CaliperError).code).toBe('validation');
    expect((error as Error).message).toMatch(/^bad\.rm5/);
    expect((error as Error).message).toMatch(message);
    expect(readdirSync(folder)).toEqual(['bad.rm5']);
    expect(existsSync(reviewPath)).toBe(false);
    expect(t.backend.context().review).toBeFalsy();
  });
});

describe('import fuzz', () => {
  it('rm5 import fuzz: damaged copies of a file import whole or are refused whole, leaving no file', () => {
    const text = readFileSync(SMALL, 'latin1');
    const folder = tempDir();
    // The same names every time (a long run would otherwise leave thousands of files to remove).
    const file = path.join(folder, 'damaged.rm5');
    const reviewPath = path.join(folder, 'damaged.caliper');
    const data = path.join(folder, 'data');
    fc.assert(
      fc.property(
        fc.nat(text.length),
        fc.nat(60),
        fc.constantFrom('', '0', '-1', ' NO="x"', '"', '<NAME/>', 'YES', '</DICH_SUBGROUP>', 'Infinity', '1e999'),
        (at, cut, insert) => {
          writeFileSync(file, text.slice(0, at) + insert + text.slice(at + cut), 'latin1');
          rmSync(data, { recursive: true, force: true });
          mkdirSync(data);
          const t = testBackend(data);
          try {
            const summary = importRm5(t.backend.context(), { rm5Path: file, reviewPath });
            expect(existsSync(reviewPath)).toBe(true);
            expect(summary.analyses).toBe(listAnalyses(t.backend.context().requireReview().db).length);
          } catch (error) {
            expect(error).toBeInstanceOf(CaliperError);
            expect(existsSync(reviewPath)).toBe(false);
          } finally {
            t.backend.close();
            rmSync(reviewPath, { force: true });
          }
          expect(readdirSync(folder).filter((f) => f.includes('.tmp'))).toEqual([]);
        },
      ),
      { numRuns: fuzzRuns(25) },
    );
  });
});
