// Child process of the reviewOpen benchmark, so its timings are not disturbed by the process that
// built the review: `tsx openReviewChild.ts FILE RUNS` opens and closes the review RUNS times through
// the router and times SQLite's full quick_check (what every open used to run), printing JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Backend } from '../../electron/backend/backend';
import { createRouter } from '../../electron/backend/router';

const [file, runsText] = process.argv.slice(2) as [string, string];
const runs = Number(runsText);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-open-'));
const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(2)), min: Number(sorted[0]!.toFixed(2)) };
};
try {
  const backend = new Backend({ dataDir, host: 'web' });
  const router = createRouter(backend);
  const open: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = await router.handle('review:open', { path: file });
    open.push(performance.now() - start);
    if (!result.ok) throw new Error(result.error.message);
    await router.handle('review:close', {});
  }
  const check: number[] = [];
  for (let i = 0; i < runs; i++) {
    const db = new Database(file, { readonly: true });
    const start = performance.now();
    db.pragma('quick_check');
    check.push(performance.now() - start);
    db.close();
  }
  backend.close();
  process.stdout.write(`${JSON.stringify({ open: stats(open), quickCheck: stats(check) })}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
