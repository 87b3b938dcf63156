// Small-study effects: Egger's regression test and Duval & Tweedie's trim-and-fill, with metafor's
// defaults (regtest(): model "rma", predictor "sei"; trimfill(): estimator "L0", side from the sign of
// the Egger slope). Layer: shared (pure TypeScript).
// Sources: Egger et al. 1997 (BMJ 315:629); Sterne & Egger 2005; Duval & Tweedie 2000 (Biometrics 56:455).
import { ConvergenceError, StatsError } from './errors';
import { metaRegression } from './metaRegression';
import { pool, type PoolMethod, type PoolResult, type PoolTest } from './pool';

export interface RegtestResult {
  /** Test statistic (z, or t for knha) and p-value of the slope on the standard error. */
  stat: number;
  pval: number;
  df?: number;
  /** Limit estimate: the intercept, the effect as the SE goes to 0, with its confidence interval. */
  limit: { estimate: number; ci_lb: number; ci_ub: number };
}

/** Egger's regression test as metafor's regtest() for a model fitted with `method` and `test`. */
export function regtest(
  yi: number[],
  vi: number[],
  { method = 'REML', test = 'z', level = 95 }: { method?: PoolMethod; test?: PoolTest; level?: number } = {},
): RegtestResult {
  if (yi.length < 3) throw new StatsError('input', "Egger's test needs at least 3 studies", 'regtest');
  const X = vi.map((v) => [1, Math.sqrt(v)]);
  const fit = metaRegression(yi, vi, X, { method, test, level });
  const [intercept, slope] = fit.coefficients as [(typeof fit.coefficients)[0], (typeof fit.coefficients)[0]];
  return {
    stat: slope.stat,
    pval: slope.pval,
    ...(fit.df === undefined ? {} : { df: fit.df }),
    limit: { estimate: intercept.estimate, ci_lb: intercept.ci_lb, ci_ub: intercept.ci_ub },
  };
}

export interface TrimfillResult {
  /** Number of studies estimated missing, their side, and the SE of k0. */
  k0: number;
  se_k0: number;
  side: 'left' | 'right';
  /** Effect sizes and variances of the filled (imputed) studies. */
  filled: { yi: number; vi: number }[];
  /** The model refitted with the filled studies added (metafor: same method, z test, 95%). */
  fit: PoolResult;
}

/** Trim-and-fill with the L0 estimator, as metafor's trimfill() for a model fitted with `method`. */
export function trimfill(
  yi: number[],
  vi: number[],
  { method = 'REML', maxiter = 100 }: { method?: PoolMethod; maxiter?: number } = {},
): TrimfillResult {
  const k = yi.length;
  if (k < 3) throw new StatsError('input', 'trim-and-fill needs at least 3 studies', 'trimfill');
  // Side: where the small studies are missing, from the sign of the slope on √vi (positive: left).
  const slope = metaRegression(
    yi,
    vi,
    vi.map((v) => [1, Math.sqrt(v)]),
    { method },
  ).coefficients[1]!.estimate;
  const side = slope < 0 ? 'right' : 'left';
  const sign = side === 'right' ? -1 : 1;
  // Sort ascending on the (flipped) scale; stable for ties, as R's sort.
  const order = yi.map((y, i) => ({ y: sign * y, v: vi[i]!, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const y = order.map((o) => o.y),
    v = order.map((o) => o.v);
  let k0 = 0,
    previous = -1,
    iterations = 0,
    beta = 0,
    se_k0 = 0;
  while (k0 !== previous) {
    previous = k0;
    if (++iterations > maxiter)
      throw new ConvergenceError(`trim-and-fill did not converge in ${maxiter} iterations`, 'trimfill');
    beta = pool(y.slice(0, k - k0), v.slice(0, k - k0), { method }).estimate;
    const centred = y.map((x) => x - beta);
    // Signed ranks of |y - β| (ties by position, R's ties.method = "first").
    const ranks = new Array<number>(k);
    centred
      .map((c, i) => ({ a: Math.abs(c), i }))
      .sort((a, b) => a.a - b.a || a.i - b.i)
      .forEach((e, r) => {
        ranks[e.i] = r + 1;
      });
    let Sr = 0;
    for (let i = 0; i < k; i++) if (centred[i]! > 0) Sr += ranks[i]!;
    const L0 = (4 * Sr - k * (k + 1)) / (2 * k - 1);
    const varSr =
      (k * (k + 1) * (2 * k + 1) +
        10 * L0 ** 3 +
        27 * L0 ** 2 +
        17 * L0 -
        18 * k * L0 ** 2 -
        18 * k * L0 +
        6 * k ** 2 * L0) /
      24;
    // The variance formula can dip below 0 for extreme L0 (metafor then prints NaN): reported as 0.
    se_k0 = (4 * Math.sqrt(Math.max(0, varSr))) / (2 * k - 1);
    k0 = Math.max(0, Math.round(L0));
  }
  // Fill: mirror the k0 most extreme studies around the trimmed estimate, back on the original scale.
  const filled = y.slice(k - k0).map((x, j) => ({ yi: sign * (2 * beta - x), vi: v[k - k0 + j]! }));
  const fit = pool([...yi, ...filled.map((f) => f.yi)], [...vi, ...filled.map((f) => f.vi)], { method });
  return { k0, se_k0, side, filled, fit };
}
