// A second Caliper process for the review-file tests, run as `node --import tsx reviewChild.ts MODE ...`:
//   hold DATA_DIR FILE       opens the review, prints the answer as one JSON line, keeps it open until killed;
//   probe DATA_DIR FILE      opens the review, lists and adds a study, closes it, prints every answer as JSON;
//   fullDisk DATA_DIR A B    opens A, fills the disk holding DATA_DIR, opens B, prints the answers and the
//                            data folder's files as JSON (run inside a small file system, or with
//                            FULL_DISK_VIA_DEV_FULL=1 to make the settings' temporary file /dev/full).
import { openSync, readdirSync, symlinkSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { Backend } from '../../electron/backend/backend';
import { createRouter } from '../../electron/backend/router';

const [mode, dataDir, ...rest] = process.argv.slice(2) as [string, string, ...string[]];
const backend = new Backend({ dataDir, host: 'web' });
const router = createRouter(backend, () => undefined);
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

if (mode === 'hold') {
  print(await router.handle('review:open', { path: rest[0] }));
  setInterval(() => undefined, 1_000);
} else if (mode === 'probe') {
  const open = await router.handle('review:open', { path: rest[0] });
  const list = await router.handle('study:list', {});
  const add = await router.handle('study:add', { title: 'New', authors: [], abstract: 'x' });
  const reviewer = await router.handle('reviewer:create', { name: 'A' });
  const close = await router.handle('review:close', {});
  backend.close();
  print({ open, list, add, reviewer, close });
} else if (mode === 'fullDisk') {
  const [first, second] = rest as [string, string];
  const openFirst = await router.handle('review:open', { path: first });
  if (process.env.FULL_DISK_VIA_DEV_FULL) {
    symlinkSync('/dev/full', `${path.join(dataDir, 'settings.json')}.${process.pid}.tmp`);
  } else {
    // Fill the file system: write until it refuses.
    const fd = openSync(path.join(dataDir, 'filler'), 'w');
    const block = Buffer.alloc(4096, 1);
    try {
      for (let i = 0; i < 1_000_000; i++) writeSync(fd, block);
    } catch {
      // ENOSPC: full.
    } finally {
      closeSync(fd);
    }
  }
  const openSecond = await router.handle('review:open', { path: second });
  const current = await router.handle('review:current', {});
  const files = readdirSync(dataDir).filter((f) => f !== 'filler' && f !== 'reviews');
  backend.close();
  print({ openFirst, openSecond, current, files });
}
