// `caliper pool [FILE|-]`: reads one analysis (or an array of analyses) as JSON, validates it with zod,
// pools it with shared/stats and prints the result as JSON. Layer: electron/cli, a thin adapter.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  MEASURES,
  METHODS,
  runAnalysis,
  StatsError,
  ZERO_CELL_TO,
  type AnalysisInput,
  type AnalysisResult,
  type Measure,
} from '../../../shared/stats';
import { UsageError, type CliCommand, type CliIO } from '../command';

const usage = `Usage: caliper pool [FILE|-] [--compact]

Pools one meta-analysis, or an array of them, read as JSON from FILE or standard input ("-" or no FILE),
and writes the result (or an array of results, in input order) as JSON on standard output.

Input:  {"measure": "RR", "method": "REML", "test": "z", "level": 95,
         "studies": [{"id": "Smith 2001", "ai": 4, "n1i": 123, "ci": 11, "n2i": 139}, ...]}
  measure  RR OR RD (ai n1i ci n2i) | MD SMD ROM (m1i sd1i n1i m2i sd2i n2i) | PR PLO PAS PFT (xi ni)
           MN (mi sdi ni) | MC (m1i m2i sd1i sd2i ni ri) | ZCOR (ri ni)
           GEN (yi with vi or sei, or ci_lb and ci_ub; "scale": "log" for ratios such as hazard ratios,
           "ci_level" when the CI is not 95%)
  method   FE DL REML ML PM HE SJ EB HS (inverse variance), MH (RR, OR, RD), PETO (OR); default REML
  test     z (default) or knha (Hartung-Knapp-Sidik-Jonkman)
  level    confidence level in percent (default 95); below 1 it is a fraction, as in metafor (0.9 = 90%)
  add, to, drop00   zero cells, as metafor's escalc/rma: add (default 1/2) goes to every cell of the studies
           chosen by to: "only0" (default: tables or proportions with a zero cell), "all", "if0all" (every
           study if any has a zero cell), "none"; drop00 true leaves out studies with no events (or only
           events) in both groups. drop00 defaults to false for inverse-variance methods (rma.uni) and true
           for MH and PETO (rma.mh, rma.peto, where these shape only the study effects behind Q). Cochrane's
           exclusion of double-zero studies from ratio measures is "drop00": true.
  convention  "metafor" (default) or "revman5": RevMan 5's formulas (Deeks & Higgins 2010), so totals, CIs,
           tau2, Q (chi2), I2 and weights equal what RevMan 5 shows. Measures RR OR RD MD SMD GEN; methods
           FE and DL (inverse variance), MH, PETO; "model": "random" with MH for RevMan's random effects
           (tau2 by DerSimonian-Laird from Q around the MH estimate). Subgroups add Qb_I2 (RevMan's I2 of
           the test for subgroup differences).
  leave1out, cumulative, regtest, trimfill   true to add those analyses (inverse-variance methods only;
           regtest and trimfill with metafor's defaults); a "subgroup" label on every study adds subgroups

Output: k, estimate, se, ci_lb, ci_ub, pi_lb, pi_ub, stat, pval, df, tau2, tau, I2 (%), H2, Q, Qdf, Qp,
  confint (Q-profile [estimate, lower, upper] for tau2, tau, I2, H2), studies [{id, yi, vi, weight (%)}],
  transformed (natural scale: exp, inverse logit, ...), excluded [{id, reason}] for studies whose effect is
  not estimable, and leave1out, cumulative, subgroups (groups, Qb, Qb_df, Qb_p), regtest, trimfill when
  asked for. Fields that do not apply are left out.

Options:
  --compact   one line of JSON instead of indented output

Every number printed is finite (I2 in [0, 100], p-values in [0, 1], tau2 >= 0).

Exit status: 0 pooled; 2 bad input, an analysis that cannot be computed, or usage. Bad input (unknown
measure or method, negative counts, events above the total, SD <= 0, no usable study) and analyses that
cannot be computed (an estimator that does not converge, Egger's test on studies with equal standard
errors, trim-and-fill that does not converge, values so extreme a number would not be finite) print
{"error": ..., "issues": [{"analysis", "study", "field", "message", "code"}]} as JSON on standard error,
naming the analysis (index in an array), the study (where one is to blame) and the field; "code" is
"convergence", "singular" or "not_finite" for analyses that could not be computed.
`;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const count = finite.refine((x) => x >= 0, 'must not be negative');
const size = finite.refine((x) => x > 0, 'must be positive');
const sd = finite.refine((x) => x > 0, 'must be greater than 0');
const correlation = finite.refine((x) => x >= -1 && x <= 1, 'must be between -1 and 1');
const id = z.union([z.string(), z.number()]).transform(String);

