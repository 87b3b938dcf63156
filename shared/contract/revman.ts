// Contract channel for making a new review from a RevMan 5 file (.rm5) sent from the interface: the
// renderer sends the file's bytes as base64, as both IPC and the web host carry JSON. Spread into
// `contract` in ./contract. Layer: shared.
import { z } from 'zod';
import type { ReviewInfo } from '../model/types';
import { base64DecodedBytes, isBase64 } from './base64';
import { channel } from './channel';
import { formatMegabytes, MAX_PATH_CHARS } from './limits';

/** The largest .rm5 file read: RevMan's own files are a few megabytes at most. */
export const MAX_RM5_BYTES = 64 * 1024 * 1024;

/** What a new review made from a RevMan file holds, and what was imported with a change. */
export interface Rm5ImportSummary {
  path: string;
  title: string;
  studies: number;
  outcomes: number;
  analyses: number;
  values: number;
  notes: string[];
}

const contentBase64 = z.string().superRefine((s, ctx) => {
  const bytes = base64DecodedBytes(s);
  if (bytes > MAX_RM5_BYTES)
    ctx.addIssue({
      code: 'custom',
      message: `the RevMan file is ${formatMegabytes(bytes)}; the limit is ${formatMegabytes(MAX_RM5_BYTES)}`,
    });
  else if (!isBase64(s)) ctx.addIssue({ code: 'custom', message: 'the file content is not base64' });
  else if (bytes === 0) ctx.addIssue({ code: 'custom', message: 'the file is empty' });
});

const fileName = z
  .string()
  .min(1, 'the file name is empty')
  .max(MAX_PATH_CHARS, 'the file name is too long')
  .refine((p) => !p.includes('\0'), 'the file name contains a NUL character');

export const revmanChannels = {
  /** A new review in the reviews folder from a RevMan 5 file, opened; nothing is created when it is refused. */
  'review:importRm5': channel(z.strictObject({ fileName, contentBase64 })).returns<{
    review: ReviewInfo;
    summary: Rm5ImportSummary;
  }>(),
};
