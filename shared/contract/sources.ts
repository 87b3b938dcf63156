// Contract channels for importing reference files: preview (nothing written) and its further
// pages, commit (one transaction), cancel. The renderer sends the file's bytes as base64, as both
// IPC and the web host carry JSON. Spread into `contract` in ./contract. Layer: shared.
import { z } from 'zod';
import {
  CSV_COLUMN_FIELDS,
  IMPORT_PREVIEW_WINDOW,
  REFERENCE_FORMAT_NAMES,
  type ImportPreview,
  type ImportPreviewPage,
  type ImportSummary,
} from '../model/imports';
import { formatMegabytes, MAX_PATH_CHARS } from './limits';
import { base64DecodedBytes, isBase64 } from './base64';
import { channel } from './channel';

/** A reference file may be at most 100 MB. */
export const MAX_REFERENCE_FILE_BYTES = 100 * 1024 * 1024;
/** Most decisions one commit can carry (one per duplicate). */
export const MAX_IMPORT_DECISIONS = 1_000_000;

const contentBase64 = z.string().superRefine((s, ctx) => {
  const bytes = base64DecodedBytes(s);
  if (bytes > MAX_REFERENCE_FILE_BYTES) {
    ctx.addIssue({
      code: 'custom',
      message: `the reference file is ${formatMegabytes(bytes)}; the limit is ${formatMegabytes(MAX_REFERENCE_FILE_BYTES)}`,
    });
  } else if (!isBase64(s)) {
    ctx.addIssue({ code: 'custom', message: 'the file content is not base64' });
  } else if (bytes === 0) {
    ctx.addIssue({ code: 'custom', message: 'the file is empty' });
  }
});

const fileName = z
  .string()
  .min(1, 'the file name is empty')
  .max(MAX_PATH_CHARS, 'the file name is too long')
  .refine((p) => !p.includes('\0'), 'the file name contains a NUL character');

const previewId = z.string().min(1).max(100);
const duplicateAction = z.enum(['skip', 'merge']);

const columnMapping = z.partialRecord(z.enum(CSV_COLUMN_FIELDS), z.string().min(1).max(500));

export const sourceChannels = {
  /** Reads a reference file and says what importing it would do; writes nothing. */
  'source:previewImport': channel(
    z.strictObject({
      fileName,
      contentBase64,
      format: z.enum(REFERENCE_FORMAT_NAMES).optional(),
      columnMapping: columnMapping.optional(),
    }),
  ).returns<ImportPreview>(),
  /** Writes a previewed import in one transaction; each duplicate is skipped or merged. */
  'source:commitImport': channel(
    z.strictObject({
      previewId,
      onDuplicate: duplicateAction.default('skip'),
      decisions: z
        .array(z.strictObject({ index: z.number().int().min(0), action: duplicateAction }))
        .max(MAX_IMPORT_DECISIONS, 'too many decisions')
        .default([]),
    }),
  ).returns<ImportSummary>(),
  /** Cancels a running preview or commit (all of them without a previewId); a cancelled commit writes nothing. */
  'source:cancelImport': channel(z.strictObject({ previewId: previewId.optional() })).returns<{ cancelled: number }>(),
  /** A page of a preview's new records or duplicates beyond the first IMPORT_PREVIEW_WINDOW its answer lists. */
  'source:previewPage': channel(
    z.strictObject({
      previewId,
      list: z.enum(['new', 'duplicates']),
      offset: z.number().int().min(0).max(MAX_IMPORT_DECISIONS),
      limit: z.number().int().min(1).max(IMPORT_PREVIEW_WINDOW).optional(),
    }),
  ).returns<ImportPreviewPage>(),
};
