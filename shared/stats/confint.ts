// Q-profile confidence interval for tau², tau, I² and H², as metafor's confint() for rma.uni models.
// Layer: shared (pure TypeScript). Source: Viechtbauer 2007 (Stat Med 26:37), "Confidence intervals for
// the amount of heterogeneity in meta-analysis".
import { qchisq } from './distributions';
import { bisectDecreasing, generalisedQ } from './tau2';

export interface HeterogeneityInterval {
  /** [estimate, lower, upper] for each quantity, as metafor's confint()$random rows. */
  tau2: [number, number, number];
  tau: [number, number, number];
  I2: [number, number, number];
  H2: [number, number, number];
}

/**
 * Q-profile interval: the tau² values at which the generalised Q equals the chi-square (k - 1) quantiles;
 * a bound is 0 where Q(0) is already below its quantile. `vt` is the typical within-study variance.
 */
export function confintTau2(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  tau2: number,
  vt: number,
  level = 95,
): HeterogeneityInterval {
  const k = yi.length;
  const alpha = 1 - level / 100;
  const critUpper = qchisq(1 - alpha / 2, k - 1);
  const critLower = qchisq(alpha / 2, k - 1);
  const tau2max = Math.max(100, 10 * tau2);
  const Q = (t: number) => generalisedQ(yi, vi, t);
  const q0 = Q(0),
    qmax = Q(tau2max);
  let lb: number, ub: number;
  if (q0 < critLower) {
    lb = 0;
    ub = 0;
  } else {
    ub = qmax > critLower ? tau2max : bisectDecreasing((t) => Q(t) - critLower, 0, tau2max);
    if (qmax > critUpper) {
      lb = tau2max;
      ub = tau2max;
    } else {
      lb = q0 < critUpper ? 0 : bisectDecreasing((t) => Q(t) - critUpper, 0, tau2max);
    }
  }
  const I2 = (t: number) => (100 * t) / (vt + t);
  const H2 = (t: number) => t / vt + 1;
  return {
    tau2: [tau2, lb, ub],
    tau: [Math.sqrt(tau2), Math.sqrt(lb), Math.sqrt(ub)],
    I2: [I2(tau2), I2(lb), I2(ub)],
    H2: [H2(tau2), H2(lb), H2(ub)],
  };
}
