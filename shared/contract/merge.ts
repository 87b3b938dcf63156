// Contract channels for merging a reviewer's work from a copy of the same review: a preview (the
// copy's reviewers, then what the chosen one's merge would bring in and what conflicts) and the merge
// itself, all or nothing. Layer: shared.
import { z } from 'zod';
import type { MergePreview, MergeResult } from '../model/merge';
import { channel } from './channel';
import { MAX_NAME_CHARS, MAX_PASSCODE_CHARS, MAX_PATH_CHARS } from './limits';

const copyPath = z
  .string()
  .min(1, 'the path of the copy is empty')
  .max(MAX_PATH_CHARS, 'the path of the copy is too long')
  .refine((p) => !p.includes('\0'), 'the path contains a NUL character');
/** The copy's reviewer, by id or by name. */
const reviewer = z.string().min(1, 'name the reviewer').max(MAX_NAME_CHARS, 'the reviewer is too long');
const passcode = z.string().max(MAX_PASSCODE_CHARS, 'the passcode is too long');

export const mergeChannels = {
  /**
   * Reads the copy (never writes it): its reviewers, and with `reviewer`, what merging their work would
   * do. Which of the reviewer's cells conflict with their work here is named only to their session or
   * with their passcode; others get the count.
   */
  'review:mergePreview': channel(
    z.strictObject({ path: copyPath, reviewer: reviewer.optional(), passcode: passcode.optional() }),
  ).returns<MergePreview>(),
  /** Brings in the reviewer's values, highlights and statuses in one transaction, or nothing when anything conflicts. */
  'review:mergeCommit': channel(
    z.strictObject({ path: copyPath, reviewer, passcode: passcode.optional() }),
  ).returns<MergeResult>(),
};
