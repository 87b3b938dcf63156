// `caliper reconcile --review FILE`: compares the two reviewers' extractions of every study both
// marked complete and prints, as JSON, each study's states and consensus, and the agreement between
// them. Changes nothing in the review. Layer: electron/cli, a thin adapter.
import { parseArgs } from 'node:util';
import { CaliperError } from '../../../shared/contract/result';
import { parseTolerance } from '../../../shared/reconcile/compare';
import { resources } from '../../backend/resources';
import { reconcileReport } from '../../backend/services/reconcileReport';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: caliper reconcile --review FILE [--reviewers NAME,NAME] [--tolerance 0.01|0.5%]

Compares two reviewers' extractions of each study both marked complete, cell by cell (numbers after
normalisation: 12.0 = 12, 1,024 = 1024), and prints JSON; the review is not changed:

  {"reviewers": [..], "tolerance",
   "studies": [{"id", "label", "cells", "agree", "differ", "onlyOne", "bothNotReported", "resolved",
                "reopened", "consensusComplete"}],
   "agreement": {"overall": {"cells", "percent", "percentWithinTolerance"},
                 "fields": [{"field", "kind", "cells", "differ", "onlyOne", "percent",
                             "percentWithinTolerance", "kappa", "kappaLower", "kappaUpper"}]}}

Percentages are 0-100; kappa (with its 95% CI) is given for single-choice and yes/no fields.

  --review FILE          the review (.caliper)
  --reviewers NAME,NAME  the pair to compare (default: the review's pair, or the two who finished)
  --tolerance T          numbers within T agree: 0.01 (absolute) or 0.5% (relative); exact by default
  -h, --help             this text

A file that is not a review, or a reviewer name that does not exist, exits 2 with a one-line JSON
error {"error": {"code", "message"}} on standard error.
`;

export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  summary: 'compare two reviewers’ extractions and print states, consensus and agreement as JSON',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { review: { type: 'string' }, reviewers: { type: 'string' }, tolerance: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.review) throw new UsageError('--review FILE is required');
    let reviewers: [string, string] | undefined;
    if (values.reviewers !== undefined) {
      const names = values.reviewers.split(',').map((s) => s.trim());
      if (names.length !== 2 || names.some((n) => n === ''))
        throw new UsageError(`--reviewers needs two names separated by a comma (got "${values.reviewers}")`);
      reviewers = [names[0]!, names[1]!];
    }
    const tolerance = values.tolerance === undefined ? undefined : parseTolerance(values.tolerance);
    if (tolerance === null)
      throw new UsageError(
        `--tolerance must be a number such as 0.01 or a percentage such as 0.5% (got "${values.tolerance}")`,
      );
    try {
      const report = reconcileReport(values.review, { migrationsDir: resources.migrationsDir, reviewers, tolerance });
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof CaliperError)) throw error;
      io.stderr(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
      return 2;
    }
  },
};
