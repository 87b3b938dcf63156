// Fuzz of the pooling input path: random analyses, valid and not, through poolOne (what `caliper pool`
// runs for each analysis: zod validation, then runAnalysis). No exception may escape (only the documented
// JSON issues), no input may take over 2 s, and every number of a result must be finite and in its range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poolOne } from '../../../electron/cli/commands/pool';
import { MEASURES, METHODS } from '../../../shared/stats';
import { fuzzRuns } from '../../helpers/fuzz';

/** Numbers that break formulas: zeros, negatives, huge and tiny magnitudes, ordinary values. */
const anyNumber = fc.oneof(
  fc.constantFrom(0, 1, 2, -1, 0.5, 1e-300, 1e-160, 1e-12, 1e12, 1e200, 1e308, -1e308, 100000, 0.999999),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.double({ noNaN: true }),
  fc.integer({ min: 0, max: 500 }),
);
const count = fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 1_000_000 }), anyNumber);
const field = fc.oneof({ weight: 8, arbitrary: count }, { weight: 1, arbitrary: fc.constantFrom(null, 'x', true) });

const study = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 6 }), fc.integer()),
    ai: field,
    n1i: field,
    ci: field,
    n2i: field,
    m1i: field,
    sd1i: field,
    m2i: field,
    sd2i: field,
    xi: field,
    ni: field,
    mi: field,
    sdi: field,
    ri: fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), field),
    yi: field,
    vi: field,
    sei: field,
    ci_lb: field,
    ci_ub: field,
    scale: fc.constantFrom('log', 'identity'),
    subgroup: fc.constantFrom('a', 'b', 1),
  },
  { requiredKeys: ['id'] },
);

const analysis = fc.record(
  {
    measure: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...MEASURES) }, { weight: 1, arbitrary: fc.string() }),
    method: fc.constantFrom(...METHODS),
    test: fc.constantFrom('z', 'knha'),
    level: fc.oneof(fc.constantFrom(95, 90, 0.9, 99.9), anyNumber),
    studies: fc.array(study, { minLength: 0, maxLength: 12 }),
    leave1out: fc.boolean(),
    cumulative: fc.boolean(),
    regtest: fc.boolean(),
    trimfill: fc.boolean(),
    add: fc.oneof(fc.constantFrom(0, 0.5, 1), anyNumber),
    to: fc.constantFrom('all', 'only0', 'if0all', 'none'),
    drop00: fc.boolean(),
    convention: fc.constantFrom('metafor', 'revman5'),
    model: fc.constantFrom('fixed', 'random'),
  },
  { requiredKeys: ['measure', 'studies'] },
);

/** Plausible data, so that most inputs get past validation and exercise the estimators. */
const plausible = fc
  .record({
    measure: fc.constantFrom('RR', 'OR', 'RD', 'MD', 'SMD', 'GEN', 'PLO', 'PFT'),
    method: fc.constantFrom(...METHODS),
    k: fc.integer({ min: 1, max: 15 }),
    seedStudies: fc.array(
      fc.record({
        n1: fc.integer({ min: 1, max: 5000 }),
        n2: fc.integer({ min: 1, max: 5000 }),
        p1: fc.double({ min: 0, max: 1, noNaN: true }),
        p2: fc.double({ min: 0, max: 1, noNaN: true }),
        m: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        sd: fc.oneof(fc.double({ min: 1e-3, max: 1e5, noNaN: true }), fc.constant(100000)),
        sei: fc.double({ min: 1e-8, max: 1e4, noNaN: true }),
      }),
      { minLength: 15, maxLength: 15 },
    ),
    extras: fc.record({ regtest: fc.boolean(), trimfill: fc.boolean(), leave1out: fc.boolean() }),
    convention: fc.constantFrom('metafor', 'revman5'),
    drop00: fc.boolean(),
  })
  .map(({ measure, method, k, seedStudies, extras, convention, drop00 }) => ({
    // Under RevMan 5's convention, mostly the measures and methods RevMan has (some others, to be refused).
    ...(convention === 'revman5' && k % 5 !== 0
      ? {
          measure: (['RR', 'OR', 'RD', 'MD', 'SMD', 'GEN'] as const)[k % 6],
          method: (['FE', 'DL', 'MH', 'PETO'] as const)[k % 4],
          model: k % 2 ? 'random' : 'fixed',
        }
      : { measure, method, ...extras }),
    convention,
    drop00,
    studies: seedStudies.slice(0, k).map((s, i) => ({
      id: `S${i}`,
      ai: Math.round(s.p1 * s.n1),
      n1i: s.n1,
      ci: Math.round(s.p2 * s.n2),
      n2i: s.n2,
      m1i: s.m,
      sd1i: s.sd,
      m2i: s.m / 2,
      sd2i: s.sd / 3 + 0.1,
      xi: Math.round(s.p1 * s.n1),
      ni: s.n1,
      yi: s.m,
      sei: s.sei,
    })),
  }));

/** Every number in a result finite, I² in [0, 100], p-values in [0, 1], tau² and SEs not negative. */
function checkNumbers(value: unknown, key = '', path = 'result'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
    if (key === 'I2' || key === 'Qb_I2') expect(value >= 0 && value <= 100, `${path} = ${value}`).toBe(true);
    if (key === 'pval' || key === 'Qp' || key === 'Qb_p')
      expect(value >= 0 && value <= 1, `${path} = ${value}`).toBe(true);
    if (key === 'tau2' || key === 'se' || key === 'Q') expect(value, path).toBeGreaterThanOrEqual(0);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkNumbers(v, typeof v === 'number' ? key : '', `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) checkNumbers(v, k, `${path}.${k}`);
}

function runTarget(name: string, arbitrary: fc.Arbitrary<unknown>, quick: number) {
  let pooled = 0,
    refused = 0,
    slowest = 0;
  fc.assert(
    fc.property(arbitrary, (raw) => {
      // As caliper pool reads it: through JSON (NaN and infinities become null).
      const input = JSON.parse(JSON.stringify(raw)) as unknown;
      const start = performance.now();
      const out = poolOne(input);
      const ms = performance.now() - start;
      slowest = Math.max(slowest, ms);
      expect(ms, 'one analysis took over 2 s').toBeLessThan(2000);
      if (out.ok) {
        pooled++;
        checkNumbers(out.result);
      } else {
        refused++;
        expect(out.issues.length).toBeGreaterThan(0);
        for (const issue of out.issues) {
          expect(typeof issue.field).toBe('string');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }
    }),
    { numRuns: fuzzRuns(quick) },
  );
  console.log(
    `${name}: ${pooled + refused} inputs, ${pooled} pooled, ${refused} refused with JSON issues, slowest ${slowest.toFixed(1)} ms`,
  );
}

describe('pooling input path', () => {
  it('fuzz: arbitrary analyses give a result or JSON issues, never an exception, a hang or a non-finite number', () => {
    runTarget('pool fuzz (arbitrary)', analysis, 300);
  });

  it('fuzz: plausible analyses (2x2 tables, means, generic) pool or fail with a StatsError, finite and in range', () => {
    runTarget('pool fuzz (plausible)', plausible, 300);
  });
});
