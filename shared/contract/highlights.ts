// Contract channels for highlights: create one from a selection, list a study's highlights
// (re-anchored against the current text), delete one. Layer: shared.
import { z } from 'zod';
import type { Highlight } from '../model/types';
import { channel } from './channel';

const id = z.string().min(1).max(100);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 in hex');
const offset = z.number().int('an offset is not a whole number').min(0, 'an offset is negative');

/** A selection in a document: the abstract (page null) or a PDF page, by offsets in its stored text. */
const selectionFields = {
  documentSha256: sha256,
  page: z.number().int().min(1).nullable(),
  start: offset,
  end: offset,
};
const nonEmpty = { message: 'the selection is empty (end is not after start)', path: ['end'] };

export const selection = z.strictObject(selectionFields).refine((r) => r.end > r.start, nonEmpty);

export const highlightChannels = {
  'highlight:create': channel(
    z.strictObject({ studyId: id, ...selectionFields }).refine((r) => r.end > r.start, nonEmpty),
  ).returns<Highlight>(),
  'highlight:list': channel(z.strictObject({ studyId: id })).returns<Highlight[]>(),
  /**
   * Deletes one of this reviewer's highlights. One that feeds values is refused (code
   * "highlight_in_use") unless confirmed; the values keep their raw text and reading.
   */
  'highlight:delete': channel(z.strictObject({ id, confirm: z.boolean().optional() })).returns<null>(),
};
