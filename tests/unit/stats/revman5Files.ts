// Reads the outcomes of a RevMan 5 review file (.rm5) for the RevMan-convention tests: each outcome's
// settings, its stored totals, its subgroups and its study rows, every attribute as RevMan wrote it. A
// small test reader (not the app's importer): dichotomous, continuous and generic inverse-variance outcomes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
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

type Node = Record<string, unknown>;
const attrsOf = (n: Node): Attributes => (n[':@'] as Attributes | undefined) ?? {};
const childrenOf = (n: Node): Node[] => {
  const key = Object.keys(n).find((k) => k !== ':@');
  const value = key ? n[key] : undefined;
  return Array.isArray(value) ? (value as Node[]) : [];
};
const nameOf = (n: Node) => Object.keys(n).find((k) => k !== ':@') ?? '';

/** Every DICH/CONT/IV outcome of one .rm5 file (ISO-8859-1 XML), in file order. */
export function readRm5(file: string): Rm5Outcome[] {
  const xml = readFileSync(file).toString('latin1');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    parseAttributeValue: false,
    parseTagValue: false,
  });
  const tree = parser.parse(xml) as Node[];
  const outcomes: Rm5Outcome[] = [];
  const visit = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = nameOf(n);
      const m = /^(DICH|CONT|IV)_OUTCOME$/.exec(tag);
      if (!m) {
        visit(childrenOf(n));
        continue;
      }
      const kind = m[1] as Rm5Outcome['kind'];
      const outcome: Rm5Outcome = { file, kind, attrs: attrsOf(n), name: '', subgroups: [], rows: [] };
      for (const c of childrenOf(n)) {
        const ct = nameOf(c);
        if (ct === 'NAME') outcome.name = String((childrenOf(c)[0] as Node | undefined)?.['#text'] ?? '');
        if (ct === `${kind}_DATA`) outcome.rows.push({ attrs: attrsOf(c) });
        if (ct === `${kind}_SUBGROUP`) {
          const sg: Rm5Subgroup = { attrs: attrsOf(c), rows: [] };
          for (const r of childrenOf(c)) if (nameOf(r) === `${kind}_DATA`) sg.rows.push({ attrs: attrsOf(r) });
          outcome.subgroups.push(sg);
          outcome.rows.push(...sg.rows);
        }
      }
      outcomes.push(outcome);
    }
  };
  visit(tree);
  return outcomes;
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
