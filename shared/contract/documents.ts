// Contract channels for PDFs: import one (attached to a study or as a new study), read its bytes and
// page texts for the reader, and match a PDF to studies for folder import. PDF bytes cross every
// transport as base64; the 200 MB limit is checked on the encoded length, before anything is decoded.
// Layer: shared.
import { z } from 'zod';
import type { PdfDocument, PdfImportResult, PdfMatchResult } from '../model/types';
import { base64DecodedBytes, isBase64 } from './base64';
import { channel } from './channel';
import { MAX_PDF_BYTES, formatMegabytes } from './limits';

const MAX_FILE_NAME_CHARS = 255;
const MAX_PASSWORD_CHARS = 1_000;

const id = z.string().min(1).max(100);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 in hex');
const fileName = z
  .string()
  .max(MAX_FILE_NAME_CHARS, `the file name is longer than ${MAX_FILE_NAME_CHARS} characters`)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, 'the file name is empty')
  .refine((s) => !s.includes('\0'), 'the file name contains a NUL character');
const password = z.string().max(MAX_PASSWORD_CHARS, 'the password is too long');

/** Refuses PDF content whose decoded size is over the limit (naming the file), or that is not base64. */
function checkPdfContent(r: { fileName: string; contentBase64: string }, ctx: z.RefinementCtx): void {
  const text = r.contentBase64;
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

const pdfUpload = { fileName, contentBase64: z.string(), password: password.optional() };

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
  /** A stored PDF's bytes, for the reader. */
  'document:get': channel(z.strictObject({ sha256 })).returns<PdfDocument & { contentBase64: string }>(),
  /** The text of each page as stored at import; highlight offsets refer to it. */
  'document:pages': channel(z.strictObject({ sha256 })).returns<{ sha256: string; pages: string[] }>(),
  /** Reads a PDF (nothing is stored) and ranks the studies it may belong to, by DOI then title. */
  'document:matchPdf': channel(z.strictObject(pdfUpload).superRefine(checkPdfContent)).returns<PdfMatchResult>(),
};
