// Normal, Student t and chi-square distribution functions for the pooling core, taken from @stdlib
// (a maintained library), never hand-written approximations. Layer: shared (pure TypeScript).
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import chisqCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import gammainc from '@stdlib/math-base-special-gammainc';

/** Standard normal cumulative distribution function, P(Z ≤ x). */
export function pnorm(x: number): number {
  return normalCdf(x, 0, 1);
}

/** Standard normal quantile. */
export function qnorm(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** Student t cumulative distribution function with df degrees of freedom. */
export function pt(x: number, df: number): number {
  return tCdf(x, df);
}

/** Student t quantile with df degrees of freedom. */
export function qt(p: number, df: number): number {
  return tQuantile(p, df);
}

/** Chi-square cumulative distribution function with df degrees of freedom. */
export function pchisq(x: number, df: number): number {
  return chisqCdf(x, df);
}

/** Chi-square quantile with df degrees of freedom. */
export function qchisq(p: number, df: number): number {
  return chisqQuantile(p, df);
}

/**
 * Upper tail of the chi-square distribution, P(X > x), as R's pchisq(x, df, lower.tail = FALSE).
 * Computed directly as the regularized upper incomplete gamma Q(df/2, x/2), not as 1 - cdf, which
 * cancels to 0 once the p-value falls below ~1e-16. Boundary cases (x ≤ 0, x = ∞, df = 0, NaN), where
 * gammainc is undefined, keep the distribution function's conventions.
 */
export function pchisqUpper(x: number, df: number): number {
  if (x > 0 && x < Infinity && df > 0) return gammainc(x / 2, df / 2, true, true);
  return 1 - chisqCdf(x, df);
}

/** Two-sided p-value of a z statistic: 2 P(Z > |z|). Computed from the lower tail for accuracy. */
export function twoSidedNormalP(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/** Two-sided p-value of a t statistic: 2 P(T > |t|). */
export function twoSidedTP(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

/** Critical value of a two-sided interval at `level` percent: normal, or t when df is given. */
export function criticalValue(level: number, df?: number): number {
  const alpha = 1 - level / 100;
  return df === undefined ? normalQuantile(1 - alpha / 2, 0, 1) : tQuantile(1 - alpha / 2, df);
}

/** The Wald z-test of an estimate with its SE: statistic, two-sided p and the confidence interval. */
export function waldZ(
  estimate: number,
  se: number,
  level: number,
): { stat: number; pval: number; ci_lb: number; ci_ub: number } {
  const crit = criticalValue(level);
  return {
    stat: estimate / se,
    pval: twoSidedNormalP(estimate / se),
    ci_lb: estimate - crit * se,
    ci_ub: estimate + crit * se,
  };
}
