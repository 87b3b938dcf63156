// Routes a contract channel to its service. Every request is validated against the channel's zod
// schema before any service sees it; every answer is `{ ok: true, value }` or
// `{ ok: false, error: { code, message } }`: exceptions never cross a transport.
// Layer: electron/backend.
import type { z } from 'zod';
import { contract, type ParsedRequestOf, type ResponseOf } from '../../shared/contract/contract';
import { isChannelName, type ChannelName } from '../../shared/contract/names';
import { CaliperError, type Result } from '../../shared/contract/result';
import type { AppInfo } from '../../shared/model/types';
import type { Backend } from './backend';
import { closeReview, createReview, listReviewFiles, openReview, recentReviews, saveCopy } from './services/review';
import { createReviewer, reviewerList, setCurrentReviewer } from './services/reviewers';
import {
  documentGet,
  documentImportPdf,
  documentMatchPdf,
  documentPages,
  documentReplacePdf,
} from './services/documents';
import { documentFind } from './services/documentFind';
import { createHighlight, deleteHighlight, listHighlights } from './services/highlights';
import { auditList, studyAdd, studyGet, studyList } from './services/studies';
import { cancelImport, commitImport, previewImportRequest } from './services/importReferences';
import { formEdit, formGet, formVersions } from './services/forms';
import {
  armAdd,
  armRemove,
  armRename,
  extractionGet,
  extractionRedo,
  extractionSetStatus,
  extractionUndo,
  extractionWrite,
  valuesForHighlight,
} from './services/extraction';

type Handlers = {
  [C in ChannelName]: (backend: Backend, request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

const handlers: Handlers = {
  'app:info': (backend): AppInfo => ({
    name: 'Caliper',
    version: backend.versions.caliper ?? 'unknown',
    versions: backend.versions,
    dataDir: backend.dataDir,
    reviewsDir: backend.reviewsDir,
    host: backend.host,
  }),
  'review:current': (backend) => backend.current?.info ?? null,
  'review:create': createReview,
  'review:open': openReview,
  'review:close': closeReview,
  'review:saveCopy': saveCopy,
  'review:recent': recentReviews,
  'review:listFiles': listReviewFiles,
  'reviewer:list': reviewerList,
  'reviewer:create': createReviewer,
  'reviewer:setCurrent': setCurrentReviewer,
  'study:list': studyList,
  'study:get': studyGet,
  'study:add': studyAdd,
  'audit:list': auditList,
  'highlight:create': createHighlight,
  'highlight:list': listHighlights,
  'highlight:delete': deleteHighlight,
  'document:importPdf': documentImportPdf,
  'document:replacePdf': documentReplacePdf,
  'document:get': documentGet,
  'document:pages': documentPages,
  'document:matchPdf': documentMatchPdf,
  'document:find': documentFind,
  'source:previewImport': previewImportRequest,
  'source:commitImport': (backend, request) => commitImport(backend, request),
  'source:cancelImport': cancelImport,
  'form:get': formGet,
  'form:edit': formEdit,
  'form:versions': formVersions,
  'arm:add': armAdd,
  'arm:rename': armRename,
  'arm:remove': armRemove,
  'extraction:get': extractionGet,
  'extraction:write': extractionWrite,
  'extraction:undo': extractionUndo,
  'extraction:redo': extractionRedo,
  'extraction:setStatus': extractionSetStatus,
  'extraction:valuesForHighlight': valuesForHighlight,
};

/** "title: the title is empty; year: the year is not a whole number" */
export function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export interface Router {
  handle(channel: string, request: unknown): Promise<Result<unknown>>;
}

export function createRouter(
  backend: Backend,
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Router {
  return {
    async handle(channel, request) {
      if (!isChannelName(channel)) {
        return {
          ok: false,
          error: { code: 'unknown_channel', message: `Unknown channel "${String(channel).slice(0, 100)}".` },
        };
      }
      const parsed = contract[channel].request.safeParse(request);
      if (!parsed.success) {
        return {
          ok: false,
          error: {
            code: 'validation',
            message: `Invalid request for ${channel}: ${describeIssues(parsed.error.issues)}`,
          },
        };
      }
      try {
        const handler = handlers[channel] as (b: Backend, r: unknown) => unknown;
        const value = await handler(backend, parsed.data);
        return { ok: true, value };
      } catch (error) {
        if (error instanceof CaliperError) return { ok: false, error: { code: error.code, message: error.message } };
        log(`caliper: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `${channel} failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        };
      }
    },
  };
}