function atMost<E extends string, T extends string>(event: E, total: T) {
  return (s: Record<E | T, number>, ctx: z.RefinementCtx) => {
    if (s[event] > s[total])
      ctx.addIssue({ code: 'custom', path: [event], message: `${event} (events) is larger than ${total} (the total)` });
  };
}

const studySchemas: Record<Measure, z.ZodType> = {
  RR: z
    .object({ id, ai: count, n1i: size, ci: count, n2i: size })
    .superRefine(atMost('ai', 'n1i'))
    .superRefine(atMost('ci', 'n2i')),
  OR: z
    .object({ id, ai: count, n1i: size, ci: count, n2i: size })
    .superRefine(atMost('ai', 'n1i'))
    .superRefine(atMost('ci', 'n2i')),
  RD: z
    .object({ id, ai: count, n1i: size, ci: count, n2i: size })
    .superRefine(atMost('ai', 'n1i'))
    .superRefine(atMost('ci', 'n2i')),
  MD: z.object({ id, m1i: finite, sd1i: sd, n1i: size, m2i: finite, sd2i: sd, n2i: size }),
  SMD: z.object({ id, m1i: finite, sd1i: sd, n1i: size, m2i: finite, sd2i: sd, n2i: size }),
  ROM: z.object({ id, m1i: finite, sd1i: sd, n1i: size, m2i: finite, sd2i: sd, n2i: size }),
  PR: z.object({ id, xi: count, ni: size }).superRefine(atMost('xi', 'ni')),
  PLO: z.object({ id, xi: count, ni: size }).superRefine(atMost('xi', 'ni')),
  PAS: z.object({ id, xi: count, ni: size }).superRefine(atMost('xi', 'ni')),
  PFT: z.object({ id, xi: count, ni: size }).superRefine(atMost('xi', 'ni')),
  MN: z.object({ id, mi: finite, sdi: sd, ni: size }),
  MC: z.object({ id, m1i: finite, m2i: finite, sd1i: sd, sd2i: sd, ni: size, ri: correlation }),
  SMCR: z.object({ id, m1i: finite, m2i: finite, sd1i: sd, ni: size, ri: correlation }),
  ZCOR: z.object({ id, ri: correlation, ni: size }),
  GEN: z
    .object({
      id,
      yi: finite.optional(),
      vi: size.optional(),
      sei: size.optional(),
      ci_lb: finite.optional(),
      ci_ub: finite.optional(),
      ci_level: finite.refine((x) => x > 0 && x < 100, 'must be between 0 and 100').optional(),
      scale: z.enum(['log', 'identity']).optional(),
    })
    .superRefine((s, ctx) => {
      const hasCi = s.ci_lb !== undefined && s.ci_ub !== undefined;
      if (s.yi === undefined && !hasCi)
        ctx.addIssue({ code: 'custom', path: ['yi'], message: 'yi is required unless ci_lb and ci_ub are given' });
      if (s.vi === undefined && s.sei === undefined && !hasCi) {
        ctx.addIssue({ code: 'custom', path: ['vi'], message: 'needs vi, sei, or ci_lb and ci_ub' });
      }
      if (hasCi && !(s.ci_lb! < s.ci_ub!))
        ctx.addIssue({ code: 'custom', path: ['ci_lb'], message: 'ci_lb must be below ci_ub' });
    }),
};

const analysisSchema = z.object({
  measure: z.enum(MEASURES),
  method: z.enum(METHODS).default('REML'),
  test: z.enum(['z', 'knha']).default('z'),
  // As metafor: a level below 1 is a fraction (0.95 means 95 %).
  level: finite
    .refine((x) => x > 0 && x < 100 && x !== 1, 'must be a percentage between 0 and 100 (or a fraction below 1)')
    .transform((x) => (x < 1 ? x * 100 : x))
    .default(95),
  scale: z.enum(['log', 'identity']).optional(),
  studies: z.array(z.looseObject({})).min(1, 'needs at least one study'),
  leave1out: z.boolean().optional(),
  cumulative: z.boolean().optional(),
  regtest: z.boolean().optional(),
  trimfill: z.boolean().optional(),
  add: finite.refine((x) => x >= 0, 'must not be negative').optional(),
  to: z.enum(ZERO_CELL_TO).optional(),
  drop00: z.boolean().optional(),
  convention: z.enum(['metafor', 'revman5']).optional(),
  model: z.enum(['fixed', 'random']).optional(),
});
const subgroup = z.union([z.string(), z.number()]).transform(String).optional();

