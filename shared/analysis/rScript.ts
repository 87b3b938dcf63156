// A runnable R script that reproduces an analysis with metafor: the study data as the analysis used
// them, escalc() and rma() (or rma.mh() / rma.peto()) with the same settings, the pooled result,
// weights and prediction interval, and the forest plot. Run with CALIPER_R_JSON=FILE it also writes the
// numbers as JSON (with jsonlite), which the tests compare with Caliper's. Layer: shared (pure TypeScript).
import type { StudyData } from '../stats/effectSizes';
import { coreMethod, type Analysis } from './model';
import { compareLabels, type AnalysisRun, type RowResult } from './run';

const rString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
const rNum = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'NA' : String(x));

const FIELDS: Record<string, (keyof StudyData)[]> = {
  RR: ['ai', 'n1i', 'ci', 'n2i'],
  OR: ['ai', 'n1i', 'ci', 'n2i'],
  RD: ['ai', 'n1i', 'ci', 'n2i'],
  MD: ['m1i', 'sd1i', 'n1i', 'm2i', 'sd2i', 'n2i'],
  SMD: ['m1i', 'sd1i', 'n1i', 'm2i', 'sd2i', 'n2i'],
  ROM: ['m1i', 'sd1i', 'n1i', 'm2i', 'sd2i', 'n2i'],
  PR: ['xi', 'ni'],
  PLO: ['xi', 'ni'],
  PAS: ['xi', 'ni'],
  PFT: ['xi', 'ni'],
  MN: ['mi', 'sdi', 'ni'],
  MC: ['m1i', 'm2i', 'sd1i', 'sd2i', 'ni', 'ri'],
  SMCR: ['m1i', 'm2i', 'sd1i', 'ni', 'ri'],
};

function canonical(rows: RowResult[]): RowResult[] {
  return rows.filter((r) => r.weight !== null).sort(compareLabels);
}

/** The R script for an analysis and its run (the rows that entered, in the order the core saw them). */
export function analysisRScript(analysis: Analysis, run: AnalysisRun): string {
  const s = analysis.settings;
  const rows = canonical(run.rows);
  const lines: string[] = [];
  const method = coreMethod(analysis.method, s);
  lines.push(
    `# ${analysis.name}: ${run.outcome.name}, ${run.timepoint}`,
    `# ${run.method}. Written by Caliper; reproduces its numbers with metafor.`,
    '# Run: Rscript this-file.R (needs the metafor package; jsonlite to write CALIPER_R_JSON).',
    'suppressPackageStartupMessages(library(metafor))',
    '',
  );
  const excluded = run.rows.filter((r) => r.weight === null && r.valueIds.length > 0);
  if (excluded.length) {
    lines.push('# Studies that could not enter:');
    for (const r of excluded) lines.push(`#   ${r.label}: ${r.excluded ?? ''}`);
    lines.push('');
  }
  const cols: string[] = [`study = c(${rows.map((r) => rString(r.label)).join(', ')})`];
  let escalcCall: string;
  if (analysis.measure === 'GEN') {
    const log = rows.some((r) => r.data.scale === 'log');
    cols.push(`est = c(${rows.map((r) => rNum(r.data.yi)).join(', ')})`);
    cols.push(`lower = c(${rows.map((r) => rNum(r.data.ci_lb)).join(', ')})`);
    cols.push(`upper = c(${rows.map((r) => rNum(r.data.ci_ub)).join(', ')})`);
    cols.push(`se = c(${rows.map((r) => rNum(r.data.sei)).join(', ')})`);
    const tr = log ? 'log' : '';
    escalcCall = [
      `dat$yi <- ${tr}(dat$est)`,
      `dat$sei <- ifelse(is.na(dat$lower), dat$se, (${tr}(dat$upper) - ${tr}(dat$lower)) / (2 * qnorm(0.975)))`,
      `dat$vi <- dat$sei^2`,
      `dat <- escalc(measure = "GEN", yi = yi, vi = vi, data = dat)`,
    ].join('\n');
  } else {
    const fields = FIELDS[analysis.measure]!;
    for (const f of fields) cols.push(`${f} = c(${rows.map((r) => rNum(r.data[f] as number | undefined)).join(', ')})`);
    escalcCall = `dat <- escalc(measure = "${analysis.measure}", ${fields.map((f) => `${f} = ${f}`).join(', ')}, data = dat, slab = study)`;
  }
  lines.push(`dat <- data.frame(\n  ${cols.join(',\n  ')}\n)`, escalcCall, '');
  const level = `level = ${s.level}`;
  if (method === 'MH') {
    lines.push(
      `res <- rma.mh(ai = ai, n1i = n1i, ci = ci, n2i = n2i, measure = "${analysis.measure}", data = dat, slab = study, ${level})`,
    );
  } else if (method === 'PETO') {
    lines.push(`res <- rma.peto(ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat, slab = study, ${level})`);
  } else {
    const test = s.hartungKnapp ? 'knha' : 'z';
    lines.push(`res <- rma(yi, vi, data = dat, method = "${method}", test = "${test}", ${level}, slab = study)`);
  }
  const transf =
    analysis.measure === 'PFT'
      ? 'transf = transf.ipft.hm, targs = list(ni = dat$ni)'
      : analysis.measure === 'PLO'
        ? 'transf = transf.ilogit'
        : analysis.measure === 'PAS'
          ? 'transf = transf.iarcsin'
          : run.logScale
            ? 'transf = exp'
            : '';
  lines.push(
    'print(res)',
    `pred <- predict(res${transf ? `, ${transf}` : ''})`,
    'print(pred)',
    'print(round(weights(res), 2))',
    '',
    '# The forest plot (metafor layout).',
    `forest(res${run.logScale ? ', atransf = exp' : transf ? `, ${transf}` : ''}, header = c("Study", ${rString(run.method)}))`,
    '',
    '# Every number as JSON, for comparison with Caliper.',
    'out <- Sys.getenv("CALIPER_R_JSON")',
    'if (nzchar(out)) {',
    '  p <- predict(res)',
    '  jsonlite::write_json(list(',
    '    study = I(as.character(dat$study)), yi = I(as.numeric(dat$yi)), vi = I(as.numeric(dat$vi)),',
    '    weights = I(as.numeric(weights(res))), k = res$k, estimate = as.numeric(coef(res)[1]), se = res$se,',
    '    ci_lb = res$ci.lb, ci_ub = res$ci.ub, stat = res$zval, pval = res$pval,',
    '    tau2 = if (is.null(res$tau2)) NA else res$tau2, Q = res$QE, Qp = res$QEp, I2 = res$I2,',
    '    pi_lb = if (is.null(p$pi.lb)) NA else p$pi.lb, pi_ub = if (is.null(p$pi.ub)) NA else p$pi.ub,',
    '    natural = list(estimate = pred$pred, ci_lb = pred$ci.lb, ci_ub = pred$ci.ub)',
    '  ), out, digits = NA, auto_unbox = TRUE)',
    '}',
    '',
  );
  return lines.join('\n');
}
