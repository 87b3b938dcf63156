// Benchmark of the pooling core (shared/stats) against R's metafor on the same machine, measured the same
// way: (1) REML pools of k = 1,000 and k = 10,000, timed in-process around the fit in both (metafor at
// k = 1,000 only: it forms k × k matrices, and k = 10,000 did not finish in 3 minutes); (2) a batch of
// 1,000 analyses of k = 20 with mixed measures and methods (RR/REML, OR/DL, RD/REML with Knapp-Hartung,
// MD/REML, SMD/PM, OR/Mantel-Haenszel; with prediction interval, Q-profile interval and weights)
// through the built `caliper pool` process and through an Rscript process doing the same with metafor,
// both timed as whole processes from spawn to exit. Every figure is the median and minimum of at least
// five runs. Data are seeded. R runs only where Rscript exists.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pool } from '../../../shared/stats';
import { MIN_RUNS, samplesMs, summary, type BenchSuite, type Figures } from '../suite';
import { builtCli, rscriptVersion } from './processes';

const SEED = 20261125;
const BATCH = 1_000;
const BATCH_K = 20;
const R_TIMEOUT_MS = 10 * 60_000;

/** mulberry32: a small seeded PRNG, so every run pools the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

function genericData(k: number, r: () => number) {
  const vi = Array.from({ length: k }, () => 0.01 + 0.2 * r());
  const yi = vi.map((v) => -0.3 + normal(r) * Math.sqrt(v + 0.05));
  return { yi, vi };
}

function binomial(n: number, p: number, r: () => number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (r() < p) x++;
  return x;
}

/** One analysis of each kind in turn: the mix a review's analyses have. */
const KINDS = [
  { measure: 'RR', method: 'REML' },
  { measure: 'OR', method: 'DL' },
  { measure: 'RD', method: 'REML', test: 'knha' },
  { measure: 'MD', method: 'REML' },
  { measure: 'SMD', method: 'PM' },
  { measure: 'OR', method: 'MH' },
] as const;

function batch(r: () => number) {
  return Array.from({ length: BATCH }, (_, a) => {
    const kind = KINDS[a % KINDS.length]!;
    const continuous = kind.measure === 'MD' || kind.measure === 'SMD';
    return {
      ...kind,
      studies: Array.from({ length: BATCH_K }, (_, i) => {
        const n1i = 40 + Math.floor(160 * r()),
          n2i = 40 + Math.floor(160 * r());
        if (continuous) {
          const sd1i = 8 + 4 * r(),
            sd2i = 8 + 4 * r();
          const m1i = 30 + 2 * normal(r) + (sd1i * normal(r)) / Math.sqrt(n1i);
          const m2i = 33 + 2 * normal(r) + (sd2i * normal(r)) / Math.sqrt(n2i);
          return { id: `S${i + 1}`, m1i, sd1i, n1i, m2i, sd2i, n2i };
        }
        const base = 0.1 + 0.2 * r();
        return { id: `S${i + 1}`, ai: binomial(n1i, base * 0.8, r), n1i, ci: binomial(n2i, base, r), n2i };
      }),
    };
  });
}

const R_POOL = `
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
args <- commandArgs(TRUE); d <- fromJSON(args[1])
times <- sapply(seq_len(as.integer(args[2])), function(i) {
  t0 <- proc.time()[["elapsed"]]
  invisible(rma(d$yi, d$vi, method = "REML"))
  (proc.time()[["elapsed"]] - t0) * 1000
})
cat(times, "\\n")
`;

const R_BATCH = `
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
args <- commandArgs(TRUE)
analyses <- fromJSON(args[1], simplifyDataFrame = FALSE)
col <- function(s, name) sapply(s, function(x) x[[name]])
out <- lapply(analyses, function(a) tryCatch({
  s <- a$studies; id <- col(s, "id")
  if (a$measure %in% c("MD", "SMD")) {
    es <- escalc(a$measure, m1i = col(s, "m1i"), sd1i = col(s, "sd1i"), n1i = col(s, "n1i"),
                 m2i = col(s, "m2i"), sd2i = col(s, "sd2i"), n2i = col(s, "n2i"))
  } else {
    es <- escalc(a$measure, ai = col(s, "ai"), n1i = col(s, "n1i"), ci = col(s, "ci"), n2i = col(s, "n2i"), drop00 = TRUE)
  }
  if (a$method == "MH") {
    r <- rma.mh(ai = col(s, "ai"), n1i = col(s, "n1i"), ci = col(s, "ci"), n2i = col(s, "n2i"), measure = a$measure)
    list(k = r$k, estimate = c(r$beta), se = r$se, ci_lb = r$ci.lb, ci_ub = r$ci.ub, Q = r$QE, Qp = r$QEp,
         studies = data.frame(id = id, yi = c(es$yi), vi = es$vi, weight = weights(r)))
  } else {
    r <- rma(es$yi, es$vi, method = a$method, test = if (is.null(a$test)) "z" else a$test)
    p <- predict(r)
    ci <- confint(r)$random
    list(k = r$k, estimate = c(r$beta), se = r$se, ci_lb = r$ci.lb, ci_ub = r$ci.ub, pi_lb = p$pi.lb, pi_ub = p$pi.ub,
         stat = r$zval, pval = r$pval, tau2 = r$tau2, I2 = r$I2, H2 = r$H2, Q = r$QE, Qp = r$QEp, confint = ci,
         studies = data.frame(id = id, yi = c(es$yi), vi = es$vi, weight = weights(r)))
  }
}, error = function(e) list(error = conditionMessage(e))))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), args[2])
`;

