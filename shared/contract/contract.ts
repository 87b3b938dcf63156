// The contract between the renderer and the backend: every channel's request schema (zod) and
// response type, and the events the backend pushes. Electron IPC, the web host and in-process
// callers (tests, CLI) all go through the same router, which validates requests against these
// schemas before any service sees them. Layer: shared.
import { z } from 'zod';
import type {
  AppInfo,
  AuditEntry,
  RecentReview,
  ReviewFileEntry,
  ReviewInfo,
  Reviewer,
  StudyColumns,
  StudyDetail,
  StudyRow,
} from '../model/types';
import { analysisChannels } from './analysis';
import { channel, type ChannelDef } from './channel';
import { documentChannels } from './documents';
import { exportChannels } from './exports';
import { extractionChannels } from './extraction';
import { highlightChannels } from './highlights';
import { mergeChannels } from './merge';
import type { ChannelName, EventName } from './names';
import { reconcileChannels } from './reconcile';
import { revmanChannels } from './revman';
import { sourceChannels } from './sources';
import type { ImportProgress } from '../model/imports';
import {
  MAX_ABSTRACT_BYTES,
  MAX_FILTER_CHARS,
  MAX_LISTED_IDS,
  MAX_NAME_CHARS,
  MAX_PASSCODE_CHARS,
  MAX_PATH_CHARS,
  MAX_TITLE_CHARS,
  formatMegabytes,
  utf8ByteLength,
} from './limits';

