// Benchmark of exports: a review of 2,000 two-arm studies with 20 outcome cells each (five continuous
// outcomes × two timepoints × two arms; mean, SD and n per cell: 120,000 consensus values, each with
// its raw text), exported to the XLSX extraction sheet and to the long CSV through the same code as
// File > Export… (written to a temporary file, then renamed). Median and minimum of five runs each,
// the file sizes, and the peak resident memory while exporting.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter, type Router } from '../../../electron/backend/router';
import type { ExtractionForm } from '../../../shared/model/extraction';
import { samplesMs, summary, type BenchSuite } from '../suite';

const STUDIES = 2_000;
const OUTCOMES = 5;
const RUNS = 5;

async function call<T>(router: Router, channel: string, request: unknown): Promise<T> {
  const result = await router.handle(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

export const exportsSuite: BenchSuite = {
  name: 'exports',
  description: `export of ${STUDIES} studies × 20 outcome cells (${STUDIES * 20 * 3} consensus values) to XLSX and to the long CSV`,
  async run() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-'));
    try {
      const backend = new Backend({ dataDir, host: 'web' });
      const router = createRouter(backend);
      await call(router, 'review:create', { title: 'Bench exports' });
      let form!: ExtractionForm;
      for (let o = 0; o < OUTCOMES; o++)
        form = await call<ExtractionForm>(router, 'form:edit', {
          edit: {
            op: 'addOutcome',
            name: `Outcome ${o + 1}`,
            dataType: 'continuous',
            unit: 'mmHg',
            timepoints: ['Baseline', '12 months'],
          },
        });
      const { db } = backend.requireReview();
      writeTransaction(db, null, (audit, now) => {
        const arm = db.prepare('INSERT INTO arms (id, study_id, label, position, created_at) VALUES (?, ?, ?, ?, ?)');
        const value = db.prepare(
          `INSERT INTO consensus_values (id, study_id, target_key, kind, outcome_id, timepoint_id, arm_id, component,
             state, value, origin, provenance, decision, basis, decided_at)
           VALUES (?, ?, ?, 'outcome', ?, ?, ?, ?, 'value', ?, 'typed', ?, 'entered', '{}', ?)`,
        );
        for (let i = 0; i < STUDIES; i++) {
          const studyId = insertStudy(db, audit, now, {
            title: `Randomised trial number ${i}`,
            authors: [`Author${i}, A.`, 'Second, B.'],
            year: 1990 + (i % 35),
            journal: 'Journal of Trials',
            abstract: `Study ${i}.`,
          });
          const arms = ['Drug', 'Placebo'].map((label, position) => {
            const id = randomUUID();
            arm.run(id, studyId, label, position, now);
            return id;
          });
          for (const outcome of form.outcomes)
            for (const tp of outcome.timepoints)
              for (const [a, armId] of arms.entries()) {
                const numbers = { mean: 120 + (i % 40) - a * 3.5, sd: 10 + (i % 7) / 4, n: 40 + (i % 90) };
                for (const [component, n] of Object.entries(numbers))
                  value.run(
                    randomUUID(),
                    studyId,
                    `outcome:${outcome.id}:${tp.id}:${armId}:${component}`,
                    outcome.id,
                    tp.id,
                    armId,
                    component,
                    JSON.stringify(n),
                    JSON.stringify({ highlightId: 'h', rawText: `${numbers.mean} ± ${numbers.sd} (n = ${numbers.n})` }),
                    now,
                  );
              }
        }
      });
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
      const out = (format: string, run: number) => path.join(dataDir, `export-${run}.${format}`);
      const exportOnce = async (format: 'xlsx' | 'csv', run: number) => {
        const r = await call<{ rows: number }>(router, 'export:run', {
          exportId: `${format}-${run}`,
          format,
          layer: { kind: 'consensus' },
          destination: { kind: 'file', path: out(format, run) },
        });
        return r.rows;
      };
      const rssBefore = process.memoryUsage().rss;
      let xlsxRows = 0;
      let csvRows = 0;
      const xlsx = await samplesMs(RUNS, async (run) => (xlsxRows = await exportOnce('xlsx', run)));
      const csv = await samplesMs(RUNS, async (run) => (csvRows = await exportOnce('csv', run)));
      clearInterval(sampler);
      backend.close();
      return {
        studies: STUDIES,
        values: STUDIES * 20 * 3,
        ...summary('xlsx', xlsx),
        xlsx_rows: xlsxRows,
        xlsx_bytes: statSync(out('xlsx', 0)).size,
        ...summary('csv', csv),
        csv_rows: csvRows,
        csv_bytes: statSync(out('csv', 0)).size,
        rss_before_mb: Math.round(rssBefore / 1048576),
        peak_rss_mb: Math.round(peakRss / 1048576),
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
