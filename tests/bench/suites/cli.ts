// Benchmark of the `caliper` command line as a user starts it, whole processes from spawn to exit:
// `caliper --help` from the build (node dist/cli/main.mjs), through `npm run --silent caliper` (npm
// adds its own start-up) and from the sources through tsx (`npm run caliper:dev`'s path); and one
// analysis (k = 5, RR, REML with prediction interval and Q-profile CI) through `caliper pool`
// against Rscript doing the same with metafor. Median and minimum of at least five runs each.
// Aims: --help under 150 ms; one analysis at least 10 times faster than Rscript with metafor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIN_RUNS, samplesMs, summary, type BenchSuite, type Figures } from '../suite';
import { builtCli, root, rscriptVersion } from './processes';

const RUNS = 9;

const ANALYSIS = {
  measure: 'RR',
  method: 'REML',
  studies: [
    { id: 'Aronson 1948', ai: 4, n1i: 123, ci: 11, n2i: 139 },
    { id: 'Ferguson 1949', ai: 6, n1i: 306, ci: 29, n2i: 303 },
    { id: 'Rosenthal 1960', ai: 3, n1i: 231, ci: 11, n2i: 220 },
    { id: 'Hart 1977', ai: 62, n1i: 13598, ci: 248, n2i: 12867 },
    { id: 'Frimodt-Moller 1973', ai: 33, n1i: 5069, ci: 47, n2i: 5808 },
  ],
};

const R_ONE = `
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
args <- commandArgs(TRUE)
d <- fromJSON(args[1])$studies
es <- escalc("RR", ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i)
r <- rma(es$yi, es$vi, method = "REML")
p <- predict(r)
ci <- confint(r)$random
cat(toJSON(list(k = r$k, estimate = c(r$beta), se = r$se, ci_lb = r$ci.lb, ci_ub = r$ci.ub, pi_lb = p$pi.lb,
  pi_ub = p$pi.ub, tau2 = r$tau2, I2 = r$I2, Q = r$QE, confint = ci,
  studies = data.frame(id = d$id, yi = c(es$yi), vi = es$vi, weight = weights(r))), digits = NA, auto_unbox = TRUE))
`;

function run(command: string, args: string[], input?: string): () => void {
  return () => {
    const child = spawnSync(command, args, { cwd: root, encoding: 'utf8', input, maxBuffer: 1 << 26 });
    if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${child.stderr.slice(0, 300)}`);
  };
}

export const cliSuite: BenchSuite = {
  name: 'cli',
  description:
    'whole processes: `caliper --help` (built, through npm, from source with tsx) and one pooled analysis (k = 5) through `caliper pool` vs Rscript with metafor (median and minimum of ≥ 5 runs); aims: --help < 150 ms, pool ≥ 10 × faster',
  async run(): Promise<Figures> {
    const cli = builtCli();
    const figures: Figures = {};
    const node = process.execPath;
    Object.assign(
      figures,
      summary('helpBuilt', await samplesMs(RUNS, run(node, [cli, '--help']), 1)),
      summary('helpNpm', await samplesMs(MIN_RUNS, run('npm', ['run', '--silent', 'caliper', '--', '--help']), 1)),
      summary(
        'helpSourceTsx',
        await samplesMs(MIN_RUNS, run(node, ['--import', 'tsx', join(root, 'electron/cli/main.ts'), '--help']), 1),
      ),
      summary('emptyNode', await samplesMs(RUNS, run(node, ['-e', '0']), 1)),
    );
    const dir = mkdtempSync(join(tmpdir(), 'caliper-bench-cli-'));
    try {
      const file = join(dir, 'analysis.json');
      writeFileSync(file, JSON.stringify(ANALYSIS));
      Object.assign(
        figures,
        summary('poolOneBuilt', await samplesMs(RUNS, run(node, [cli, 'pool', file]), 1)),
        summary(
          'poolOneNpm',
          await samplesMs(MIN_RUNS, run('npm', ['run', '--silent', 'caliper', '--', 'pool', file]), 1),
        ),
      );
      const metafor = rscriptVersion();
      if (!metafor) {
        figures.metafor = 'not available (no Rscript): R figures not measured';
        return figures;
      }
      figures.metafor = metafor;
      const script = join(dir, 'one.R');
      writeFileSync(script, R_ONE);
      Object.assign(figures, summary('poolOneRscript', await samplesMs(RUNS, run('Rscript', [script, file]), 1)));
      const ratio = (a: string, b: string) =>
        Number(((figures[`${a}MedianMs`] as number) / (figures[`${b}MedianMs`] as number)).toFixed(1));
      figures.speedupPoolOneBuilt = ratio('poolOneRscript', 'poolOneBuilt');
      figures.speedupPoolOneNpm = ratio('poolOneRscript', 'poolOneNpm');
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
