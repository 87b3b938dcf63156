// Writing an export without ever leaving half a file: the format writes a temporary file beside the
// destination (same folder, so the rename cannot cross file systems), which is renamed over the
// destination only when it is complete. On an error or a cancel the temporary file is removed and the
// destination is left as it was. Layer: electron/backend.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CaliperError } from '../../../../shared/contract/result';

/** Runs `write(tmp)` on a temporary path beside `destination`, then renames it into place. */
export async function writeAtomically<T>(destination: string, write: (tmp: string) => Promise<T>): Promise<T> {
  const dir = path.dirname(destination);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CaliperError('io', `Cannot write ${destination}: the folder ${dir} does not exist.`);
  if (existsSync(destination) && statSync(destination).isDirectory())
    throw new CaliperError('io', `Cannot write ${destination}: it is a folder.`);
  const tmp = path.join(dir, `.${path.basename(destination)}.${randomBytes(6).toString('hex')}.part`);
  try {
    const result = await write(tmp);
    renameSync(tmp, destination);
    return result;
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Throws the 'cancelled' error when the export's signal has been aborted. */
export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CaliperError('cancelled', 'The export was cancelled; nothing was written.');
}

/**
 * Lets a long export give way to the event loop every `everyMs` milliseconds (a cancel, progress
 * events and other windows' requests get through); resolves at once between times.
 */
export function yielder(everyMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}
