// Run by the pdfLarge benchmark in a process of its own, so its peak memory is the PDF import's
// alone: `FILE` is imported into a new review through the router (as the app's Attach PDF and
// `caliper import` do). Prints figures as one JSON line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../electron/backend/backend';
import { createRouter } from '../../electron/backend/router';

const file = process.argv[2]!;
const dir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-pdfimport-'));
try {
  const backend = new Backend({ dataDir: dir, host: 'web' });
  const router = createRouter(backend, () => undefined);
  await router.handle('review:create', { title: 'PDF import bench' });
  const bytes = readFileSync(file);
  const rssBeforeMB = process.memoryUsage().rss / 2 ** 20;
  const start = performance.now();
  const imported = await router.handle('document:importPdf', { fileName: path.basename(file), content: bytes });
  const importMs = performance.now() - start;
  if (!imported.ok) throw new Error(imported.error.message);
  backend.close();
  process.stdout.write(
    `${JSON.stringify({ importMs, rssBeforeMB, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
