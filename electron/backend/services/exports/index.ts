// Every export format Caliper writes, in the order File > Export… lists them. A format is one module
// in this folder exporting an ExportFormat (./types.ts); add it here, one line each.
// Layer: electron/backend.
import { jsonFormat } from './json';
import type { ExportFormat, ExportFormatId } from './types';

export const EXPORT_FORMATS: readonly ExportFormat[] = [jsonFormat];

/** The format with this id, or undefined. */
export function exportFormat(id: ExportFormatId): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => format.id === id);
}
