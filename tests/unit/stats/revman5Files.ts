// The outcomes of a RevMan 5 review file (.rm5) for the RevMan-convention tests, read by the app's reader
// (electron/backend/services/rm5/read.ts): each outcome's settings, its stored totals, its subgroups and
// its study rows, every attribute as RevMan wrote it; and each outcome as a `caliper pool` analysis.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRm5 } from '../../../electron/backend/services/rm5/read';
import type { AnalysisInput, Measure, StudyInput } from '../../../shared/stats';

export type Attributes = Record<string, string>;

export interface Rm5Row {
  attrs: Attributes;
}
export interface Rm5Subgroup {
  attrs: Attributes;
  rows: Rm5Row[];
}
export interface Rm5Outcome {
  file: string;
  kind: 'DICH' | 'CONT' | 'IV';
  attrs: Attributes;
  name: string;
  subgroups: Rm5Subgroup[];
  /** Every study row, in file order (across subgroups). */
  rows: Rm5Row[];
}

/** ../shared/fixtures/real (BRIEF path rule), or $CALIPER_SHARED_FIXTURES/real. */
export function realFixturesDir(): string | undefined {
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const candidates = [path.resolve(repoRoot, '..', 'shared', 'fixtures', 'real')];
  if (process.env.CALIPER_SHARED_FIXTURES) candidates.push(path.resolve(process.env.CALIPER_SHARED_FIXTURES, 'real'));
  return candidates.find((dir) => existsSync(path.join(dir, 'rm5')));
}

export function rm5Files(dir: string): string[] {
  return readdirSync(path.join(dir, 'rm5'))
    .filter((f) => f.endsWith('.rm5'))
    .sort()
    .map((f) => path.join(dir, 'rm5', f));
}

/** Every DICH/CONT/IV outcome of one .rm5 file, in file order, as the app's reader reads it. */
export function readRm5(file: string): Rm5Outcome[] {
  const review = parseRm5(readFileSync(file), path.basename(file));
  // The reader's subgroups and rows are these objects themselves, so a row is found in its subgroup by identity.
  return review.comparisons.flatMap((c) =>
    c.outcomes.map((o) => ({ file, kind: o.kind, attrs: o.attrs, name: o.name, subgroups: o.subgroups, rows: o.rows })),
  );
}

const num = (a: Attributes, key: string) => Number(a[key]);

/** The outcome as a `caliper pool` analysis under RevMan 5's conventions, with the stored settings. */
export function analysisOf(o: Rm5Outcome): AnalysisInput {
  const a = o.attrs;
  const random = a.RANDOM === 'YES';
  const level = Number(a.CI_TOTAL || 95);
  const subgroupOf = new Map<Rm5Row, string>();
  o.subgroups.forEach((sg, i) => sg.rows.forEach((r) => subgroupOf.set(r, sg.attrs.ID ?? String(i + 1))));
  const label = (r: Rm5Row) => (subgroupOf.has(r) ? { subgroup: subgroupOf.get(r)! } : {});
  if (o.kind === 'DICH') {
    const swap = a.SWAP_EVENTS === 'YES';
    const studies: StudyInput[] = o.rows.map((r) => {
      const n1i = num(r.attrs, 'TOTAL_1'),
        n2i = num(r.attrs, 'TOTAL_2');
      const e1 = num(r.attrs, 'EVENTS_1'),
        e2 = num(r.attrs, 'EVENTS_2');
      return { id: r.attrs.STUDY_ID!, ai: swap ? n1i - e1 : e1, n1i, ci: swap ? n2i - e2 : e2, n2i, ...label(r) };
    });
    const method = a.METHOD === 'MH' ? 'MH' : a.METHOD === 'PETO' ? 'PETO' : random ? 'DL' : 'FE';
    return {
      convention: 'revman5',
      measure: (a.EFFECT_MEASURE === 'PETO_OR' ? 'OR' : a.EFFECT_MEASURE) as Measure,
      method,
      ...(method === 'MH' ? { model: random ? 'random' : 'fixed' } : {}),
      level,
      studies,
    };
  }
  if (o.kind === 'CONT') {
    const studies: StudyInput[] = o.rows.map((r) => ({
      id: r.attrs.STUDY_ID!,
      m1i: num(r.attrs, 'MEAN_1'),
      sd1i: num(r.attrs, 'SD_1'),
      n1i: num(r.attrs, 'TOTAL_1'),
      m2i: num(r.attrs, 'MEAN_2'),
      sd2i: num(r.attrs, 'SD_2'),
      n2i: num(r.attrs, 'TOTAL_2'),
      ...label(r),
    }));
    return {
      convention: 'revman5',
      measure: a.EFFECT_MEASURE === 'SMD' ? 'SMD' : 'MD',
      method: random ? 'DL' : 'FE',
      level,
      studies,
    };
  }
  // Generic inverse variance: EFFECT_SIZE and SE as entered, on the log scale when LOG_DATA is YES.
  const log = a.LOG_DATA === 'YES';
  const studies: StudyInput[] = o.rows.map((r) => ({
    id: r.attrs.STUDY_ID!,
    yi: log ? Math.exp(num(r.attrs, 'EFFECT_SIZE')) : num(r.attrs, 'EFFECT_SIZE'),
    sei: num(r.attrs, 'SE'),
    ...(log ? { scale: 'log' as const } : {}),
    ...label(r),
  }));
  return { convention: 'revman5', measure: 'GEN', method: random ? 'DL' : 'FE', level, studies };
}

/** A stored number and ours; `tolerance` is absolute: 1e-6 relative to the stored value, or its last stored digit. */
export interface Difference {
  where: string;
  field: string;
  stored: number;
  ours: number | undefined;
  ok: boolean;
}

/** Tolerance for a stored value: 1e-6 relative (absolute 1e-9 near 0), or half a unit of its last digit if coarser. */
export function tolerance(text: string): number {
  const value = Number(text);
  const decimals = /\.(\d+)(?:E|$)/i.exec(text)?.[1]?.length;
  const exponent = Number(/E(-?\d+)$/i.exec(text)?.[1] ?? 0);
  const stored = decimals === undefined ? 0.5 : 0.5 * 10 ** (exponent - decimals);
  return Math.max(1e-6 * Math.abs(value), 1e-9, /E/i.test(text) || (decimals ?? 0) >= 6 ? 0 : stored);
}

/**
 * RevMan 5 computes p-values with its own approximate normal and chi-square routines: they agree with exact
 * ones (R's pnorm, pchisq; Caliper's @stdlib) to about 1e-5 relative, so p-values are compared to 1e-4.
 */
export const P_VALUE_FIELDS = new Set(['P_CHI2', 'P_Q', 'P_Z']);

export function compare(where: string, attrs: Attributes, field: string, ours: number | undefined): Difference {
  const text = attrs[field]!;
  const stored = Number(text);
  const allowed = P_VALUE_FIELDS.has(field) ? Math.max(1e-4 * Math.abs(stored), 1e-12) : tolerance(text);
  const ok = ours !== undefined && Number.isFinite(ours) && Math.abs(ours - stored) <= allowed;
  return { where, field, stored, ours, ok };
}
