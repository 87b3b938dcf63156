// `caliper export --review FILE --format FORMAT [--layer …] [--studies …] [--bom] --out PATH`: writes
// one export of a review (the formats File > Export… offers) and prints a one-line JSON summary. The
// file is written to a temporary file beside PATH and renamed into place, so a failure leaves nothing.
// The command line reads the review as its owner: every layer, without blinding (as `caliper analyse`).
// Layer: electron/cli, a thin adapter over electron/backend.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMAT_IDS } from '../../../shared/contract/exports';
import { CaliperError } from '../../../shared/contract/result';
import { Backend } from '../../backend/backend';
import { defaultDataDir } from '../../backend/dataDir';
import { openReview } from '../../backend/services/review';
import { requireFormat, runExport } from '../../backend/services/exports/run';
import type { ExportOptions } from '../../backend/services/exports/types';
import type { CliCommand } from '../command';
import { caliperVersion } from '../paths';

const usage = `Usage: caliper export --review FILE --format ${EXPORT_FORMAT_IDS.join('|')}
                      [--layer consensus|all|REVIEWER] [--studies all|complete] [--bom] --out PATH

Writes an export of the review FILE to PATH and prints one line of JSON:
  {"path", "format", "rows"} (or "records", "analyses": what the format counts)

  --format FORMAT     xlsx       extraction sheet: Studies, one sheet per outcome, Sources, and
                                 Disagreements and Agreement where two reviewers extracted
                      csv        long CSV, one row per study × outcome × timepoint × arm (metafor)
                      csv-wide   one row per study × comparison (ai/n1i/ci/n2i, m1i/sd1i/n1i/...)
                      revman-csv RevMan Web data package CSV of the review's analyses
                      r          an R script of every analysis with the data inlined (metafor)
                      rm5, json  RevMan 5 file and the whole review, where this version has them
  --layer LAYER       consensus (default), all (the consensus and each reviewer), or a reviewer's name
  --studies WHICH     all (default) or complete (only studies whose extraction of the layer is complete)
  --bom               CSV: start with a UTF-8 byte-order mark (for Excel)
  --out PATH          the file to write (replaced only when the export is complete)

A file that is not a review, an unknown format or reviewer, or a folder that does not exist exits 2
with a one-line JSON error {"error": {"code", "message"}} on standard error; nothing is written.
`;

function fail(io: Parameters<CliCommand['run']>[1], code: string, message: string): number {
  io.stderr(`${JSON.stringify({ error: { code, message } })}\n`);
  return 2;
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a review as an extraction sheet (XLSX), CSV, RevMan or R script and print a JSON summary',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        review: { type: 'string' },
        format: { type: 'string' },
        layer: { type: 'string', default: 'consensus' },
        studies: { type: 'string', default: 'all' },
        bom: { type: 'boolean', default: false },
        out: { type: 'string' },
        'data-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.review) return fail(io, 'validation', '--review FILE is required');
    if (!values.format) return fail(io, 'validation', `--format is required (${EXPORT_FORMAT_IDS.join(', ')})`);
    if (!values.out) return fail(io, 'validation', '--out PATH is required');
    if (values.studies !== 'all' && values.studies !== 'complete')
      return fail(io, 'validation', `--studies must be all or complete (got "${values.studies}")`);
    let format;
    try {
      format = requireFormat(values.format);
    } catch (error) {
      return fail(io, 'validation', (error as Error).message);
    }
    if (!existsSync(values.review)) return fail(io, 'not_found', `${values.review}: no such review file`);
    const out = path.resolve(values.out);
    const backend = new Backend({
      dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir(),
      host: 'web',
      versions: { caliper: caliperVersion() },
    });
    try {
      const ctx = backend.context();
      openReview(ctx, { path: values.review });
      const layer: ExportOptions['layer'] =
        values.layer === 'consensus' || values.layer === 'all' ? values.layer : { reviewer: values.layer };
      const result = await runExport(ctx, format, out, {
        layer,
        studies: values.studies,
        bom: values.bom,
      });
      io.stdout(`${JSON.stringify({ path: out, format: format.id, [result.unit]: result.rows })}\n`);
      return 0;
    } catch (error) {
      if (error instanceof CaliperError) return fail(io, error.code, `${values.review}: ${error.message}`);
      throw error;
    } finally {
      backend.close();
    }
  },
};
