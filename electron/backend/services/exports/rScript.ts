// One R script for every analysis of the review, the data inlined: each analysis is the script
// `caliper analyse --format r` writes for it (metafor's escalc, rma and forest with the same
// settings), run on the layer the export asks for. Layer: electron/backend.
import { writeFile } from 'node:fs/promises';
import { analysisRScript } from '../../../../shared/analysis/rScript';
import type { RequestContext } from '../../context';
import { checkCancelled } from './atomic';
import { resolveLayers } from './data';
import { runAnalysesOn } from './analyses';
import type { ExportFormat, ExportOptions, ExportResult } from './types';

async function writeR(ctx: RequestContext, path: string, options: ExportOptions): Promise<ExportResult> {
  const { db, info } = ctx.requireReview();
  const runs = runAnalysesOn(db, resolveLayers(db, options.layer));
  const parts = [
    `# ${info.title.replace(/\n/g, ' ')}: every analysis, written by Caliper on ${new Date().toISOString().slice(0, 10)}.`,
    '# Each section stands alone (it defines dat and res again). Run: Rscript this-file.R (needs metafor).',
    '',
  ];
  let done = 0;
  for (const { analysis, run, layer } of runs) {
    checkCancelled(options.signal);
    parts.push(
      `# ==== ${analysis.name} (${layer.name}) ${'='.repeat(Math.max(0, 60 - analysis.name.length))}`,
      run.rows.some((r) => r.weight !== null)
        ? analysisRScript(analysis, run)
        : `# Nothing to pool: ${run.error ?? 'no study has the data this analysis needs'}.\n`,
    );
    options.onProgress?.(++done, runs.length);
  }
  checkCancelled(options.signal);
  await writeFile(path, parts.join('\n'));
  return { rows: runs.length, unit: 'analyses' };
}

export const rFormat: ExportFormat = {
  id: 'r',
  label: 'R script of every analysis (metafor)',
  extension: 'R',
  write: writeR,
};
