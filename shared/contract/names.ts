// The names of every request channel and event, without their schemas, so the preload script can
// keep its allow-list without bundling zod. A test checks these lists match the contract exactly.
// Layer: shared.

export const CHANNEL_NAMES = [
  'app:info',
  'review:current',
  'review:create',
  'review:open',
  'review:close',
  'review:saveCopy',
  'review:recent',
  'review:listFiles',
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
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNEL_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
