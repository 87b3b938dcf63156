// Benchmark of the review file: add 10,000 studies (with abstracts) in one transaction, then open
// that review afresh and list every study through the router, as the library pane does.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter } from '../../../electron/backend/router';
import { MIN_RUNS, samplesMs, summary, timeMs, type BenchSuite } from '../suite';

const STUDIES = 10_000;

function abstractFor(i: number): string {
  return `Study ${i}. ${'Patients were randomised to intervention or control; mortality was 12 of 120 vs 20 of 118. '.repeat(8)}`;
}

export const reviewFileSuite: BenchSuite = {
  name: 'reviewFile',
  description: `add ${STUDIES} studies in one transaction; reopen the review and list all studies through the router (first list, then median and minimum of ${MIN_RUNS})`,
  async run() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-'));
    try {
      const backend = new Backend({ dataDir, host: 'web' });
      const router = createRouter(backend);
      const created = await router.handle('review:create', { title: 'Bench' });
      if (!created.ok) throw new Error(created.error.message);
      const file = (created.value as { path: string }).path;
      const { db } = backend.requireReview();
      const addMs = await timeMs(() =>
        writeTransaction(db, null, (audit, now) => {
          for (let i = 0; i < STUDIES; i++) {
            insertStudy(db, audit, now, {
              title: `Randomised trial number ${i} of an intervention`,
              authors: [`Author${i % 997}, A.`, 'Second, B.'],
              year: 1990 + (i % 35),
              journal: 'Journal of Trials',
              abstract: abstractFor(i),
            });
          }
        }),
      );
      backend.close();

      const reopened = new Backend({ dataDir, host: 'web' });
      const reopenedRouter = createRouter(reopened);
      let listed = 0;
      const openMs = await timeMs(async () => {
        const open = await reopenedRouter.handle('review:open', { path: file });
        if (!open.ok) throw new Error(open.error.message);
      });
      const listMs = await samplesMs(MIN_RUNS, async () => {
        const list = await reopenedRouter.handle('study:list', {});
        if (!list.ok) throw new Error(list.error.message);
        listed = (list.value as unknown[]).length;
      });
      const filterMs = await samplesMs(MIN_RUNS, () => reopenedRouter.handle('study:list', { filter: 'Author42' }));
      reopened.close();
      if (listed !== STUDIES) throw new Error(`listed ${listed} studies, expected ${STUDIES}`);
      return {
        studies: STUDIES,
        addInOneTransactionMs: addMs,
        openReviewMs: openMs,
        firstListMs: listMs[0]!,
        ...summary('listAllStudies', listMs),
        ...summary('filter', filterMs),
        fileMB: Number((statSync(file).size / 2 ** 20).toFixed(1)),
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
