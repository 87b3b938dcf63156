// Estimators of the between-study variance tau² for the random-effects model without moderators, as
// metafor's rma.uni() computes them (metafor 3.8). Layer: shared (pure TypeScript).
// Source for all of them: Viechtbauer 2005 (J Educ Behav Stat 30:261) and the rma.uni() help page.
// Every loop here has an iteration cap and stops on a non-finite step: the answer is a number or a
// ConvergenceError, never a hang.
import { ConvergenceError } from './errors';

export const TAU2_METHODS = ['DL', 'REML', 'ML', 'PM', 'HE', 'SJ', 'EB', 'HS'] as const;
export type Tau2Method = (typeof TAU2_METHODS)[number];

export interface Tau2Options {
  /** Convergence threshold on the change in tau² for the iterative estimators (metafor: threshold). */
  threshold?: number;
  maxiter?: number;
}

export interface Tau2Estimate {
  tau2: number;
  /** Iterations used by an iterative estimator (0 for closed forms). */
  iterations: number;
}

/**
 * Weighted sums of one fit at a given tau²: weights w = 1/(v + tau²), the weighted mean and Q, and
 * trP = Σw - Σw²/Σw, summed as Σ w(Σw - w)/Σw so that it is never negative: the direct difference cancels
 * (to 0 or below) when one weight dwarfs the others.
 */
export function weightedFit(yi: ArrayLike<number>, vi: ArrayLike<number>, tau2: number) {
  const k = yi.length;
  let sw = 0,
    swy = 0,
    sw2 = 0,
    sw3 = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / (vi[i]! + tau2);
    sw += w;
    swy += w * yi[i]!;
    sw2 += w * w;
    sw3 += w * w * w;
  }
  const mu = swy / sw;
  let q = 0,
    q2 = 0,
    trP = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / (vi[i]! + tau2);
    const r = yi[i]! - mu;
    q += w * r * r;
    q2 += w * w * r * r;
    trP += (w * (sw - w)) / sw;
  }
  return { sw, sw2, sw3, mu, q, q2, trP };
}

