// Mixed-effects meta-regression with a few moderators (p ≤ 5), the model metafor's rma.uni(mods = ...)
// fits, for Egger's regression test and trim-and-fill's choice of side. Same tau² estimators as tau2.ts,
// written for a design matrix X without ever forming the k × k matrix P. Layer: shared (pure TypeScript).
// Sources: Viechtbauer 2005 and 2010 (tau² with moderators); Knapp & Hartung 2003 (Stat Med 22:2693).
import { criticalValue, twoSidedNormalP, twoSidedTP } from './distributions';
import { ConvergenceError, SingularError } from './errors';
import { bisectDecreasing, mad, type Tau2Method } from './tau2';
import type { PoolTest } from './pool';

type Matrix = number[][];

/**
 * Inverse by Gauss-Jordan elimination with partial pivoting. A pivot below 1e-12 of its column's original
 * diagonal means the columns are collinear to working precision (Egger's test on studies with equal
 * standard errors): refused as singular rather than inverted into meaningless huge numbers.
 */
function invert(a: Matrix): Matrix {
  const n = a.length;
  const scale = a.map((row, i) => Math.abs(row[i]!));
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const d = m[c]![c]!;
    if (!(Math.abs(d) > 1e-12 * Math.max(scale[c]!, Number.MIN_VALUE)))
      throw new SingularError('model matrix not of full rank: the moderators are collinear');
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/** X'DX for a diagonal D given as a vector. */
function crossprod(X: Matrix, d: ArrayLike<number>): Matrix {
  const p = X[0]!.length;
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < X.length; i++) {
    const x = X[i]!;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a]![b]! += x[a]! * d[i]! * x[b]!;
  }
  return out;
}

function multiply(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

const trace = (a: Matrix) => a.reduce((s, row, i) => s + row[i]!, 0);
const sum = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
};

/** Weighted least squares fit of y on X with weights w: coefficients, (X'WX)⁻¹ and residuals. */
function wls(y: ArrayLike<number>, X: Matrix, w: ArrayLike<number>) {
  const Ainv = invert(crossprod(X, w));
  const p = Ainv.length;
  const xwy = new Array<number>(p).fill(0);
  for (let i = 0; i < X.length; i++) for (let a = 0; a < p; a++) xwy[a]! += X[i]![a]! * w[i]! * y[i]!;
  const beta = Ainv.map((row) => row.reduce((s, v, j) => s + v * xwy[j]!, 0));
  const r = X.map((x, i) => y[i]! - x.reduce((s, v, j) => s + v * beta[j]!, 0));
  let q = 0,
    q2 = 0;
  for (let i = 0; i < r.length; i++) {
    q += w[i]! * r[i]! ** 2;
    q2 += w[i]! ** 2 * r[i]! ** 2;
  }
  return { beta, Ainv, r, q, q2 };
}

const weights = (vi: ArrayLike<number>, tau2: number) => Array.from(vi as ArrayLike<number>, (v) => 1 / (v + tau2));