export interface InputIssue {
  analysis?: number;
  study?: string;
  field: string;
  message: string;
  /** Set when the input was valid but the analysis could not be computed (convergence, singular, not finite). */
  code?: 'convergence' | 'singular' | 'not_finite';
}

/** Validates one analysis; returns the typed input or the issues, each naming the study and field. */
export function validateAnalysis(
  raw: unknown,
  analysis?: number,
): { ok: true; input: AnalysisInput } | { ok: false; issues: InputIssue[] } {
  const at = analysis === undefined ? {} : { analysis };
  const top = analysisSchema.safeParse(raw);
  if (!top.success) {
    return {
      ok: false,
      issues: top.error.issues.map((i) => ({
        ...at,
        field: i.path.map(String).join('.') || 'analysis',
        message: i.message,
      })),
    };
  }
  const issues: InputIssue[] = [];
  const studies = top.data.studies.map((s, index) => {
    const parsed = studySchemas[top.data.measure].safeParse(s);
    const label = subgroup.safeParse(s.subgroup);
    if (parsed.success && label.success) {
      return {
        ...(parsed.data as AnalysisInput['studies'][number]),
        ...(label.data === undefined ? {} : { subgroup: label.data }),
      };
    }
    const name = typeof s.id === 'string' || typeof s.id === 'number' ? String(s.id) : `#${index + 1}`;
    if (!label.success) issues.push({ ...at, study: name, field: 'subgroup', message: 'must be a string or number' });
    for (const i of parsed.error?.issues ?? [])
      issues.push({ ...at, study: name, field: i.path.map(String).join('.') || 'study', message: i.message });
    return undefined;
  });
  if (issues.length) return { ok: false, issues };
  return { ok: true, input: { ...top.data, studies: studies as AnalysisInput['studies'] } };
}

/** Validates and pools one analysis. */
export function poolOne(
  raw: unknown,
  analysis?: number,
): { ok: true; result: AnalysisResult } | { ok: false; issues: InputIssue[] } {
  const v = validateAnalysis(raw, analysis);
  if (!v.ok) return v;
  const at = analysis === undefined ? {} : { analysis };
  try {
    const result = runAnalysis(v.input);
    const bad = nonFinite(result);
    if (bad) {
      return {
        ok: false,
        issues: [
          {
            ...at,
            field: bad,
            message: `${bad} is not a finite number: no result can be printed for it`,
            code: 'not_finite',
          },
        ],
      };
    }
    return { ok: true, result };
  } catch (error) {
    if (error instanceof StatsError) {
      return {
        ok: false,
        issues: [
          {
            ...at,
            ...(error.study ? { study: error.study } : {}),
            field: error.field,
            message: error.message,
            ...(error.code === 'input' ? {} : { code: error.code }),
          },
        ],
      };
    }
    throw error;
  }
}

/** The path of the first number JSON cannot hold (NaN, ±Infinity print as null), or undefined. */
function nonFinite(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || 'result';
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = nonFinite(v, `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = nonFinite(v, path ? `${path}.${k}` : k);
      if (bad) return bad;
    }
  }
  return undefined;
}

export async function readInput(file: string | undefined, io: CliIO): Promise<unknown> {
  let text: string;
  try {
    text = file === undefined || file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const poolCommand: CliCommand = {
  name: 'pool',
  summary: 'pool studies given as JSON (meta-analysis with the numbers of R metafor) and print the result',
  usage,
  async run(argv, io) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { compact: { type: 'boolean', default: false } },
    });
    if (positionals.length > 1) throw new UsageError('give one FILE, or - for standard input');
    const raw = await readInput(positionals[0], io);
    const batch = Array.isArray(raw);
    const outcomes = batch ? raw.map((a, i) => poolOne(a, i)) : [poolOne(raw)];
    const issues = outcomes.flatMap((o) => (o.ok ? [] : o.issues));
    if (issues.length) {
      const error = issues.every((i) => i.code) ? 'analysis could not be computed' : 'invalid input';
      io.stderr(`${JSON.stringify({ error, issues }, null, 2)}\n`);
      return 2;
    }
    const results = outcomes.map((o) => (o.ok ? o.result : undefined));
    io.stdout(`${JSON.stringify(batch ? results : results[0], null, values.compact ? undefined : 2)}\n`);
    return 0;
  },
};
