// Runs one export: finds the format, checks the layer (a reviewer who exists; blinding for a window's
// or tab's request), and writes the file through a temporary file beside the destination, renamed
// into place only when complete. Shared by the `export:run` channel and `caliper export`.
// Layer: electron/backend.
import { EXPORT_FORMAT_IDS } from '../../../../shared/contract/exports';
import { CaliperError } from '../../../../shared/contract/result';
import type { RequestContext } from '../../context';
import { checkLayerAccess } from './access';
import { writeAtomically } from './atomic';
import { resolveLayers } from './data';
import { EXPORT_FORMATS, exportFormat } from './index';
import type { ExportFormat, ExportFormatId, ExportOptions, ExportResult } from './types';

/** The registered format with this id, or a clear error naming what there is. */
export function requireFormat(id: string): ExportFormat {
  const known = (EXPORT_FORMAT_IDS as readonly string[]).includes(id);
  const format = known ? exportFormat(id as ExportFormatId) : undefined;
  if (!format) {
    const available = EXPORT_FORMATS.map((f) => f.id).join(', ');
    throw new CaliperError(
      'validation',
      known
        ? `The ${id} export is not available in this version of Caliper (available: ${available}).`
        : `Unknown export format "${id}" (available: ${available}).`,
    );
  }
  return format;
}

/** Writes the open review's export to `destination`; nothing is left there on an error or a cancel. */
export async function runExport(
  ctx: RequestContext,
  format: ExportFormat,
  destination: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const { db } = ctx.requireReview();
  const layers = resolveLayers(db, options.layer);
  // The whole review (JSON) holds every reviewer's values whatever layer is asked for: blinded as `all`.
  if (options.viewer !== undefined)
    checkLayerAccess(db, options.viewer, format.id === 'json' ? resolveLayers(db, 'all') : layers);
  return writeAtomically(destination, (tmp) => format.write(ctx, tmp, options));
}

/** "CRT review - extraction sheet - 2026-12-02.xlsx" */
export function defaultFileName(title: string, format: ExportFormat, date = new Date()): string {
  const base = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  const what: Record<string, string> = {
    xlsx: 'extraction sheet',
    csv: 'outcome data',
    'csv-wide': 'outcome data wide',
    'revman-csv': 'RevMan data',
    r: 'analyses',
    rm5: 'RevMan',
    json: 'review',
  };
  return `${base || 'review'} - ${what[format.id] ?? format.id} - ${date.toISOString().slice(0, 10)}.${format.extension}`;
}