/** Residual heterogeneity tau² for the model with moderators X, by the named estimator (as rma.uni). */
export function estimateTau2Mods(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  X: Matrix,
  method: Tau2Method,
  threshold = 1e-10,
  maxiter = 1000,
): number {
  const k = yi.length,
    p = X[0]!.length;
  const Q = (t: number) => wls(yi, X, weights(vi, t)).q;
  const heRaw = () => {
    const ones = new Array<number>(k).fill(1);
    const ols = wls(yi, X, ones);
    const trPV = sum(vi) - trace(multiply(invert(crossprod(X, ones)), crossprod(X, vi)));
    return (ols.q - trPV) / (k - p);
  };
  switch (method) {
    case 'DL': {
      const w = weights(vi, 0);
      const f = wls(yi, X, w);
      const trP =
        sum(w) -
        trace(
          multiply(
            f.Ainv,
            crossprod(
              X,
              w.map((x) => x * x),
            ),
          ),
        );
      return Math.max(0, (f.q - (k - p)) / trP);
    }
    case 'HE':
      return Math.max(0, heRaw());
    case 'HS':
      return Math.max(0, (Q(0) - k) / sum(weights(vi, 0)));
    case 'SJ': {
      const m = sum(yi) / k;
      let ss = 0;
      for (let i = 0; i < k; i++) ss += (yi[i]! - m) ** 2;
      const tau0 = ss / k;
      return Math.max(0, (tau0 * Q(tau0)) / (k - p));
    }
    case 'PM': {
      const target = k - p;
      if (Q(0) < target) return 0;
      let hi = Math.max(100, 10 * mad(yi) ** 2);
      while (Q(hi) > target && hi < 1e300) hi *= 10;
      return bisectDecreasing((t) => Q(t) - target, 0, hi);
    }
    default: {
      // The score (numerator) and the information (denominator) of one Fisher scoring step; the score's
      // sign alone drives the root search, so an information that cancels to 0 cannot derail it.
      const parts = (t: number) => {
        const w = weights(vi, t);
        const f = wls(yi, X, w);
        const sw = sum(w);
        const w2 = w.map((x) => x * x);
        const B = multiply(f.Ainv, crossprod(X, w2));
        if (method === 'ML') return { score: f.q2 - sw, information: sum(w2) };
        if (method === 'REML') {
          const trP = sw - trace(B);
          const trPP =
            sum(w2) -
            2 *
              trace(
                multiply(
                  f.Ainv,
                  crossprod(
                    X,
                    w.map((x) => x ** 3),
                  ),
                ),
              ) +
            trace(multiply(B, B));
          return { score: f.q2 - trP, information: trPP };
        }
        return { score: (f.q * k) / (k - p) - k, information: sw };
      };
      const step = (t: number) => {
        const { score, information } = parts(t);
        const adj = score / information;
        return Number.isNaN(adj) ? 0 : adj;
      };
      const score = (t: number) => parts(t).score;
      // Fisher scoring as metafor (start at max(0, HE), step-halving at zero), then the score's root bisected
      // to full precision, as in tau2.ts, because Fisher scoring crawls on a flat likelihood.
      let tau2 = Math.max(0, heRaw());
      let change = threshold + 1,
        iterations = 0;
      while (change > threshold && ++iterations <= maxiter) {
        const old = tau2;
        let adj = step(tau2);
        if (!Number.isFinite(adj)) break;
        if (tau2 + adj < 0 && score(0) <= 0) adj = -tau2;
        for (let h = 0; tau2 + adj < 0 && h < 1100; h++) adj /= 2;
        if (tau2 + adj < 0) adj = -tau2;
        tau2 += adj;
        change = Math.abs(old - tau2);
      }
      const s = score(tau2);
      if (s === 0) return tau2;
      if (Number.isNaN(s)) throw new ConvergenceError(`${method}: the score is not finite at tau² = ${tau2}`);
      if (s < 0 && score(0) <= 0) return 0;
      let lo = tau2,
        hi = tau2,
        width = Math.max(threshold, 1e-6 * tau2);
      for (let i = 0; s > 0 ? score(hi) > 0 : score(lo) < 0; i++) {
        if (i > 1100 || !Number.isFinite(hi))
          throw new ConvergenceError(`${method}: no root of the score near tau² = ${tau2}`);
        width *= 2;
        if (s > 0) hi = tau2 + width;
        else lo = Math.max(0, tau2 - width);
      }
      return bisectDecreasing(score, lo, hi);
    }
  }
}

export interface Coefficient {
  estimate: number;
  se: number;
  stat: number;
  pval: number;
  ci_lb: number;
  ci_ub: number;
}

export interface MetaRegressionResult {
  tau2: number;
  coefficients: Coefficient[];
  /** Degrees of freedom of the t tests (test "knha"). */
  df?: number;
}

/** Fits y on the moderators X (first column the intercept) with tau² from `method` ("FE": none). */
export function metaRegression(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  X: Matrix,
  { method = 'REML', test = 'z', level = 95 }: { method?: Tau2Method | 'FE'; test?: PoolTest; level?: number } = {},
): MetaRegressionResult {
  const k = yi.length,
    p = X[0]!.length;
  const tau2 = method === 'FE' ? 0 : estimateTau2Mods(yi, vi, X, method);
  const f = wls(yi, X, weights(vi, tau2));
  const knha = test === 'knha';
  const df = knha ? k - p : undefined;
  const s2 = knha ? (f.q <= Number.EPSILON ? 0 : f.q / (k - p)) : 1;
  const crit = criticalValue(level, df);
  const coefficients = f.beta.map((b, j) => {
    const se = Math.sqrt(s2 * f.Ainv[j]![j]!);
    const stat = b / se;
    return {
      estimate: b,
      se,
      stat,
      pval: df === undefined ? twoSidedNormalP(stat) : twoSidedTP(stat, df),
      ci_lb: b - crit * se,
      ci_ub: b + crit * se,
    };
  });
  return { tau2, coefficients, ...(df === undefined ? {} : { df }) };
}
