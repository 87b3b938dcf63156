// Benchmark of opening a large review: a review grown to about 42, 210 and 420 MB (the sizes of
// 10,000, 50,000 and 100,000 imported records), each opened and closed in a process of its own.
// Opening checks the header, the length and the migrations and takes the lock; SQLite's full
// quick_check, which every open used to run, is timed beside it for comparison.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter } from '../../../electron/backend/router';
import type { BenchSuite, Figures } from '../suite';

const TARGETS_MB = [42, 210, 420];
const RUNS = 7;
const BATCH = 5_000;
const child = fileURLToPath(new URL('../openReviewChild.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

const abstractFor = (i: number) =>
  `Study ${i}. ${'Patients were randomised to intervention or control; mortality was 12 of 120 vs 20 of 118. '.repeat(12)}`;

export const reviewOpenSuite: BenchSuite = {
  name: 'reviewOpen',
  description: `open and close a review of about ${TARGETS_MB.join(', ')} MB in its own process (median and minimum of ${RUNS}), beside the full quick_check every open used to run`,
  async run() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-'));
    const figures: Figures = { runs: RUNS };
    try {
      let backend = new Backend({ dataDir, host: 'web' });
      let router = createRouter(backend);
      const created = await router.handle('review:create', { title: 'Large' });
      if (!created.ok) throw new Error(created.error.message);
      const file = (created.value as { path: string }).path;
      let added = 0;
      for (const target of TARGETS_MB) {
        while (statSync(file).size < target * 2 ** 20) {
          const { db } = backend.requireReview();
          writeTransaction(db, null, (audit, now) => {
            for (let i = 0; i < BATCH; i++, added++) {
              insertStudy(db, audit, now, {
                title: `Randomised trial number ${added} of an intervention`,
                authors: [`Author${added % 997}, A.`, 'Second, B.'],
                year: 1990 + (added % 35),
                journal: 'Journal of Trials',
                abstract: abstractFor(added),
              });
            }
          });
        }
        backend.close();
        const sizeMB = Math.round(statSync(file).size / 2 ** 20);
        const result = spawnSync(process.execPath, [tsx, child, file, String(RUNS)], { encoding: 'utf8' });
        if (result.status !== 0) throw new Error(result.stderr);
        const { open, quickCheck } = JSON.parse(result.stdout) as Record<string, { median: number; min: number }>;
        figures[`studies_${sizeMB}MB`] = added;
        figures[`openMedianMs_${sizeMB}MB`] = open!.median;
        figures[`openMinMs_${sizeMB}MB`] = open!.min;
        figures[`quickCheckMedianMs_${sizeMB}MB`] = quickCheck!.median;
        backend = new Backend({ dataDir, host: 'web' });
        router = createRouter(backend);
        const reopened = await router.handle('review:open', { path: file });
        if (!reopened.ok) throw new Error(reopened.error.message);
      }
      backend.close();
      return figures;
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
