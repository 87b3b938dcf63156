// Benchmark of the whole review as JSON: a review of 2,000 studies, each with an abstract, two arms
// and 20 outcome cells extracted by each of two reviewers (through the router, as the app writes
// them), marked complete and reconciled (agreements taken into the consensus), exported to JSON
// (without PDFs) and imported into a new review; the import is checked by exporting it again. The
// heap's growth while exporting (last run) shows the export streams: it does not grow with the file.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter, type Router } from '../../../electron/backend/router';
import { exportFormat } from '../../../electron/backend/services/exports';
import { importReviewJson } from '../../../electron/backend/services/reviewJson/import';
import type { Arm, ExtractionForm, ValueWrite } from '../../../shared/model/extraction';
import { COMPONENTS } from '../../../shared/model/extraction';
import { samplesMs, summary, type BenchSuite } from '../suite';

const STUDIES = 2_000;
const CELLS = 20;
const RUNS = 5;

async function call<T>(router: Router, channel: string, request: unknown, session?: string): Promise<T> {
  const result = await router.handle(channel, request, session);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

export const reviewJsonSuite: BenchSuite = {
  name: 'reviewJson',
  description: `review of ${STUDIES} studies, ${CELLS} outcome cells each extracted by two reviewers and reconciled: export the whole review as JSON (no PDFs) and import it into a new review (median and minimum of ${RUNS})`,
  async run() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-'));
    try {
      const backend = new Backend({ dataDir, host: 'web' });
      const router = createRouter(backend);
      await call(router, 'review:create', { title: 'Bench JSON' });
      const a = await call<{ id: string }>(router, 'reviewer:create', { name: 'A' }, 'a');
      await call(router, 'reviewer:create', { name: 'B' }, 'b');
      await call(router, 'reviewer:setCurrent', { id: a.id }, 'a');
      const { db } = backend.requireReview();
      const studyIds = writeTransaction(db, null, (audit, now) =>
        Array.from({ length: STUDIES }, (_, i) =>
          insertStudy(db, audit, now, {
            title: `Randomised trial number ${i}`,
            authors: [`Author${i}, A.`],
            year: 1990 + (i % 35),
            journal: 'Journal of Trials',
            abstract: `Study ${i}. LVEF 23.5 +/- 4.3% at baseline; 9 of 10 patients were weaned. `.repeat(8),
          }),
        ),
      );
      const form = await call<ExtractionForm>(router, 'form:edit', {
        edit: { op: 'applyTemplate', template: 'sample_crt' },
      });
      for (const [i, studyId] of studyIds.entries()) {
        const arms = [
          await call<Arm>(router, 'arm:add', { studyId, label: 'CRT' }, 'a'),
          await call<Arm>(router, 'arm:add', { studyId, label: 'ICD' }, 'a'),
        ];
        const writes: ValueWrite[] = [];
        for (const outcome of form.outcomes)
          for (const timepoint of outcome.timepoints)
            for (const arm of arms)
              for (const component of COMPONENTS[outcome.dataType]) {
                if (writes.length === CELLS) break;
                const value =
                  component === 'events'
                    ? i % 10
                    : component === 'sd'
                      ? 1 + (i % 7) / 10
                      : component === 'n' || component === 'total'
                        ? 12 + (i % 90)
                        : 20 + (i % 50);
                writes.push({
                  target: {
                    kind: 'outcome',
                    outcomeId: outcome.id,
                    timepointId: timepoint.id,
                    armId: arm.id,
                    component,
                  },
                  state: 'value',
                  value,
                });
              }
        for (const session of ['a', 'b']) {
          await call(router, 'extraction:write', { studyId, writes }, session);
          await call(router, 'extraction:setStatus', { studyId, status: 'complete' }, session);
        }
        await call(router, 'reconcile:get', { studyId }, 'a');
      }
      const json = exportFormat('json')!;
      const ctx = backend.context('a');
      const exported = path.join(dataDir, 'review.json');
      let records = 0;
      // The heap while writing (sampled every 1,000 records) against the heap before: the export streams.
      const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;
      let heapBefore = 0;
      let heapPeak = 0;
      const onProgress = () => {
        heapPeak = Math.max(heapPeak, heapMb());
      };
      const exportSamples = await samplesMs(RUNS, async () => {
        heapBefore = heapMb();
        heapPeak = heapBefore;
        records = (await json.write(ctx, exported, { layer: 'all', studies: 'all', onProgress })).rows;
      });
      const importer = new Backend({ dataDir: path.join(dataDir, 'importer'), host: 'web' });
      const importSamples = await samplesMs(RUNS, (run) => {
        importReviewJson(
          importer.context(),
          { source: exported, target: path.join(dataDir, `imported-${run}.caliper`) },
          { remember: false },
        );
      });
      const again = path.join(dataDir, 'again.json');
      await json.write(importer.context(), again, { layer: 'all', studies: 'all' });
      if (!readFileSync(again).equals(readFileSync(exported))) throw new Error('the round trip changed the file');
      importer.close();
      backend.close();
      return {
        studies: STUDIES,
        records,
        fileMb: Number((statSync(exported).size / 1024 / 1024).toFixed(1)),
        exportHeapGrowthMb: Number((heapPeak - heapBefore).toFixed(1)),
        ...summary('export', exportSamples),
        ...summary('import', importSamples),
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
