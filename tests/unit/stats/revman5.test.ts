// RevMan 5's numbers: every outcome of the two real RevMan 5 files (../shared/fixtures/real/rm5) pooled
// with its stored settings under `"convention": "revman5"`, and every number RevMan stored beside the data
// (totals, subgroup totals, the test for subgroup differences, each study's effect, CI, SE and weight)
// compared with ours: 1e-6 relative, or the stored precision where RevMan stored fewer digits.
import { describe, expect, it } from 'vitest';
import { runAnalysis, StatsError, type AnalysisInput, type AnalysisResult } from '../../../shared/stats';
import { expectMatchesMetafor, loadFixture } from './metaforFixtures';
import {
  analysisOf,
  compare,
  readRm5,
  realFixturesDir,
  rm5Files,
  type Attributes,
  type Difference,
  type Rm5Outcome,
} from './revman5Files';

const dir = realFixturesDir();

const isRatio = (o: Rm5Outcome) =>
  ['RR', 'OR', 'PETO_OR'].includes(o.attrs.EFFECT_MEASURE!) || (o.kind === 'IV' && o.attrs.LOG_DATA === 'YES');

/** A stored value is present when RevMan computed it (empty strings mean "not computed"). */
const stored = (a: Attributes, f: string) => a[f] !== undefined && a[f] !== '' && a[f] !== 'NaN';

interface Totals {
  estimate: number;
  ci_lb: number;
  ci_ub: number;
  se: number;
  tau2?: number;
  Q: number;
  Qdf: number;
  I2: number;
  Qp: number;
  pval: number;
}

function compareTotals(where: string, o: Rm5Outcome, a: Attributes, t: Totals, weight: number, random: boolean) {
  const back = (x: number) => (isRatio(o) ? Math.exp(x) : x);
  const checks: [string, number | undefined][] = [
    ['EFFECT_SIZE', back(t.estimate)],
    ['CI_START', back(t.ci_lb)],
    ['CI_END', back(t.ci_ub)],
    ['CHI2', t.Q],
    ['DF', t.Qdf],
    ['I2', t.I2],
    ['P_CHI2', t.Qp],
    ['Z', Math.abs(t.estimate / t.se)],
    ['P_Z', t.pval],
    ['WEIGHT', weight],
  ];
  if (random) checks.push(['TAU2', t.tau2 ?? 0]);
  if (isRatio(o)) checks.push(['LOG_EFFECT_SIZE', t.estimate / Math.LN10]);
  return checks.filter(([f]) => stored(a, f)).map(([f, ours]) => compare(where, a, f, ours));
}

/** Every stored number of one outcome against our result; the totals' fields are marked `total`. */
function compareOutcome(o: Rm5Outcome, r: AnalysisResult): { total: Difference[]; all: Difference[] } {
  const where = `${o.file.split('/').pop()} ${o.attrs.ID} "${o.name}"`;
  const random = o.attrs.RANDOM === 'YES';
  const total = compareTotals(where, o, o.attrs, r, 100, random);
  const all = [...total];
  // Study rows: the study's own effect, CI, SE and its weight in the outcome's total.
  // Rows and results pair by position: a study can appear in more than one subgroup of an outcome.
  const crit = 1.959963984540054;
  for (const [i, row] of o.rows.entries()) {
    const a = row.attrs;
    const s = r.studies[i];
    const w = `${where} ${a.STUDY_ID}`;
    if (a.ESTIMABLE === 'NO') {
      all.push({ where: w, field: 'ESTIMABLE', stored: 0, ours: s?.yi === undefined ? 0 : 1, ok: s?.yi === undefined });
      continue;
    }
    const back = (x: number) => (isRatio(o) ? Math.exp(x) : x);
    const se = s?.vi === undefined ? undefined : Math.sqrt(s.vi);
    const fields: [string, number | undefined][] = [
      ['EFFECT_SIZE', s?.yi === undefined ? undefined : back(s.yi)],
      ['CI_START', s?.yi === undefined ? undefined : back(s.yi - crit * se!)],
      ['CI_END', s?.yi === undefined ? undefined : back(s.yi + crit * se!)],
      ['SE', se],
      ['VAR', s?.vi],
      ['WEIGHT', s?.weight],
    ];
    for (const [f, ours] of fields)
      if (stored(a, f) && !(f === 'SE' && a.SE === '0.0')) all.push(compare(w, a, f, ours));
  }
  // Subgroup totals and the test for subgroup differences.
  if (o.subgroups.length && r.subgroups) {
    for (const sg of o.subgroups) {
      const g = r.subgroups.groups.find((x) => x.subgroup === sg.attrs.ID);
      const sw = `${where} subgroup ${sg.attrs.ID}`;
      if (sg.attrs.ESTIMABLE === 'NO') {
        all.push({ where: sw, field: 'ESTIMABLE', stored: 0, ours: g ? 1 : 0, ok: !g });
        continue;
      }
      if (!g) {
        all.push({ where: sw, field: 'EFFECT_SIZE', stored: Number(sg.attrs.EFFECT_SIZE), ours: undefined, ok: false });
        continue;
      }
      const weight = r.studies.filter((_, i) => sg.rows.includes(o.rows[i]!)).reduce((acc, s) => acc + s.weight, 0);
      all.push(
        ...compareTotals(sw, o, sg.attrs, { ...g, Qdf: Number.NaN, Qp: g.Qp }, weight, random).filter(
          (d) => d.field !== 'DF',
        ),
      );
      all.push(
        compare(sw, sg.attrs, 'DF', Math.max(0, sg.rows.filter((row) => row.attrs.ESTIMABLE !== 'NO').length - 1)),
      );
    }
    all.push(compare(`${where} subgroup test`, o.attrs, 'Q', r.subgroups.Qb));
    all.push(compare(`${where} subgroup test`, o.attrs, 'P_Q', r.subgroups.Qb_p));
    all.push(compare(`${where} subgroup test`, o.attrs, 'I2_Q', r.subgroups.Qb_I2 ?? 0));
  }
  return { total, all };
}