/** Generalised Q statistic Q(tau²) = Σ w(tau²)(y - μ̂)²: decreasing in tau² (Paule & Mandel 1982; Viechtbauer 2007). */
export function generalisedQ(yi: ArrayLike<number>, vi: ArrayLike<number>, tau2: number): number {
  return weightedFit(yi, vi, tau2).q;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

function sumSquaredDeviations(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return s;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** R's mad(): median absolute deviation scaled by 1.4826. */
export function mad(x: ArrayLike<number>): number {
  const values = Array.from(x);
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/**
 * Root of a decreasing function f on [lo, hi] (f(lo) ≥ 0 ≥ f(hi)) by bisection to full double precision.
 * Bisection rather than Brent because it is guaranteed to bracket and these functions are cheap.
 */
export function bisectDecreasing(f: (x: number) => number, lo: number, hi: number): number {
  // Stop at a few ulps of the upper end: full precision without crawling into subnormals near zero.
  for (let i = 0; i < 2000 && hi - lo > 4 * Number.EPSILON * hi; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}

/** Upper end of metafor's search interval for tau²: max(100, 10 mad(yi)²), widened until it brackets. */
function upperBound(yi: ArrayLike<number>, vi: ArrayLike<number>, target: number): number {
  let hi = Math.max(100, 10 * mad(yi) ** 2);
  while (generalisedQ(yi, vi, hi) > target && hi < 1e300) hi *= 10;
  return hi;
}

/** DerSimonian & Laird 1986: method-of-moments estimator from Cochran's Q, truncated at zero. */
export function tau2DL(yi: ArrayLike<number>, vi: ArrayLike<number>): number {
  const k = yi.length;
  const { trP, q } = weightedFit(yi, vi, 0);
  return trP > 0 ? Math.max(0, (q - (k - 1)) / trP) : 0;
}

/** Hedges 1983 (HE): unweighted method of moments, (Σ(y - ȳ)² - (1 - 1/k) Σv) / (k - 1), untruncated. */
export function tau2HEraw(yi: ArrayLike<number>, vi: ArrayLike<number>): number {
  const k = yi.length;
  let sv = 0;
  for (let i = 0; i < k; i++) sv += vi[i]!;
  return (sumSquaredDeviations(yi) - sv * (1 - 1 / k)) / (k - 1);
}

/** Hunter & Schmidt 2004 (HS): (Q - k) / Σw, truncated at zero. */
export function tau2HS(yi: ArrayLike<number>, vi: ArrayLike<number>): number {
  const { sw, q } = weightedFit(yi, vi, 0);
  return Math.max(0, (q - yi.length) / sw);
}

/** Sidik & Jonkman 2005 (SJ): tau0² Q(tau0²)/(k - 1), starting from tau0² = Σ(y - ȳ)²/k. */
export function tau2SJ(yi: ArrayLike<number>, vi: ArrayLike<number>): number {
  const k = yi.length;
  const tau0 = sumSquaredDeviations(yi) / k;
  return (tau0 * generalisedQ(yi, vi, tau0)) / (k - 1);
}

/** Paule & Mandel 1982 (PM): the tau² at which the generalised Q equals k - 1; zero if Q(0) < k - 1. */
export function tau2PM(yi: ArrayLike<number>, vi: ArrayLike<number>): number {
  const target = yi.length - 1;
  if (generalisedQ(yi, vi, 0) < target) return 0;
  const hi = upperBound(yi, vi, target);
  return bisectDecreasing((t) => generalisedQ(yi, vi, t) - target, 0, hi);
}

/**
 * The score of ML, REML or EB at one fit, up to a positive factor (the information), so its sign and root
 * are those of the score itself: ML Y'PPY - Σw; REML Y'PPY - tr(P); EB Qk/(k - 1) - k. For the
 * intercept-only model Y'PY = q, Y'PPY = q2 and tr(P) = Σw - Σw²/Σw. Finite wherever the weights are,
 * unlike the Fisher scoring step, whose denominator can cancel to 0 when one weight dwarfs the others.
 */
function scoreNumerator(method: 'ML' | 'REML' | 'EB', k: number, { sw, trP, q, q2 }: ReturnType<typeof weightedFit>) {
  if (method === 'ML') return q2 - sw;
  if (method === 'REML') return q2 - trP;
  return (q * k) / (k - 1) - k;
}

/** One Fisher scoring step for ML, REML or EB: the score divided by the information (tr(PP) for REML). */
function scoringStep(method: 'ML' | 'REML' | 'EB', k: number, fit: ReturnType<typeof weightedFit>): number {
  const { sw, sw2, sw3 } = fit;
  const information = method === 'ML' ? sw2 : method === 'REML' ? sw2 - (2 * sw3) / sw + (sw2 / sw) ** 2 : sw;
  const adj = scoreNumerator(method, k, fit) / information;
  return Number.isNaN(adj) ? 0 : adj;
}

/**
 * ML, REML (Viechtbauer 2005) and empirical Bayes (Morris 1983) by Fisher scoring, as metafor: start at
 * max(0, HE), step-halve to stay at or above zero, stop when tau² changes by less than the threshold (or
 * after maxiter steps); then bisect the score's root to full precision (polishRoot).
 */
export function tau2FisherScoring(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  method: 'ML' | 'REML' | 'EB',
  { threshold = 1e-10, maxiter = 100 }: Tau2Options = {},
): Tau2Estimate {
  const k = yi.length;
  let tau2 = Math.max(0, tau2HEraw(yi, vi));
  let change = threshold + 1;
  let iterations = 0;
  while (change > threshold) {
    // Past maxiter (a flat likelihood makes Fisher scoring crawl), the root search below finishes the job.
    if (++iterations > maxiter) break;
    const old = tau2;
    let adj = scoringStep(method, k, weightedFit(yi, vi, tau2));
    // The information cancelled to 0 (one weight dwarfs the others): the step is ±Infinity and means
    // nothing; the root search below works from the score's sign alone.
    if (!Number.isFinite(adj)) break;
    // A step below zero: if the score at zero also points down, the maximum is on the boundary. metafor
    // step-halves towards it, ending near (not at) zero; going there directly gives the exact answer.
    if (tau2 + adj < 0 && scoreNumerator(method, k, weightedFit(yi, vi, 0)) <= 0) adj = -tau2;
    // Halving a finite step reaches tau² + adj ≥ 0 within ~1100 halvings (it underflows to 0 at worst).
    for (let h = 0; tau2 + adj < 0 && h < 1100; h++) adj /= 2;
    if (tau2 + adj < 0) adj = -tau2;
    tau2 += adj;
    change = Math.abs(old - tau2);
  }
  tau2 = polishRoot(yi, vi, method, Math.max(0, tau2), threshold);
  if (method !== 'EB' && tau2 > threshold) tau2 = checkBoundary(yi, vi, tau2, method);
  if (!Number.isFinite(tau2)) throw new ConvergenceError(`${method}: tau² is not finite for these studies`);
  return { tau2: Math.max(0, tau2), iterations };
}

/**
 * Fisher scoring converges only linearly when the likelihood is flat (tau² near zero), so stopping on a
 * change below the threshold can leave a relative error far above it. Bracket the root of the score
 * around the Fisher scoring end point and bisect it to full precision.
 */
function polishRoot(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  method: 'ML' | 'REML' | 'EB',
  tau2: number,
  threshold: number,
): number {
  const k = yi.length;
  const score = (t: number) => scoreNumerator(method, k, weightedFit(yi, vi, t));
  const s = score(tau2);
  if (s === 0) return tau2;
  if (Number.isNaN(s)) throw new ConvergenceError(`${method}: the score is not finite at tau² = ${tau2}`);
  let step = Math.max(threshold, 1e-6 * tau2);
  if (s > 0) {
    let hi = tau2 + step;
    for (let i = 0; score(hi) > 0; i++) {
      if (i > 1100 || !Number.isFinite(hi))
        throw new ConvergenceError(`${method}: no root of the score above tau² = ${tau2}`);
      step *= 2;
      hi = tau2 + step;
    }
    return bisectDecreasing(score, tau2, hi);
  }
  if (score(0) <= 0) return 0;
  let lo = Math.max(0, tau2 - step);
  for (let i = 0; score(lo) < 0; i++) {
    if (i > 1100) throw new ConvergenceError(`${method}: no root of the score below tau² = ${tau2}`);
    step *= 2;
    lo = Math.max(0, tau2 - step);
  }
  return bisectDecreasing(score, lo, tau2);
}

/** metafor's ll0check: if the likelihood at tau² = 0 beats the Fisher scoring end point, use tau² = 0. */
function checkBoundary(yi: ArrayLike<number>, vi: ArrayLike<number>, tau2: number, method: 'ML' | 'REML'): number {
  const ll = (t: number) => {
    const { sw, q } = weightedFit(yi, vi, t);
    let sl = 0;
    for (let i = 0; i < yi.length; i++) sl += Math.log(vi[i]! + t);
    return -0.5 * sl - 0.5 * q - (method === 'REML' ? 0.5 * Math.log(sw) : 0);
  };
  return ll(0) - ll(tau2) > 1e-10 ? 0 : tau2;
}

/** tau² by the named estimator for the random-effects model without moderators. */
export function estimateTau2(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  method: Tau2Method,
  options: Tau2Options = {},
): Tau2Estimate {
  if (yi.length < 2) return { tau2: 0, iterations: 0 };
  switch (method) {
    case 'DL':
      return { tau2: tau2DL(yi, vi), iterations: 0 };
    case 'HE':
      return { tau2: Math.max(0, tau2HEraw(yi, vi)), iterations: 0 };
    case 'HS':
      return { tau2: tau2HS(yi, vi), iterations: 0 };
    case 'SJ':
      return { tau2: tau2SJ(yi, vi), iterations: 0 };
    case 'PM':
      return { tau2: tau2PM(yi, vi), iterations: 0 };
    case 'ML':
    case 'REML':
    case 'EB':
      return tau2FisherScoring(yi, vi, method, options);
  }
}
