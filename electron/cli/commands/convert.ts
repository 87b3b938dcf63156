// `caliper convert KIND --option value ...`: the Cochrane Handbook chapter 6 conversions of shared/stats
// from the command line, printing the value with its method, source and inputs as JSON.
// Layer: electron/cli, a thin adapter.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  combineGroups,
  ConversionError,
  logSEFromRatioCI,
  meanSDFromMedian,
  sdFromMeanCI,
  sdFromSE,
  sdOfChange,
  seFromCI,
  seFromEstimateAndP,
  type Conversion,
} from '../../../shared/stats';
import { UsageError, type CliCommand } from '../command';

const num = z.string().transform((s, ctx) => {
  const x = Number(s);
  if (s.trim() === '' || !Number.isFinite(x)) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a number` });
    return z.NEVER;
  }
  return x;
});
const opt = num.optional();

interface Kind {
  summary: string;
  numbers: string[];
  flags?: string[];
  schema: z.ZodType<Record<string, unknown>>;
  run(a: Record<string, never>): Conversion<unknown>;
}

const kinds: Record<string, Kind> = {
  'se-from-ci': {
    summary: '--lower L --upper U [--level 95] [--df DF]   SE from a CI (t with DF for small samples)',
    numbers: ['lower', 'upper', 'level', 'df'],
    schema: z.object({ lower: num, upper: num, level: opt, df: opt }),
    run: (a: { lower: number; upper: number; level?: number; df?: number }) =>
      seFromCI(a.lower, a.upper, {
        ...(a.level === undefined ? {} : { level: a.level }),
        ...(a.df === undefined ? {} : { df: a.df }),
      }),
  },
  'sd-from-se': {
    summary: '--se SE --n N   SD of a mean from its SE',
    numbers: ['se', 'n'],
    schema: z.object({ se: num, n: num }),
    run: (a: { se: number; n: number }) => sdFromSE(a.se, a.n),
  },
  'sd-from-mean-ci': {
    summary:
      '--lower L --upper U --n N [--level 95] [--t|--normal]   SD from the CI of a mean (t on n - 1 df when n < 60, as the form does; --t or --normal to choose)',
    numbers: ['lower', 'upper', 'n', 'level'],
    flags: ['t', 'normal'],
    schema: z
      .object({ lower: num, upper: num, n: num, level: opt, t: z.boolean().optional(), normal: z.boolean().optional() })
      .refine((a) => !(a.t && a.normal), 'choose --t or --normal, not both'),
    run: (a: { lower: number; upper: number; n: number; level?: number; t?: boolean; normal?: boolean }) =>
      sdFromMeanCI(a.lower, a.upper, a.n, {
        ...(a.t ? { t: true } : a.normal ? { t: false } : {}),
        ...(a.level === undefined ? {} : { level: a.level }),
      }),
  },
  'log-se-from-ci': {
    summary: '--lower L --upper U [--level 95]   SE of a log ratio (RR, OR, HR) from its CI',
    numbers: ['lower', 'upper', 'level'],
    schema: z.object({ lower: num, upper: num, level: opt }),
    run: (a: { lower: number; upper: number; level?: number }) =>
      logSEFromRatioCI(a.lower, a.upper, a.level === undefined ? {} : { level: a.level }),
  },
  'se-from-p': {
    summary: '--estimate E --p P [--df DF] [--log]   SE from an estimate and its two-sided p (--log: a ratio)',
    numbers: ['estimate', 'p', 'df'],
    flags: ['log'],
    schema: z.object({ estimate: num, p: num, df: opt, log: z.boolean().optional() }),
    run: (a: { estimate: number; p: number; df?: number; log?: boolean }) =>
      seFromEstimateAndP(a.estimate, a.p, {
        scale: a.log ? 'log' : 'identity',
        ...(a.df === undefined ? {} : { df: a.df }),
      }),
  },
  'mean-sd-from-median': {
    summary: '--median M --n N [--min A --max B] [--q1 Q1 --q3 Q3]   mean and SD (Luo 2018, Wan 2014, Shi 2020)',
    numbers: ['median', 'n', 'min', 'max', 'q1', 'q3'],
    schema: z.object({ median: num, n: num, min: opt, max: opt, q1: opt, q3: opt }),
    run: (a: { median: number; n: number; min?: number; max?: number; q1?: number; q3?: number }) =>
      meanSDFromMedian(a),
  },
  'combine-groups': {
    summary: '--n1 --mean1 --sd1 --n2 --mean2 --sd2   two groups combined into one (Handbook Table 6.5.a)',
    numbers: ['n1', 'mean1', 'sd1', 'n2', 'mean2', 'sd2'],
    schema: z.object({ n1: num, mean1: num, sd1: num, n2: num, mean2: num, sd2: num }),
    run: (a: { n1: number; mean1: number; sd1: number; n2: number; mean2: number; sd2: number }) =>
      combineGroups({ n: a.n1, mean: a.mean1, sd: a.sd1 }, { n: a.n2, mean: a.mean2, sd: a.sd2 }),
  },
  'sd-of-change': {
    summary: '--sd-baseline SB --sd-final SF --r R   SD of a change from baseline',
    numbers: ['sd-baseline', 'sd-final', 'r'],
    schema: z.object({ 'sd-baseline': num, 'sd-final': num, r: num }),
    run: (a: { 'sd-baseline': number; 'sd-final': number; r: number }) =>
      sdOfChange(a['sd-baseline'], a['sd-final'], a.r),
  },
} as unknown as Record<string, Kind>;

const usage = `Usage: caliper convert KIND --option value ...

Converts reported statistics (Cochrane Handbook chapter 6) and prints {"value", "method", "source", "inputs"}
as JSON on standard output. Kinds:
${Object.entries(kinds)
  .map(([name, k]) => `  ${name.padEnd(20)} ${k.summary}`)
  .join('\n')}

Exit status: 0 converted; 2 usage error or impossible input (e.g. upper limit below lower, p outside 0..1),
reported as {"error", "field", "message"} JSON on standard error.
`;

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'convert reported statistics (CI, SE, p, median/IQR/range, groups) for pooling',
  usage,
  async run(argv, io) {
    const [kindName, ...rest] = argv;
    if (kindName === undefined) throw new UsageError('name a KIND of conversion');
    const kind = kinds[kindName];
    if (!kind) throw new UsageError(`unknown conversion "${kindName}"`);
    const options: Record<string, { type: 'string' | 'boolean' }> = {};
    for (const name of kind.numbers) options[name] = { type: 'string' };
    for (const name of kind.flags ?? []) options[name] = { type: 'boolean' };
    const { values } = parseArgs({ args: rest, options, allowPositionals: false });
    const parsed = kind.schema.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.');
      io.stderr(`${JSON.stringify({ error: 'invalid input', field, message: `--${field}: ${issue.message}` })}\n`);
      return 2;
    }
    try {
      io.stdout(`${JSON.stringify(kind.run(parsed.data as Record<string, never>), null, 2)}\n`);
      return 0;
    } catch (error) {
      if (error instanceof ConversionError) {
        io.stderr(`${JSON.stringify({ error: 'invalid input', field: error.field, message: error.message })}\n`);
        return 2;
      }
      throw error;
    }
  },
};
