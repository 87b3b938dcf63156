// `caliper analyse --review FILE [--analysis NAME] [--format json|svg|r] [--out PATH]`: runs the
// review's stored analyses (or one) on their current values and prints JSON, or writes one analysis's
// forest plot (SVG) or R script. The review is opened read-only in spirit: nothing is written to it.
// Layer: electron/cli, a thin adapter over electron/backend.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analysisRScript } from '../../../shared/analysis/rScript';
import { forestPlot } from '../../../shared/plots/forest';
import { Backend } from '../../backend/backend';
import { defaultDataDir } from '../../backend/dataDir';
import { findAnalysisByName, listAnalyses } from '../../backend/db/repositories/analyses';
import { runStored } from '../../backend/services/analysis';
import { openReview } from '../../backend/services/review';
import { UsageError, type CliCommand } from '../command';
import { caliperVersion } from '../paths';

const usage = `Usage: caliper analyse --review FILE [--analysis NAME] [--format json|svg|r] [--out PATH]

Runs the analyses stored in the review FILE (or the one named NAME) on their current data (the
consensus, or the reviewer's extraction the analysis names) and prints JSON:
  [{"name", "outcome", "timepoint", "measure", "method", "layer",
    "result": <the pooled result, the same fields as caliper pool>,
    "studies": [{"id", "label", "yi", "vi", "weight", "excluded": null | "reason", "values": [value ids]}]}]
A study that cannot enter (missing SD, zero total, double zero, no such arm, no data) is listed with
the reason. An analysis that cannot be pooled has "result": null and "error".

  --review FILE      the review (.caliper)
  --analysis NAME    one analysis, by name (case-insensitive)
  --format FORMAT    json (default), svg (the forest plot) or r (an R script with metafor that
                     reproduces the numbers); svg and r need --analysis when the review has more than one
  --out PATH         write to PATH instead of standard output

Exits 1 when an analysis could not be pooled, 2 on a usage error or a review that does not open.
`;

/** JSON cannot hold infinities or NaN: they are written as null. */
const replacer = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isFinite(value) ? null : value;

export const analyseCommand: CliCommand = {
  name: 'analyse',
  summary: 'run a review’s stored analyses and print JSON, a forest plot (SVG) or an R script',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        review: { type: 'string' },
        analysis: { type: 'string' },
        format: { type: 'string', default: 'json' },
        out: { type: 'string' },
        'data-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.review) throw new UsageError('--review FILE is required');
    const format = values.format;
    if (format !== 'json' && format !== 'svg' && format !== 'r')
      throw new UsageError(`--format must be json, svg or r (got "${format}")`);
    if (!existsSync(values.review)) {
      io.stderr(`caliper analyse: ${values.review}: no such review file\n`);
      return 2;
    }
    const backend = new Backend({
      dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir(),
      host: 'web',
      versions: { caliper: caliperVersion() },
    });
    try {
      const ctx = backend.context();
      try {
        openReview(ctx, { path: values.review });
      } catch (error) {
        io.stderr(`caliper analyse: ${values.review}: ${(error as Error).message}\n`);
        return 2;
      }
      const { db } = ctx.requireReview();
      let analyses = listAnalyses(db);
      if (values.analysis !== undefined) {
        const one = findAnalysisByName(db, values.analysis);
        if (!one) {
          const names = analyses.map((a) => `"${a.name}"`).join(', ') || 'none';
          io.stderr(
            `caliper analyse: no analysis named "${values.analysis}" in ${values.review} (analyses: ${names})\n`,
          );
          return 2;
        }
        analyses = [one];
      }
      if (format !== 'json' && analyses.length !== 1) {
        throw new UsageError(
          analyses.length === 0
            ? `${values.review} has no analyses`
            : `--format ${format} writes one analysis: name it with --analysis (${analyses.map((a) => `"${a.name}"`).join(', ')})`,
        );
      }
      const runs = analyses.map((a) => ({ analysis: a, run: runStored(db, a) }));
      let text: string;
      if (format === 'svg') text = forestPlot(runs[0]!.run, runs[0]!.analysis.settings);
      else if (format === 'r') text = analysisRScript(runs[0]!.analysis, runs[0]!.run);
      else {
        const out = runs.map(({ analysis, run }) => ({
          name: analysis.name,
          outcome: run.outcome.name,
          timepoint: run.timepoint,
          measure: analysis.measure,
          method: run.coreMethod,
          layer: analysis.layer.kind === 'consensus' ? 'consensus' : `reviewer:${analysis.layer.reviewerId}`,
          result: run.result,
          ...(run.error ? { error: run.error } : {}),
          studies: run.rows.map((r) => ({
            id: r.studyId,
            label: r.label,
            yi: r.yi,
            vi: r.vi,
            weight: r.weight,
            excluded: r.excluded,
            values: r.valueIds,
          })),
        }));
        text = `${JSON.stringify(out, replacer, 2)}\n`;
      }
      if (values.out) writeFileSync(values.out, text);
      else io.stdout(text);
      return runs.some((r) => r.run.result === null) ? 1 : 0;
    } finally {
      backend.close();
    }
  },
};
