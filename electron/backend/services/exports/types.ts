// The shape every export format shares: the File > Export… dialog, the `export:*` channels and
// `caliper export` find formats in ./index.ts and call `write`, which writes one file at a path the
// caller chose (a temporary path beside the destination; the caller renames it into place, so a
// failed export never leaves a half-written file). Layer: electron/backend.
import type { RequestContext } from '../../context';

/** Every format Caliper writes, as `caliper export --format` names it. */
export type ExportFormatId = 'xlsx' | 'csv' | 'csv-wide' | 'rm5' | 'revman-csv' | 'r' | 'json';

export interface ExportOptions {
  /** Whose values: the consensus, every layer (consensus and each reviewer), or one reviewer by name. */
  layer: 'consensus' | 'all' | { reviewer: string };
  /** Which studies: all of them, or only those whose extraction (of the chosen layer) is complete. */
  studies: 'all' | 'complete';
  /** CSV only: start with a UTF-8 byte-order mark so Excel reads the file as UTF-8. */
  bom?: boolean;
  /** JSON only: include the PDFs themselves (base64); left out by default. */
  includePdfs?: boolean;
  /** Called now and then with how far the export has got; `total` is a count of the format's own units. */
  onProgress?: (done: number, total: number) => void;
  /** Aborts a long export; `write` then throws a CaliperError with code 'cancelled'. */
  signal?: AbortSignal;
  /**
   * Blinding: the reviewer of the window or tab that asks (null when none is chosen). Another
   * reviewer's values are shown only where they are revealed to this reviewer. Left out by the
   * command line, which reads the file as its owner.
   */
  viewer?: string | null;
}

export interface ExportResult {
  /** Rows written (CSV rows, sheet rows summed over sheets), or records (JSON entities, .rm5 studies). */
  rows: number;
  /** What the number counts, for the one-line summary: "rows", "records", "studies" … */
  unit: string;
}

export interface ExportFormat {
  id: ExportFormatId;
  /** For menus: "Extraction sheet (Excel, .xlsx)". */
  label: string;
  /** The file name extension, without the dot. */
  extension: string;
  /** Writes the export of the context's open review to `path`. */
  write(ctx: RequestContext, path: string, options: ExportOptions): Promise<ExportResult>;
}
