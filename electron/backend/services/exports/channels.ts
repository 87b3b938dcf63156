// The `export:*` channels: the formats there are (with default file names), running an export to a
// file (chosen in the desktop app's save dialog, or named) or back to a browser tab as bytes, with
// progress events, and cancelling one. A window's or tab's export is blinded like everything else it
// asks for. Layer: electron/backend.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ParsedRequestOf } from '../../../../shared/contract/contract';
import { MAX_DOWNLOAD_BYTES, type ExportFormatInfo, type ExportRunResult } from '../../../../shared/contract/exports';
import { CaliperError } from '../../../../shared/contract/result';
import type { RequestContext } from '../../context';
import { EXPORT_FORMATS } from './index';
import { defaultFileName, requireFormat, runExport } from './run';
import type { ExportOptions } from './types';

const MEDIA_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  R: 'text/x-r; charset=utf-8',
  rm5: 'application/xml',
  json: 'application/json',
};

/** Running exports, by session and export id, so a cancel from the same window or tab can stop one. */
const running = new Map<string, AbortController>();

export function exportFormats(ctx: RequestContext): { formats: ExportFormatInfo[]; canChooseFile: boolean } {
  const { info } = ctx.requireReview();
  return {
    formats: EXPORT_FORMATS.map((f) => ({
      id: f.id,
      label: f.label,
      extension: f.extension,
      defaultFileName: defaultFileName(info.title, f),
    })),
    canChooseFile: ctx.backend.chooseSavePath !== null,
  };
}

export async function exportRun(ctx: RequestContext, request: ParsedRequestOf<'export:run'>): Promise<ExportRunResult> {
  const { info, reviewerId } = ctx.requireReview();
  const format = requireFormat(request.format);
  const fileName = defaultFileName(info.title, format);
  const mediaType = MEDIA_TYPES[format.extension] ?? 'application/octet-stream';
  let target: string;
  if (request.destination.kind === 'file') target = path.resolve(request.destination.path);
  else if (request.destination.kind === 'choose') {
    if (!ctx.backend.chooseSavePath)
      throw new CaliperError('validation', 'There is no save dialog here: export as a download instead.');
    const chosen = await ctx.backend.chooseSavePath(fileName, format);
    if (!chosen) return { fileName, path: null, rows: 0, unit: 'rows', mediaType, cancelled: true };
    target = chosen;
  } else {
    const dir = path.join(ctx.backend.dataDir, 'exports');
    mkdirSync(dir, { recursive: true });
    target = path.join(dir, `${randomBytes(12).toString('hex')}.${format.extension}`);
  }
  const key = `${ctx.session.id}\u0000${request.exportId}`;
  if (running.has(key)) throw new CaliperError('exists', `An export named ${request.exportId} is already running.`);
  const controller = new AbortController();
  running.set(key, controller);
  const options: ExportOptions = {
    layer:
      request.layer.kind === 'reviewer'
        ? { reviewer: request.layer.name }
        : request.layer.kind === 'all'
          ? 'all'
          : 'consensus',
    studies: request.studies,
    bom: request.bom,
    signal: controller.signal,
    viewer: reviewerId,
    onProgress: (done, total) => ctx.events.emit('export:progress', { exportId: request.exportId, done, total }),
  };
  try {
    // Let a cancel sent right after the request arrive before the first study is read.
    await new Promise((resolve) => setImmediate(resolve));
    const result = await runExport(ctx, format, target, options);
    if (request.destination.kind !== 'download')
      return { fileName: path.basename(target), path: target, rows: result.rows, unit: result.unit, mediaType };
    try {
      const size = statSync(target).size;
      if (size > MAX_DOWNLOAD_BYTES)
        throw new CaliperError(
          'validation',
          `The export is ${Math.round(size / 1048576)} MB, more than a browser download takes here (${MAX_DOWNLOAD_BYTES / 1048576} MB): use caliper export on the command line.`,
        );
      const base64 = readFileSync(target).toString('base64');
      return { fileName, path: null, rows: result.rows, unit: result.unit, mediaType, base64 };
    } finally {
      rmSync(target, { force: true });
    }
  } finally {
    running.delete(key);
  }
}

export function exportCancel(ctx: RequestContext, request: { exportId: string }): { cancelled: boolean } {
  const controller = running.get(`${ctx.session.id}\u0000${request.exportId}`);
  controller?.abort();
  return { cancelled: controller !== undefined };
}
