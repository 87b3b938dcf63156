// Inverse-variance pooling: the common-effect and random-effects models without moderators, with z or
// Hartung-Knapp(-Sidik-Jonkman) tests, heterogeneity statistics and the prediction interval, as
// metafor's rma.uni() and predict() (metafor 3.8). Layer: shared (pure TypeScript).
// Sources: Borenstein et al. 2010 (Res Synth Methods 1:97); Hartung & Knapp 2001 (Stat Med 20:3875);
// Higgins & Thompson 2002 (Stat Med 21:1539) for I² and H²; Riley et al. 2011 (BMJ 342:d549) for the PI.
import { criticalValue, pchisqUpper, twoSidedNormalP, twoSidedTP } from './distributions';
import { StatsError } from './errors';
import { estimateTau2, weightedFit, type Tau2Method, type Tau2Options } from './tau2';

export type PoolMethod = 'FE' | Tau2Method;
export type PoolTest = 'z' | 'knha';

export interface PoolOptions extends Tau2Options {
  method?: PoolMethod;
  test?: PoolTest;
  /** Confidence level in percent (95 unless given). */
  level?: number;
}

export interface Heterogeneity {
  /** Cochran's Q with inverse sampling-variance weights, its degrees of freedom and p-value. */
  Q: number;
  Qdf: number;
  Qp: number;
  /** I² in percent and H². */
  I2: number;
  H2: number;
  /** metafor's "typical" within-study variance, (k - 1) / (Σw - Σw²/Σw). */
  vt: number;
}

export interface PoolResult extends Heterogeneity {
  method: PoolMethod;
  test: PoolTest;
  level: number;
  k: number;
  estimate: number;
  se: number;
  /** z or t statistic, and its p-value. */
  stat: number;
  pval: number;
  /** Degrees of freedom of the t test (knha only). */
  df?: number;
  ci_lb: number;
  ci_ub: number;
  /** Prediction interval (random-effects models only). */
  pi_lb?: number;
  pi_ub?: number;
  tau2: number;
  /** Weights in percent, in input order. */
  weights: number[];
}

/** Cochran's Q, I² and H² as rma.uni() reports them for a model with the given tau² (Higgins & Thompson 2002). */
export function heterogeneity(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  tau2: number,
  commonEffect: boolean,
): Heterogeneity {
  const k = yi.length;
  if (k <= 1) return { Q: 0, Qdf: 0, Qp: 1, I2: 0, H2: 1, vt: 0 };
  const { trP, q } = weightedFit(yi, vi, 0);
  const Q = Math.max(0, q);
  const Qdf = k - 1;
  const vt = Qdf / trP;
  // The common-effect model has no tau², so I² and H² come from Q itself; random-effects ones from tau².
  // Clamped to their ranges: rounding must not print an I² of 100.00000000000001.
  const I2 = Math.min(100, commonEffect ? Math.max(0, (100 * (Q - Qdf)) / Q) : (100 * tau2) / (vt + tau2));
  const H2 = commonEffect ? Q / Qdf : tau2 / vt + 1;
  return { Q, Qdf, Qp: pchisqUpper(Q, Qdf), I2, H2, vt };
}

/** Pools effect sizes yi with sampling variances vi by inverse-variance weighting, as metafor's rma.uni(). */
export function pool(yi: ArrayLike<number>, vi: ArrayLike<number>, options: PoolOptions = {}): PoolResult {
  const k = yi.length;
  if (k === 0) throw new StatsError('input', 'no studies to pool', 'studies');
  if (vi.length !== k) throw new StatsError('input', 'yi and vi differ in length', 'vi');
  for (let i = 0; i < k; i++) {
    // Weights 1/vi and the products w·yi, w·yi² must be finite, or every sum below is Infinity or NaN.
    const w = 1 / vi[i]!;
    if (!(vi[i]! > 0 && Number.isFinite(w) && Number.isFinite(w * yi[i]! * yi[i]!)))
      throw new StatsError(
        'not_finite',
        `study ${i + 1}: yi = ${yi[i]}, vi = ${vi[i]} are beyond what can be weighted`,
        'vi',
      );
  }
  const method = options.method ?? 'REML';
  const level = options.level ?? 95;
  const commonEffect = method === 'FE';
  // metafor: with k = 1, tau² is 0 and the test is z.
  const test: PoolTest = k === 1 ? 'z' : (options.test ?? 'z');
  const tau2 = commonEffect ? 0 : estimateTau2(yi, vi, method, options).tau2;

  const { sw, mu, q } = weightedFit(yi, vi, tau2);
  const weights = Array.from({ length: k }, (_, i) => 100 / (vi[i]! + tau2) / sw);
  let se: number, df: number | undefined, pval: number, crit: number;
  if (test === 'knha') {
    // Hartung & Knapp 2001: scale the variance by the weighted residual mean square, use t with k - 1 df.
    df = k - 1;
    const s2 = q <= Number.EPSILON ? 0 : q / df;
    se = Math.sqrt(s2 / sw);
    crit = criticalValue(level, df);
    pval = twoSidedTP(mu / se, df);
  } else {
    se = Math.sqrt(1 / sw);
    crit = criticalValue(level);
    pval = twoSidedNormalP(mu / se);
  }
  const result: PoolResult = {
    method,
    test,
    level,
    k,
    estimate: mu,
    se,
    stat: mu / se,
    pval,
    ...(df === undefined ? {} : { df }),
    ci_lb: mu - crit * se,
    ci_ub: mu + crit * se,
    tau2,
    ...heterogeneity(yi, vi, tau2, commonEffect),
    weights,
  };
  if (!commonEffect) {
    // metafor's predict(): μ̂ ± crit √(SE² + tau²), crit from the model's test (t with k - 1 df for knha).
    const half = crit * Math.sqrt(se * se + tau2);
    result.pi_lb = mu - half;
    result.pi_ub = mu + half;
  }
  return result;
}
