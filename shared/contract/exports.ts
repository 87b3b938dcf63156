// Contract channels for exports of the whole review (File > Export…): the formats there are, running
// one (to a file the user chose, through the desktop app's save dialog, or back to a browser tab as
// bytes), with `export:progress` events, and cancelling a running export. Layer: shared.
import { z } from 'zod';
import { channel } from './channel';
import { MAX_NAME_CHARS, MAX_PATH_CHARS } from './limits';

/** Every format id Caliper knows (a version may not register all of them yet). */
export const EXPORT_FORMAT_IDS = ['xlsx', 'csv', 'csv-wide', 'rm5', 'revman-csv', 'r', 'json'] as const;

/** A web-host export comes back as bytes; larger ones are for `caliper export`. */
export const MAX_DOWNLOAD_BYTES = 128 * 1024 * 1024;

export interface ExportFormatInfo {
  id: (typeof EXPORT_FORMAT_IDS)[number];
  label: string;
  extension: string;
  /** "CRT review - extraction sheet - 2026-12-02.xlsx" */
  defaultFileName: string;
}

export interface ExportRunResult {
  fileName: string;
  /** Where the file was written; null when it came back as bytes (a browser download). */
  path: string | null;
  rows: number;
  unit: string;
  /** The file, for a browser download. */
  base64?: string;
  mediaType: string;
  /** The user closed the save dialog: nothing was written. */
  cancelled?: boolean;
}

const exportId = z.string().min(1).max(100);

export const exportChannels = {
  'export:formats': channel(z.strictObject({})).returns<{
    formats: ExportFormatInfo[];
    /** Whether `destination: {kind: 'choose'}` opens a save dialog here (the desktop app). */
    canChooseFile: boolean;
  }>(),
  'export:run': channel(
    z.strictObject({
      /** Names the export for progress events and `export:cancel`. */
      exportId,
      format: z.enum(EXPORT_FORMAT_IDS),
      layer: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('consensus') }),
        z.strictObject({ kind: z.literal('all') }),
        z.strictObject({ kind: z.literal('reviewer'), name: z.string().trim().min(1).max(MAX_NAME_CHARS) }),
      ]),
      studies: z.enum(['all', 'complete']).default('all'),
      bom: z.boolean().default(false),
      destination: z.discriminatedUnion('kind', [
        /** Ask where with the save dialog (desktop app). */
        z.strictObject({ kind: z.literal('choose') }),
        /** Write to this path. */
        z.strictObject({
          kind: z.literal('file'),
          path: z
            .string()
            .min(1, 'the path is empty')
            .max(MAX_PATH_CHARS, 'the path is too long')
            .refine((p) => !p.includes('\0'), 'the path contains a NUL character'),
        }),
        /** Send the file back as bytes (a browser tab downloads it). */
        z.strictObject({ kind: z.literal('download') }),
      ]),
    }),
  ).returns<ExportRunResult>(),
  /** Cancels a running export of this window or tab; nothing is written. */
  'export:cancel': channel(z.strictObject({ exportId })).returns<{ cancelled: boolean }>(),
};
