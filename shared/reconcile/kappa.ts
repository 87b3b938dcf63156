// Cohen's kappa for two raters on nominal categories, with the large-sample variance of Fleiss,
// Cohen & Everitt (1969), "Large sample standard errors of kappa and weighted kappa", Psychological
// Bulletin 72:323-7 — the variance psych::cohen.kappa uses, so the figures match R. Confidence
// limits are kappa ± z(1 - alpha/2) · SE, clipped to [-1, 1] as psych does. Layer: shared.
import { qnorm } from '../stats/distributions';

export interface Kappa {
  /** Pairs rated. */
  n: number;
  /** Null when every rating fell in one category (no variance: kappa is undefined). */
  kappa: number | null;
  variance: number | null;
  lower: number | null;
  upper: number | null;
}

/** Kappa of paired ratings (each pair: rater A's category, rater B's category). */
export function cohenKappa(pairs: readonly (readonly [string, string])[], alpha = 0.05): Kappa {
  const n = pairs.length;
  const levels = [...new Set(pairs.flat())].sort();
  if (n === 0 || levels.length < 2) return { n, kappa: null, variance: null, lower: null, upper: null };
  const index = new Map(levels.map((l, i) => [l, i]));
  const k = levels.length;
  const p: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [a, b] of pairs) p[index.get(a)!]![index.get(b)!]! += 1 / n;
  const rows = p.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = levels.map((_, j) => p.reduce((s, row) => s + row[j]!, 0));
  let po = 0;
  let pc = 0;
  for (let i = 0; i < k; i++) {
    po += p[i]![i]!;
    pc += rows[i]! * cols[i]!;
  }
  const kappa = (po - pc) / (1 - pc);
  // Fleiss, Cohen & Everitt (1969), eq. 13.
  let diagonal = 0;
  let offDiagonal = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) diagonal += p[i]![i]! * (1 - pc - (rows[i]! + cols[i]!) * (1 - po)) ** 2;
      else offDiagonal += p[i]![j]! * (cols[i]! + rows[j]!) ** 2;
    }
  }
  let variance = (diagonal + (1 - po) ** 2 * offDiagonal - (po * pc - 2 * pc + po) ** 2) / (n * (1 - pc) ** 4);
  if (!Number.isFinite(variance) || variance < 0) variance = 0;
  const z = qnorm(1 - alpha / 2);
  const clip = (x: number) => Math.max(-1, Math.min(1, x));
  const se = Math.sqrt(variance);
  return { n, kappa, variance, lower: clip(kappa - z * se), upper: clip(kappa + z * se) };
}
