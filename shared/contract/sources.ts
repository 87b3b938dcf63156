// Contract channels for importing reference files: preview (nothing written) and its further
// pages, commit (one transaction), cancel. The renderer sends the file's bytes as `content` (Electron
// IPC clones a Uint8Array; the web host takes the file as a binary body, electron/host/binaryUpload.ts);
// callers that only have JSON may send base64 instead, for files up to 100 MB. Spread into `contract`
// in ./contract. Layer: shared.
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

/**
 * A reference file read from disk (`caliper import`) may be at most 512 MB: the reading thread
 * decodes and parses a large file a megabyte at a time, so memory does not grow with it.
 */
export const MAX_REFERENCE_FILE_BYTES = 512 * 1024 * 1024;
/**
 * A reference file sent by the app (its bytes in the request) may be at most 256 MB, which holds a
 * 100,000-record PubMed or Scopus export (about 180 MB). The request carries a copy of the file, and
 * Electron's IPC serialises a message into one buffer, which V8 caps at 512 MiB; larger files are for
 * `caliper import`, which reads them from disk.
 */
export const MAX_REFERENCE_CONTENT_BYTES = 256 * 1024 * 1024;
/** Base64 in JSON costs 4/3 of the file and a decoded copy besides: only files up to 100 MB go that way. */
export const MAX_REFERENCE_BASE64_BYTES = 100 * 1024 * 1024;
/** Most decisions one commit can carry (one per duplicate). */
export const MAX_IMPORT_DECISIONS = 1_000_000;

/** Refuses a preview without exactly one of content and contentBase64, or with either over its limit or empty. */
function checkReferenceContent(
  r: { fileName: string; contentBase64?: string | undefined; content?: Uint8Array | undefined },
  ctx: z.RefinementCtx,
): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if ((r.content === undefined) === (r.contentBase64 === undefined)) {
    issue('content', 'give the file as content or as contentBase64');
    return;
  }
  if (r.content !== undefined) {
    if (r.content.byteLength > MAX_REFERENCE_CONTENT_BYTES) {
      issue(
        'content',
        `${r.fileName} is ${formatMegabytes(r.content.byteLength)}; the limit for a reference file opened in the app is ${formatMegabytes(MAX_REFERENCE_CONTENT_BYTES)} (a larger one imports with caliper import)`,
      );
    } else if (r.content.byteLength === 0) issue('content', `${r.fileName} is empty`);
    return;
  }
  const text = r.contentBase64!;
  const bytes = base64DecodedBytes(text);
  if (bytes > MAX_REFERENCE_BASE64_BYTES) {
    issue(
      'contentBase64',
      `${r.fileName} is ${formatMegabytes(bytes)}; the limit for a reference file sent as base64 is ${formatMegabytes(MAX_REFERENCE_BASE64_BYTES)} (send it as content)`,
    );
  } else if (!isBase64(text)) issue('contentBase64', 'the file content is not base64');
  else if (bytes === 0) issue('contentBase64', `${r.fileName} is empty`);
}

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
    z
      .strictObject({
        fileName,
        content: z.instanceof(Uint8Array).optional(),
        contentBase64: z.string().optional(),
        format: z.enum(REFERENCE_FORMAT_NAMES).optional(),
        columnMapping: columnMapping.optional(),
      })
      .superRefine(checkReferenceContent),
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
