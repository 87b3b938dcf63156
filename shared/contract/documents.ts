// Contract channels for PDFs: import one (attached to a study or as a new study), describe it and give
// its page texts for the reader, find in its text, and match a PDF to studies for folder import. A PDF
// goes to the backend as bytes (`content`: Electron IPC clones a Uint8Array, the web host takes the
// file as a binary body), or as base64 (`contentBase64`) for callers that only have JSON; the 200 MB
// limit is checked before anything is decoded. The reader fetches the bytes by URL, in ranges
// (electron/backend/pdfBytes.ts), never through a channel. Layer: shared.
import { z } from 'zod';
import type { PdfDocument, PdfFindResult, PdfImportResult, PdfMatchResult } from '../model/types';
import { base64DecodedBytes, isBase64 } from './base64';
import { channel } from './channel';
import { MAX_PDF_BYTES, formatMegabytes } from './limits';

const MAX_FILE_NAME_CHARS = 255;
const MAX_PASSWORD_CHARS = 1_000;
const MAX_QUERY_CHARS = 1_000;

const id = z.string().min(1).max(100);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 in hex');
const fileName = z
  .string()
  .max(MAX_FILE_NAME_CHARS, `the file name is longer than ${MAX_FILE_NAME_CHARS} characters`)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, 'the file name is empty')
  .refine((s) => !s.includes('\0'), 'the file name contains a NUL character');
const password = z.string().max(MAX_PASSWORD_CHARS, 'the password is too long');

/**
 * Refuses a request without exactly one of content and contentBase64, content whose size is over the
 * limit (naming the file), or contentBase64 that is not base64.
 */
function checkPdfContent(
  r: { fileName: string; contentBase64?: string | undefined; content?: Uint8Array | undefined },
  ctx: z.RefinementCtx,
): void {
  if ((r.content === undefined) === (r.contentBase64 === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['content'], message: 'give the PDF as content or as contentBase64' });
    return;
  }
  if (r.content !== undefined) {
    if (r.content.byteLength > MAX_PDF_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['content'],
        message: `${r.fileName} is ${formatMegabytes(r.content.byteLength)}; the limit is ${formatMegabytes(MAX_PDF_BYTES)}`,
      });
    }
    return;
  }
  const text = r.contentBase64!;
  const bytes = base64DecodedBytes(text);
  if (bytes > MAX_PDF_BYTES) {
    ctx.addIssue({
      code: 'custom',
      path: ['contentBase64'],
      message: `${r.fileName} is ${formatMegabytes(bytes)}; the limit is ${formatMegabytes(MAX_PDF_BYTES)}`,
    });
  } else if (!isBase64(text)) {
    ctx.addIssue({ code: 'custom', path: ['contentBase64'], message: 'the content is not base64' });
  }
}

const pdfUpload = {
  fileName,
  content: z.instanceof(Uint8Array).optional(),
  contentBase64: z.string().optional(),
  password: password.optional(),
};

export const documentChannels = {
  /** Stores a PDF (once per content) and attaches it to studyId, or to a new study made from it. */
  'document:importPdf': channel(
    z.strictObject({ ...pdfUpload, studyId: id.optional() }).superRefine(checkPdfContent),
  ).returns<PdfImportResult>(),
  /**
   * Replaces a study's PDF with a new version: the new one is attached, the old one detached (kept in the
   * file), and the old one's highlights are found again in the new text; those that cannot be are kept
   * and listed as orphaned.
   */
  'document:replacePdf': channel(
    z.strictObject({ ...pdfUpload, studyId: id, oldSha256: sha256 }).superRefine(checkPdfContent),
  ).returns<PdfImportResult & { movedHighlights: number; orphanedHighlights: number }>(),
  /**
   * A stored PDF for the reader: its facts, the pages without usable text, and where its bytes are
   * (`url`, relative to the renderer's origin, served in ranges; not the bytes themselves).
   */
  'document:get': channel(z.strictObject({ sha256 })).returns<PdfDocument & { url: string; unusablePages: number[] }>(),
  /** The text of each page as stored at import; highlight offsets refer to it. */
  'document:pages': channel(z.strictObject({ sha256 })).returns<{ sha256: string; pages: string[] }>(),
  /**
   * Finds a query in a PDF's stored page text, ligatures, case, line-end hyphenation and white space
   * aside (shared/anchor/search.ts); hits are offsets in the stored text. A newer search with the same
   * searchId supersedes a running one.
   */
  'document:find': channel(
    z.strictObject({
      sha256,
      query: z.string().max(MAX_QUERY_CHARS, `the search is longer than ${MAX_QUERY_CHARS} characters`),
      searchId: z.string().min(1).max(100).optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
    }),
  ).returns<PdfFindResult>(),
  /** Reads a PDF (nothing is stored) and ranks the studies it may belong to, by DOI then title. */
  'document:matchPdf': channel(z.strictObject(pdfUpload).superRefine(checkPdfContent)).returns<PdfMatchResult>(),
};
