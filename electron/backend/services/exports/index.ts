// Every export format Caliper writes, in the order File > Export… lists them. A format is one module
// in this folder exporting an ExportFormat (./types.ts); add it here, one line each.
// Layer: electron/backend.
import { csvFormat } from './csvLong';
import { csvWideFormat } from './csvWide';
import { revmanCsvFormat } from './revmanCsv';
import { rFormat } from './rScript';
import { rm5Format } from './rm5';
import { jsonFormat } from './json';
import type { ExportFormat, ExportFormatId } from './types';
import { xlsxFormat } from './xlsx';

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  xlsxFormat, // the extraction sheet
  csvFormat, // long CSV for metafor
  csvWideFormat, // wide CSV for escalc
  revmanCsvFormat, // RevMan Web data package
  rFormat, // R script of every analysis
  rm5Format, // RevMan 5
  jsonFormat, // the whole review
];

/** The format with this id, or undefined. */
export function exportFormat(id: ExportFormatId): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => format.id === id);
}
