// The names of every request channel and event: the one place a channel is named. The contract
// (contract.ts) is keyed by this list, checked by the compiler both ways (a name without a schema, a
// schema without a name); the router's handlers are typed by it too. It holds no schemas, so the
// preload script keeps its allow-list without bundling zod. Layer: shared.

export const CHANNEL_NAMES = [
  'app:info',
  'review:current',
  'review:create',
  'review:open',
  'review:close',
  'review:saveCopy',
  'review:recent',
  'review:listFiles',
  'review:mergePreview',
  'review:mergeCommit',
  'review:importRm5',
  'reviewer:list',
  'reviewer:create',
  'reviewer:setCurrent',
  'reviewer:setPasscode',
  'study:list',
  'study:columns',
  'study:get',
  'study:add',
  'audit:list',
  'highlight:create',
  'highlight:list',
  'highlight:delete',
  'document:importPdf',
  'document:replacePdf',
  'document:get',
  'document:pages',
  'document:matchPdf',
  'document:find',
  'source:previewImport',
  'source:commitImport',
  'source:cancelImport',
  'source:previewPage',
  'form:get',
  'form:edit',
  'form:versions',
  'arm:add',
  'arm:rename',
  'arm:remove',
  'extraction:get',
  'extraction:write',
  'extraction:map',
  'extraction:undo',
  'extraction:redo',
  'extraction:setStatus',
  'extraction:valuesForHighlight',
  'analysis:list',
  'analysis:get',
  'analysis:create',
  'analysis:update',
  'analysis:delete',
  'analysis:run',
  'analysis:export',
  'reconcile:settings',
  'reconcile:setSettings',
  'reconcile:overview',
  'reconcile:get',
  'reconcile:decide',
  'reconcile:agreement',
  'export:formats',
  'export:run',
  'export:cancel',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = [
  'review:changed',
  'studies:changed',
  'reviewers:changed',
  'import:progress',
  'app:command',
  'analyses:changed',
  'values:changed',
  'export:progress',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNEL_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
