// The app:// protocol that serves the renderer build, with the strict Content-Security-Policy on
// every response. Nothing outside the build folder is reachable. Layer: electron/main.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY, MEDIA_TYPES } from '../backend/csp';
import { resolveStaticFile } from '../backend/staticFiles';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'caliper' ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!file)
      return new Response('Not found', {
        status: 404,
        headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
      });
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'Content-Type': MEDIA_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
