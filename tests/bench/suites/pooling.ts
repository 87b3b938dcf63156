// Benchmark of the pooling core (shared/stats) against R's metafor on the same machine, measured the same
// way: (1) one REML pool of k = 10,000 (and k = 1,000), timed in-process around the fit in both; (2) a batch
// of 10,000 analyses of k = 20 (risk ratios from 2x2 tables, REML, with the prediction interval, Q-profile
// interval and weights) through the real `caliper pool` process and through an Rscript process doing the
// same with metafor, both timed as whole processes from spawn to exit. Data are seeded. R runs only where
// Rscript exists; its k = 10,000 fit has a time limit because metafor forms k × k matrices.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pool, runAnalysis, type AnalysisInput } from '../../../shared/stats';
import { timeMs, type BenchSuite, type Figures } from '../suite';

const SEED = 20261125;
const BATCH = 10_000;
const BATCH_K = 20;
const R_TIMEOUT_MS = 180_000;
const root = new URL('../../../', import.meta.url).pathname;

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

function batch(r: () => number) {
  return Array.from({ length: BATCH }, () => ({
    measure: 'RR',
    method: 'REML',
    studies: Array.from({ length: BATCH_K }, (_, i) => {
      const n1i = 40 + Math.floor(160 * r()),
        n2i = 40 + Math.floor(160 * r());
      const base = 0.1 + 0.2 * r();
      return { id: `S${i + 1}`, ai: binomial(n1i, base * 0.8, r), n1i, ci: binomial(n2i, base, r), n2i };
    }),
  }));
}

const R_POOL = `
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
args <- commandArgs(TRUE); d <- fromJSON(args[1])
t0 <- proc.time()[["elapsed"]]
invisible(rma(d$yi, d$vi, method = "REML"))
cat((proc.time()[["elapsed"]] - t0) * 1000, "\\n")
`;

const R_BATCH = `
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
args <- commandArgs(TRUE)
analyses <- fromJSON(args[1], simplifyDataFrame = TRUE)$studies
out <- lapply(analyses, function(s) tryCatch({
  es <- escalc("RR", ai = s$ai, n1i = s$n1i, ci = s$ci, n2i = s$n2i)
  r <- rma(es$yi, es$vi, method = "REML")
  p <- predict(r)
  ci <- confint(r)$random
  list(k = r$k, estimate = c(r$beta), se = r$se, ci_lb = r$ci.lb, ci_ub = r$ci.ub, pi_lb = p$pi.lb, pi_ub = p$pi.ub,
       stat = r$zval, pval = r$pval, tau2 = r$tau2, I2 = r$I2, H2 = r$H2, Q = r$QE, Qp = r$QEp, confint = ci,
       studies = data.frame(id = s$id, yi = c(es$yi), vi = es$vi, weight = weights(r)),
       transformed = list(estimate = exp(c(r$beta)), ci_lb = exp(r$ci.lb), ci_ub = exp(r$ci.ub)))
}, error = function(e) list(error = conditionMessage(e))))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), args[2])
`;

function rscript(): string | undefined {
  const found = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
  return found.error ? undefined : 'Rscript';
}

function rPoolMs(dir: string, k: number, data: { yi: number[]; vi: number[] }): number | string {
  const script = join(dir, 'pool.R');
  writeFileSync(script, R_POOL);
  const file = join(dir, `pool-${k}.json`);
  writeFileSync(file, JSON.stringify(data));
  const run = spawnSync('Rscript', [script, file], { encoding: 'utf8', timeout: R_TIMEOUT_MS });
  if (run.error || run.status !== 0)
    return run.signal ? `did not finish within ${R_TIMEOUT_MS} ms` : `failed: ${run.stderr.trim().slice(0, 200)}`;
  return Number(Number(run.stdout.trim()).toFixed(2));
}

function ratio(r: number | string, caliper: number): number | string {
  return typeof r === 'number' ? Number((r / caliper).toFixed(1)) : 'not available';
}