const empty = z.strictObject({});
const id = z.string().min(1).max(100);
const trimmed = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} is longer than ${max} characters`)
    .transform((s) => s.trim());
const nonEmpty = (max: number, what: string) => trimmed(max, what).refine((s) => s.length > 0, `${what} is empty`);
const filePath = z
  .string()
  .min(1, 'the path is empty')
  .max(MAX_PATH_CHARS, 'the path is too long')
  .refine((p) => !p.includes('\0'), 'the path contains a NUL character');

const passcode = z.string().max(MAX_PASSCODE_CHARS, 'the passcode is too long');
const newPasscode = passcode.min(4, 'the passcode is shorter than 4 characters');

/**
 * The contract is keyed by the names in names.ts, the one list of channels (the preload script reads
 * it without bundling zod). Both ways are compile errors: a name without a schema here, and a schema
 * under a name the list does not have.
 */
function keyedByChannelNames<T extends Record<ChannelName, ChannelDef<z.ZodType, unknown>>>(
  channels: T & Record<Exclude<keyof T, ChannelName>, never>,
): T {
  return channels;
}

export const contract = keyedByChannelNames({
  'app:info': channel(empty).returns<AppInfo>(),
  'review:current': channel(empty).returns<ReviewInfo | null>(),
  /** Creates a review file. Without a path it is created in the data folder's reviews folder. */
  'review:create': channel(
    z.strictObject({ title: nonEmpty(MAX_TITLE_CHARS, 'the review title'), path: filePath.optional() }),
  ).returns<ReviewInfo>(),
  'review:open': channel(z.strictObject({ path: filePath })).returns<ReviewInfo>(),
  'review:close': channel(empty).returns<null>(),
  'review:saveCopy': channel(z.strictObject({ path: filePath })).returns<{ path: string }>(),
  'review:recent': channel(empty).returns<RecentReview[]>(),
  'review:listFiles': channel(empty).returns<ReviewFileEntry[]>(),
  'reviewer:list': channel(empty).returns<{ reviewers: Reviewer[]; currentId: string | null }>(),
  'reviewer:create': channel(
    z.strictObject({ name: nonEmpty(MAX_NAME_CHARS, 'the reviewer name'), passcode: newPasscode.optional() }),
  ).returns<Reviewer>(),
  /** Switches this window's or tab's reviewer; a reviewer with a passcode needs it. */
  'reviewer:setCurrent': channel(z.strictObject({ id, passcode: passcode.optional() })).returns<Reviewer>(),
  /** Sets, changes (current needed) or clears (passcode null) the passcode of this session's reviewer. */
  'reviewer:setPasscode': channel(
    z.strictObject({ current: passcode.optional(), passcode: newPasscode.nullable() }),
  ).returns<Reviewer>(),
  /** The library's rows; with `ids`, only those studies' rows (what a `studies:changed` event names). */
  'study:list': channel(
    z.strictObject({
      filter: trimmed(MAX_FILTER_CHARS, 'the filter').optional(),
      ids: z.array(id).min(1).max(MAX_LISTED_IDS, `more than ${MAX_LISTED_IDS} study ids`).optional(),
    }),
  ).returns<StudyRow[]>(),
  /** Every study's library row, as columns (what the library loads; `study:list` answers rows). */
  'study:columns': channel(empty).returns<StudyColumns>(),
  'study:get': channel(z.strictObject({ id })).returns<StudyDetail>(),
  'study:add': channel(
    z.strictObject({
      title: nonEmpty(MAX_TITLE_CHARS, 'the title'),
      authors: z.array(nonEmpty(MAX_NAME_CHARS, 'an author name')).max(1_000, 'more than 1,000 authors'),
      year: z
        .number()
        .int('the year is not a whole number')
        .min(1500, 'the year is before 1500')
        .max(2200, 'the year is after 2200')
        .nullable()
        .optional(),
      journal: trimmed(MAX_TITLE_CHARS, 'the journal').optional(),
      abstract: z.string().superRefine((s, ctx) => {
        if (s.length > MAX_ABSTRACT_BYTES || utf8ByteLength(s) > MAX_ABSTRACT_BYTES) {
          ctx.addIssue({
            code: 'custom',
            message: `the pasted abstract is ${formatMegabytes(utf8ByteLength(s))}; the limit is ${formatMegabytes(MAX_ABSTRACT_BYTES)}`,
          });
        }
      }),
    }),
  ).returns<StudyDetail>(),
  'audit:list': channel(
    z.strictObject({
      entity: z.string().max(50).optional(),
      entityId: id.optional(),
      /** Everything about one study: the study, its documents, arms, highlights, values and statuses. */
      studyId: id.optional(),
      limit: z.number().int().min(1).max(10_000).default(200),
    }),
  ).returns<AuditEntry[]>(),
  ...highlightChannels,
  ...documentChannels,
  ...sourceChannels,
  ...extractionChannels,
  ...analysisChannels,
  ...reconcileChannels,
  ...exportChannels,
  ...mergeChannels,
  ...revmanChannels,
});

export type { ChannelDef } from './channel';
export type Contract = typeof contract;
/** What a caller sends on a channel (before defaults and trimming). */
export type RequestOf<C extends ChannelName> = z.input<Contract[C]['request']>;
/** What a service receives on a channel (validated, defaults applied). */
export type ParsedRequestOf<C extends ChannelName> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends ChannelName> = Contract[C] extends ChannelDef<z.ZodType, infer R> ? R : never;

/** What the backend pushes, by event name. */
export interface EventMap {
  'review:changed': { review: ReviewInfo | null };
  /**
   * `studyIds` names the studies that changed when they are few (up to MAX_LISTED_IDS), so the
   * library fetches just those rows; without it, anything may have changed.
   */
  'studies:changed': { reason: 'added' | 'updated' | 'removed' | 'reloaded'; studyIds?: string[] };
  /** The review's list of reviewers changed (one was added). Who is extracting is per window or tab. */
  'reviewers:changed': { reviewerIds: string[] };
  'import:progress': ImportProgress;
  /** A menu command of the desktop app that the renderer carries out (it opens a dialog). */
  'app:command': {
    command: 'importReferences' | 'importPdfs' | 'attachPdf' | 'addStudy' | 'export' | 'mergeReviewerWork';
    /** The file chosen in the system's dialog, for a command that starts from one (merging a copy). */
    path?: string;
  };
  /** Stored analyses were created, changed or deleted. */
  'analyses:changed': { analysisIds: string[]; reason: 'created' | 'updated' | 'deleted' };
  /** Values of a study changed in a layer (a reviewer's extraction, or the consensus): analyses re-pool. */
  'values:changed': { studyId: string; layer: 'consensus' | 'reviewer'; reviewerId: string | null };
  /** How far a running export has got (counts of the format's own units). */
  'export:progress': { exportId: string; done: number; total: number };
}

/** EventMap with exactly the names in names.ts, or never (a compile error wherever an event is sent). */
type EventsByName = [Exclude<keyof EventMap, EventName>] extends [never] ? EventMap : never;

export type EventPayload<E extends EventName> = EventsByName[E];