function rPoolMs(dir: string, k: number, data: { yi: number[]; vi: number[] }): number[] | string {
  const script = join(dir, 'pool.R');
  writeFileSync(script, R_POOL);
  const file = join(dir, `pool-${k}.json`);
  writeFileSync(file, JSON.stringify(data));
  const run = spawnSync('Rscript', [script, file, String(MIN_RUNS)], { encoding: 'utf8', timeout: R_TIMEOUT_MS });
  if (run.error || run.status !== 0)
    return run.signal ? `did not finish within ${R_TIMEOUT_MS} ms` : `failed: ${run.stderr.trim().slice(0, 200)}`;
  return run.stdout.trim().split(/\s+/).map(Number);
}

function ratio(figures: Figures, r: string, caliper: string): number | string {
  const rMs = figures[`${r}MedianMs`];
  const cMs = figures[`${caliper}MedianMs`];
  return typeof rMs === 'number' && typeof cMs === 'number' ? Number((rMs / cMs).toFixed(1)) : 'not available';
}

export const poolingSuite: BenchSuite = {
  name: 'pooling',
  description:
    'REML pools of k = 1,000 and 10,000 in-process (fit only), and a batch of 1,000 mixed analyses of k = 20 through the built `caliper pool` process, each against metafor on the same machine (median and minimum of ≥ 5 runs); aim: ≥ 10 times faster',
  async run(): Promise<Figures> {
    const r = prng(SEED);
    const big = genericData(10_000, r);
    const mid = genericData(1_000, r);
    const figures: Figures = {};
    Object.assign(
      figures,
      summary('caliperRemlK1000', await samplesMs(9, () => pool(mid.yi, mid.vi, { method: 'REML' }), 2)),
      summary('caliperRemlK10000', await samplesMs(9, () => pool(big.yi, big.vi, { method: 'REML' }), 2)),
    );

    const dir = mkdtempSync(join(tmpdir(), 'caliper-bench-pooling-'));
    try {
      const batchFile = join(dir, 'batch.json');
      writeFileSync(batchFile, JSON.stringify(batch(r)));
      const cli = builtCli();
      let last: ReturnType<typeof spawnSync> | undefined;
      const cliSamples = await samplesMs(MIN_RUNS, () => {
        last = spawnSync(process.execPath, [cli, 'pool', batchFile, '--compact'], {
          encoding: 'utf8',
          maxBuffer: 1 << 30,
        });
        if (last.status !== 0) throw new Error(`caliper pool failed: ${String(last.stderr).slice(0, 500)}`);
      });
      const results = JSON.parse(String(last!.stdout)) as { error?: unknown }[];
      if (results.length !== BATCH) throw new Error(`caliper pool returned ${results.length} results, not ${BATCH}`);
      Object.assign(figures, summary('caliperCliBatch', cliSamples));
      figures.batch = `${BATCH} analyses of k = ${BATCH_K}: ${KINDS.map((k) => `${k.measure}/${k.method}${'test' in k ? '/knha' : ''}`).join(', ')} in turn`;

      const metafor = rscriptVersion();
      if (!metafor) {
        figures.metafor = 'not available (no Rscript): R figures not measured';
        return figures;
      }
      figures.metafor = metafor;
      const rFits = rPoolMs(dir, 1_000, mid);
      if (typeof rFits === 'string') figures.metaforRemlK1000 = rFits;
      else Object.assign(figures, summary('metaforRemlK1000', rFits));
      figures.metaforRemlK10000 = 'not run: metafor forms k × k matrices (did not finish within 180 s before)';

      const rBatch = join(dir, 'batch.R');
      writeFileSync(rBatch, R_BATCH);
      const rOut = join(dir, 'batch-r.json');
      let rError = '';
      const rSamples = await samplesMs(MIN_RUNS, () => {
        const run = spawnSync('Rscript', [rBatch, batchFile, rOut], { encoding: 'utf8', timeout: R_TIMEOUT_MS });
        if (run.status !== 0) rError = `failed: ${String(run.stderr).slice(0, 200)}`;
      });
      if (rError || !existsSync(rOut)) figures.metaforCliBatch = rError || 'no output';
      else {
        const rResults = JSON.parse(readFileSync(rOut, 'utf8')) as { error?: unknown }[];
        if (rResults.length !== BATCH) figures.metaforCliBatch = `R returned ${rResults.length} results`;
        else Object.assign(figures, summary('metaforCliBatch', rSamples));
        // Analyses metafor could not fit with its defaults (e.g. Fisher scoring not converging in 100 steps).
        figures.metaforBatchErrors = rResults.filter((x) => x.error !== undefined).length;
      }
      figures.speedupRemlK1000 = ratio(figures, 'metaforRemlK1000', 'caliperRemlK1000');
      figures.speedupCliBatch = ratio(figures, 'metaforCliBatch', 'caliperCliBatch');
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