export const poolingSuite: BenchSuite = {
  name: 'pooling',
  description:
    'REML pool of k = 10,000 (in-process, fit only) and a batch of 10,000 REML analyses of k = 20 through the `caliper pool` process, each against metafor on the same machine (aim: ≥ 10 times faster); the same batch under RevMan 5 conventions (MH random effects) in-process',
  async run(): Promise<Figures> {
    const r = prng(SEED);
    const big = genericData(10_000, r);
    const mid = genericData(1_000, r);
    pool(mid.yi, mid.vi, { method: 'REML' }); // warm-up: JIT
    const figures: Figures = {};
    figures.caliper_reml_k10000_ms = await timeMs(() => pool(big.yi, big.vi, { method: 'REML' }));
    figures.caliper_reml_k1000_ms = await timeMs(() => pool(mid.yi, mid.vi, { method: 'REML' }));

    const dir = mkdtempSync(join(tmpdir(), 'caliper-bench-pooling-'));
    try {
      const batchFile = join(dir, 'batch.json');
      writeFileSync(batchFile, JSON.stringify(batch(r)));
      const tsx = join(root, 'node_modules', '.bin', 'tsx');
      let cli: ReturnType<typeof spawnSync> | undefined;
      figures.caliper_cli_batch_ms = await timeMs(() => {
        cli = spawnSync(tsx, [join(root, 'electron/cli/main.ts'), 'pool', batchFile, '--compact'], {
          cwd: root,
          encoding: 'utf8',
          maxBuffer: 1 << 30,
        });
      });
      if (!cli || cli.status !== 0) throw new Error(`caliper pool failed: ${String(cli?.stderr).slice(0, 500)}`);
      const results = JSON.parse(String(cli.stdout)) as unknown[];
      if (results.length !== BATCH) throw new Error(`caliper pool returned ${results.length} results, not ${BATCH}`);
      figures.batch = `${BATCH} analyses of k = ${BATCH_K} (RR, REML, PI, Q-profile CI, weights)`;
      // The same batch under RevMan 5's conventions (MH, random effects), in-process.
      const analyses = JSON.parse(readFileSync(batchFile, 'utf8')) as AnalysisInput[];
      figures.caliper_revman5_mh_random_batch_inprocess_ms = await timeMs(() => {
        for (const a of analyses) runAnalysis({ ...a, convention: 'revman5', method: 'MH', model: 'random' });
      });

      if (!rscript()) {
        figures.metafor = 'not available (no Rscript)';
        return figures;
      }
      const version = spawnSync('Rscript', ['-e', 'cat(as.character(packageVersion("metafor")))'], {
        encoding: 'utf8',
      });
      figures.metafor = `metafor ${version.stdout.trim()}`;
      figures.metafor_reml_k1000_ms = rPoolMs(dir, 1_000, mid);
      figures.metafor_reml_k10000_ms = rPoolMs(dir, 10_000, big);
      const rBatch = join(dir, 'batch.R');
      writeFileSync(rBatch, R_BATCH);
      const rOut = join(dir, 'batch-r.json');
      let rRun: ReturnType<typeof spawnSync> | undefined;
      const rMs = await timeMs(() => {
        rRun = spawnSync('Rscript', [rBatch, batchFile, rOut], { encoding: 'utf8', timeout: 30 * 60_000 });
      });
      figures.metafor_cli_batch_ms =
        rRun?.status === 0 && existsSync(rOut) ? rMs : `failed: ${String(rRun?.stderr).slice(0, 200)}`;
      if (typeof figures.metafor_cli_batch_ms === 'number') {
        const rResults = JSON.parse(readFileSync(rOut, 'utf8')) as { error?: unknown }[];
        if (rResults.length !== BATCH) figures.metafor_cli_batch_ms = `R returned ${rResults.length} results`;
        // Analyses metafor could not fit with its defaults (e.g. Fisher scoring not converging in 100 steps).
        figures.metafor_batch_errors = rResults.filter((x) => x.error !== undefined).length;
      }
      figures.speedup_reml_k1000 = ratio(figures.metafor_reml_k1000_ms, figures.caliper_reml_k1000_ms);
      figures.speedup_reml_k10000 = ratio(figures.metafor_reml_k10000_ms, figures.caliper_reml_k10000_ms);
      figures.speedup_cli_batch = ratio(figures.metafor_cli_batch_ms, figures.caliper_cli_batch_ms);
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
