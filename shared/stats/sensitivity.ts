// Leave-one-out, cumulative and subgroup meta-analysis over the inverse-variance pooling of pool.ts, as
// metafor's leave1out(), cumul() and separate fits per subgroup with a common-effect test of the subgroup
// estimates for differences (Cochrane Handbook 10.11.3.1; Borenstein et al. 2009, chapter 19).
// Layer: shared (pure TypeScript).
import { pchisqUpper } from './distributions';
import { pool, type PoolOptions, type PoolResult } from './pool';

export interface RefitRow {
  id: string;
  estimate: number;
  se: number;
  stat: number;
  pval: number;
  ci_lb: number;
  ci_ub: number;
  Q: number;
  Qp: number;
  I2: number;
  H2: number;
  /** Absent for the common-effect model. */
  tau2?: number;
}

function row(id: string, r: PoolResult): RefitRow {
  return {
    id,
    estimate: r.estimate,
    se: r.se,
    stat: r.stat,
    pval: r.pval,
    ci_lb: r.ci_lb,
    ci_ub: r.ci_ub,
    Q: r.Q,
    Qp: r.Qp,
    I2: r.I2,
    H2: r.H2,
    ...(r.method === 'FE' ? {} : { tau2: r.tau2 }),
  };
}

/** The model refitted without each study in turn (metafor's leave1out()); `id` names the left-out study. */
export function leaveOneOut(ids: string[], yi: number[], vi: number[], options: PoolOptions = {}): RefitRow[] {
  return ids.map((id, i) =>
    row(
      id,
      pool(
        yi.filter((_, j) => j !== i),
        vi.filter((_, j) => j !== i),
        options,
      ),
    ),
  );
}

/** The model fitted to the first 1, 2, ..., k studies in the given order (metafor's cumul()); `id` names the study added. */
export function cumulative(ids: string[], yi: number[], vi: number[], options: PoolOptions = {}): RefitRow[] {
  return ids.map((id, i) => row(id, pool(yi.slice(0, i + 1), vi.slice(0, i + 1), options)));
}

export interface SubgroupResult {
  groups: ({ subgroup: string; k: number } & Omit<RefitRow, 'id'>)[];
  /** Test for subgroup differences: Q between the subgroup estimates, df = groups - 1, p-value. */
  Qb: number;
  Qb_df: number;
  Qb_p: number;
  /** I² of the test for subgroup differences, as RevMan 5 reports it (convention "revman5" only). */
  Qb_I2?: number;
  /** Subgroups with no study to pool (convention "revman5": RevMan's "not estimable"), with the reason. */
  excluded?: { subgroup: string; reason: string }[];
}

/** Separate models per subgroup and the test for subgroup differences between their estimates. */
export function subgroupAnalysis(
  groups: string[],
  yi: number[],
  vi: number[],
  options: PoolOptions = {},
): SubgroupResult {
  const names = [...new Set(groups)];
  const fits = names.map((g) => {
    const idx = groups.flatMap((x, i) => (x === g ? [i] : []));
    const r = pool(
      idx.map((i) => yi[i]!),
      idx.map((i) => vi[i]!),
      options,
    );
    const { id: _id, ...rest } = row(g, r);
    return { subgroup: g, k: r.k, ...rest };
  });
  // Q between: common-effect meta-analysis of the subgroup estimates with their squared SEs.
  const between = pool(
    fits.map((f) => f.estimate),
    fits.map((f) => f.se ** 2),
    { method: 'FE' },
  );
  return {
    groups: fits,
    Qb: between.Q,
    Qb_df: between.Qdf,
    Qb_p: names.length > 1 ? pchisqUpper(between.Q, between.Qdf) : 1,
  };
}