describe('RevMan 5 convention against R (tests/fixtures/metafor/revman5.json)', () => {
  // Inverse variance, MH, Peto, SMD, GEN, MH random effects and subgroups, including measures and methods
  // the two real files do not use; R computes them with metafor where RevMan's formulas are metafor's.
  const cases =
    loadFixture<{ name: string; input: AnalysisInput; expected: Record<string, unknown> }[]>('revman5.json');
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectMatchesMetafor(runAnalysis(c.input), c.expected);
  });

  it('differs from metafor where RevMan 5 does: MH random effects and SMD', () => {
    for (const name of ['bcg OR MH random', 'normand SMD IV fixed']) {
      const c = cases.find((x) => x.name === name)!;
      const metafor = runAnalysis({ ...c.input, convention: 'metafor', method: c.input.method === 'MH' ? 'DL' : 'FE' });
      expect(Math.abs(metafor.estimate - runAnalysis(c.input).estimate)).toBeGreaterThan(1e-6);
    }
  });

  it('refuses what RevMan 5 does not offer, naming the field', () => {
    const c = cases[0]!;
    for (const [change, field] of [
      [{ method: 'REML' }, 'method'],
      [{ measure: 'PLO' }, 'measure'],
      [{ test: 'knha' }, 'test'],
      [{ method: 'PETO', measure: 'OR', model: 'random' }, 'model'],
    ] as const) {
      expect(() => runAnalysis({ ...c.input, ...change } as AnalysisInput)).toThrow(
        expect.objectContaining({ field }) as Error,
      );
    }
  });
});

describe('RevMan 5 convention against the numbers stored in real RevMan 5 files', () => {
  if (!dir) {
    it('needs ../shared/fixtures/real', () => {
      console.log('../shared/fixtures/real not found: real-file checks not run');
    });
    return;
  }
  const outcomes = rm5Files(dir).flatMap(readRm5);

  it('reads the outcomes of both files', () => {
    expect(rm5Files(dir).length).toBe(2);
    expect(outcomes.length).toBeGreaterThanOrEqual(21);
  });

  it('reproduces every stored total, subgroup total, heterogeneity statistic and weight', () => {
    const differences: Difference[] = [];
    let withTotals = 0,
      matched = 0,
      matchedByMetafor = 0;
    for (const o of outcomes) {
      const hasTotals = o.attrs.TOTALS === 'YES' && stored(o.attrs, 'EFFECT_SIZE');
      const input = analysisOf(o);
      if (o.attrs.ESTIMABLE === 'NO') {
        // RevMan found nothing to pool (every study double-zero): so must we, with a clear error.
        expect(() => runAnalysis(input)).toThrow(StatsError);
        continue;
      }
      if (!hasTotals) continue;
      withTotals++;
      const { total, all } = compareOutcome(o, runAnalysis(input));
      if (total.every((d) => d.ok)) matched++;
      // The same outcome under the default convention (metafor; MH random effects is DL there).
      const asMetafor = { ...input, convention: 'metafor' as const, model: undefined };
      if (input.method === 'MH' && input.model === 'random') asMetafor.method = 'DL';
      if (compareOutcome(o, runAnalysis(asMetafor)).total.every((d) => d.ok)) matchedByMetafor++;
      differences.push(...all);
    }
    // Per field: the largest relative difference (absolute where RevMan stored 0) and the largest absolute one.
    const fields = new Map<string, [number, number]>();
    for (const d of differences) {
      if (d.ours === undefined) continue;
      const abs = Math.abs(d.ours - d.stored);
      const rel = d.stored === 0 ? abs : abs / Math.abs(d.stored);
      const [r0, a0] = fields.get(d.field) ?? [0, 0];
      fields.set(d.field, [Math.max(r0, rel), Math.max(a0, abs)]);
    }
    console.log(
      `RevMan 5 outcome totals matched: ${matched} of ${withTotals} under "revman5" ` +
        `(${matchedByMetafor} of ${withTotals} under the default, metafor); numbers compared: ${differences.length}; ` +
        `max difference per field (relative / absolute): ${[...fields]
          .map(([f, [r, a]]) => `${f} ${r.toExponential(1)} / ${a.toExponential(1)}`)
          .join(', ')}`,
    );
    expect(differences.filter((d) => !d.ok).slice(0, 30)).toEqual([]);
    expect(matched).toBe(withTotals);
    expect(withTotals).toBe(21);
    expect(matchedByMetafor).toBeLessThan(withTotals);
  });
});
