// Resolves a URL path to a file inside the renderer build, refusing anything outside it (../,
// encoded traversal, absolute paths, NUL). Used by the app:// protocol and the web host.
// Layer: electron/backend.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** The file a URL path names inside root, or null when it is outside root or does not exist. */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolvedRoot = path.resolve(root);
  const full = path.resolve(resolvedRoot, relative);
  if (full !== resolvedRoot && !full.startsWith(resolvedRoot + path.sep)) return null;
  if (!existsSync(full) || !statSync(full).isFile()) return null;
  return full;
}
