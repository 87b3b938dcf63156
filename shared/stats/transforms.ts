// Back-transformations of pooled results to their natural scale, as metafor's transf.* functions.
// Layer: shared (pure TypeScript). Sources: metafor's transf help page; Barendregt et al. 2013
// (J Epidemiol Community Health 67:974) for the Freeman-Tukey inverse with the harmonic mean of n.
import type { Measure } from './effectSizes';

/** Freeman-Tukey double arcsine of a proportion p with sample size n (metafor's transf.pft). */
export function pft(p: number, n: number): number {
  const x = p * n;
  return 0.5 * (Math.asin(Math.sqrt(x / (n + 1))) + Math.asin(Math.sqrt((x + 1) / (n + 1))));
}

/** Inverse of the Freeman-Tukey double arcsine for sample size n (Miller 1978; metafor's transf.ipft). */
export function ipft(t: number, n: number): number {
  if (t > pft(1, n)) return 1;
  if (t < pft(0, n)) return 0;
  const s = Math.sin(2 * t);
  const z = 0.5 * (1 - Math.sign(Math.cos(2 * t)) * Math.sqrt(1 - (s + (s - 1 / s) / n) ** 2));
  return Number.isNaN(z) ? NaN : z;
}

/** Harmonic mean of the sample sizes, the n metafor's transf.ipft.hm uses. */
export function harmonicMean(ni: number[]): number {
  return 1 / (ni.reduce((a, n) => a + 1 / n, 0) / ni.length);
}

/** Inverse arcsine square-root transformation, clamped to [0, 1] (metafor's transf.iarcsin). */
export function iarcsin(t: number): number {
  if (t < 0) return 0;
  if (t > Math.asin(1)) return 1;
  return Math.sin(t) ** 2;
}

/** Inverse logit (metafor's transf.ilogit). */
export function ilogit(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/**
 * The function that takes a measure's pooled value to its natural scale, or undefined when the measure is
 * already on it (RD, MD, SMD, PR, MN, MC, GEN on the identity scale). `ni` is needed for PFT.
 */
export function naturalScale(
  measure: Measure,
  options: { ni?: number[]; logScale?: boolean } = {},
): ((x: number) => number) | undefined {
  switch (measure) {
    case 'RR':
    case 'OR':
    case 'ROM':
      return Math.exp;
    case 'GEN':
      return options.logScale ? Math.exp : undefined;
    case 'PLO':
      return ilogit;
    case 'PAS':
      return iarcsin;
    case 'PFT': {
      const n = harmonicMean(options.ni ?? []);
      return (x) => ipft(x, n);
    }
    case 'ZCOR':
      return Math.tanh;
    default:
      return undefined;
  }
}
