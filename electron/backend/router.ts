// Routes a contract channel to its service. Every request is validated against the channel's zod
// schema before any service sees it; every answer is `{ ok: true, value }` or
// `{ ok: false, error: { code, message } }`: exceptions never cross a transport.
// Layer: electron/backend.
import type { z } from 'zod';
import { contract, type ParsedRequestOf, type RequestOf, type ResponseOf } from '../../shared/contract/contract';
import { isChannelName, type ChannelName } from '../../shared/contract/names';
import { CaliperError, type Result } from '../../shared/contract/result';
import type { AppInfo } from '../../shared/model/types';
import type { Backend } from './backend';
import { LOCAL_SESSION, type RequestContext } from './context';
import { readOnlyRefusal } from './db/open';
import { closeReview, createReview, listReviewFiles, openReview, recentReviews, saveCopy } from './services/review';
import { createReviewer, reviewerList, setCurrentReviewer, setPasscode } from './services/reviewers';
import * as reconcile from './services/reconciliation';
import {
  documentGet,
  documentImportPdf,
  documentMatchPdf,
  documentPages,
  documentReplacePdf,
} from './services/documents';
import { documentFind } from './services/documentFind';
import { createHighlight, deleteHighlight, listHighlights } from './services/highlights';
import { auditList, studyAdd, studyColumns, studyGet, studyList } from './services/studies';
import { cancelImport, commitImport, previewImportRequest, previewPage } from './services/importReferences';
import { formEdit, formGet, formVersions } from './services/forms';
import {
  armAdd,
  armRemove,
  armRename,
  extractionGet,
  extractionRedo,
  extractionSetStatus,
  extractionUndo,
  extractionMap,
  extractionWrite,
  valuesForHighlight,
} from './services/extraction';
import * as analysis from './services/analysis';
import { exportCancel, exportFormats, exportRun } from './services/exports/channels';
import { mergeCommit, mergePreview } from './services/merge';
import { importRm5Upload } from './services/rm5/import';

type Handlers = {
  [C in ChannelName]: (ctx: RequestContext, request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

const handlers: Handlers = {
  'app:info': ({ backend }): AppInfo => ({
    name: 'Caliper',
    version: backend.versions.caliper ?? 'unknown',
    versions: backend.versions,
    dataDir: backend.dataDir,
    reviewsDir: backend.reviewsDir,
    host: backend.host,
  }),
  'review:current': (ctx) => ctx.review?.info ?? null,
  'review:create': createReview,
  'review:open': openReview,
  'review:importRm5': importRm5Upload,
  'review:close': closeReview,
  'review:saveCopy': saveCopy,
  'review:recent': recentReviews,
  'review:listFiles': listReviewFiles,
  'review:mergePreview': mergePreview,
  'review:mergeCommit': mergeCommit,
  'reviewer:list': reviewerList,
  'reviewer:create': createReviewer,
  'reviewer:setCurrent': setCurrentReviewer,
  'reviewer:setPasscode': setPasscode,
  'study:list': studyList,
  'study:columns': studyColumns,
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
  'source:commitImport': (ctx, request) => commitImport(ctx, request),
  'source:cancelImport': cancelImport,
  'source:previewPage': previewPage,
  'form:get': formGet,
  'form:edit': formEdit,
  'form:versions': formVersions,
  'arm:add': armAdd,
  'arm:rename': armRename,
  'arm:remove': armRemove,
  'extraction:get': extractionGet,
  'extraction:write': extractionWrite,
  'extraction:map': extractionMap,
  'extraction:undo': extractionUndo,
  'extraction:redo': extractionRedo,
  'extraction:setStatus': extractionSetStatus,
  'extraction:valuesForHighlight': valuesForHighlight,
  'analysis:list': analysis.analysisList,
  'analysis:get': analysis.analysisGet,
  'analysis:create': analysis.analysisCreate,
  'analysis:update': analysis.analysisUpdate,
  'analysis:delete': analysis.analysisDelete,
  'analysis:run': analysis.analysisRun,
  'analysis:export': analysis.analysisExport,
  'reconcile:settings': reconcile.reconcileSettings,
  'reconcile:setSettings': reconcile.setReconcileSettings,
  'reconcile:overview': reconcile.reconcileOverview,
  'reconcile:get': reconcile.reconcileGet,
  'reconcile:decide': reconcile.reconcileDecide,
  'reconcile:agreement': reconcile.reconcileAgreement,
  'export:formats': exportFormats,
  'export:run': exportRun,
  'export:cancel': exportCancel,
};

/** "title: the title is empty; year: the year is not a whole number" */
export function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export interface Router {
  /**
   * Serves one request from a transport: the channel name and request as they arrived, and the
   * session (window or tab) they came from; in-process callers may leave the session out.
   */
  handle(channel: string, request: unknown, sessionId?: string): Promise<Result<unknown>>;
  /** The typed call for in-process callers (menu, command line, tests): the value, or a CaliperError. */
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>, sessionId?: string): Promise<ResponseOf<C>>;
}

export function createRouter(
  backend: Backend,
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Router {
  const router: Router = {
    async invoke(channel, request, sessionId) {
      const result = await router.handle(channel, request, sessionId);
      if (!result.ok) throw new CaliperError(result.error.code, result.error.message);
      return result.value as ResponseOf<typeof channel>;
    },
    async handle(channel, request, sessionId = LOCAL_SESSION) {
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
        const handler = handlers[channel] as (ctx: RequestContext, r: unknown) => unknown;
        const value = await handler(backend.context(sessionId), parsed.data);
        return { ok: true, value };
      } catch (error) {
        if (error instanceof CaliperError) return { ok: false, error: { code: error.code, message: error.message } };
        const readOnly = readOnlyRefusal(error, backend.current?.info.readOnly ? backend.current.info.path : undefined);
        if (readOnly) return { ok: false, error: { code: readOnly.code, message: readOnly.message } };
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
  return router;
}
