// Benchmark of analyses: a review of 500 two-arm studies with a dichotomous outcome extracted by one
// reviewer; the time to build and run the analysis from the values (analysis:run through the router),
// to draw its forest plot (SVG), to render the funnel plot as PNG at 174 mm and 600 dpi, and to re-pool after one
// value changes (extraction:write of one cell, then analysis:run), p50 and p95 of 20 changes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter, type Router } from '../../../electron/backend/router';
import { svgToPng } from '../../../electron/backend/services/analysis';
import type { Analysis } from '../../../shared/analysis/model';
import type { AnalysisRun } from '../../../shared/analysis/run';
import type { Arm, ExtractionForm } from '../../../shared/model/extraction';
import type { Reviewer } from '../../../shared/model/types';
import { forestPlot } from '../../../shared/plots/forest';
import { funnelPlot } from '../../../shared/plots/funnel';
import { timeMs, type BenchSuite } from '../suite';

const STUDIES = 500;
const CHANGES = 20;

async function call<T>(router: Router, channel: string, request: unknown): Promise<T> {
  const result = await router.handle(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

const percentile = (sorted: number[], p: number) =>
  Number(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(2));

export const analysisSuite: BenchSuite = {
  name: 'analysis',
  description: `analysis of ${STUDIES} two-arm studies (RR, REML): build and run from the values, draw the forest plot, the funnel plot as PNG at 174 mm 600 dpi, re-pool after one value changes (${CHANGES} changes)`,
  async run() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-'));
    try {
      const backend = new Backend({ dataDir, host: 'web' });
      const router = createRouter(backend);
      await call(router, 'review:create', { title: 'Bench analysis' });
      const reviewer = await call<Reviewer>(router, 'reviewer:create', { name: 'A' });
      const { db } = backend.requireReview();
      const studyIds = writeTransaction(db, null, (audit, now) =>
        Array.from({ length: STUDIES }, (_, i) =>
          insertStudy(db, audit, now, {
            title: `Randomised trial number ${i}`,
            authors: [`Author${i}, A.`],
            year: 1990 + (i % 35),
            journal: 'Journal of Trials',
            abstract: `Study ${i}.`,
          }),
        ),
      );
      const form = await call<ExtractionForm>(router, 'form:edit', {
        edit: { op: 'addOutcome', name: 'Mortality', dataType: 'dichotomous', timepoints: ['12 months'] },
      });
      const outcome = form.outcomes.find((o) => o.name === 'Mortality')!;
      const cell = (armId: string, component: string) => ({
        kind: 'outcome' as const,
        outcomeId: outcome.id,
        timepointId: outcome.timepoints[0]!.id,
        armId,
        component,
      });
      const arms: [Arm, Arm][] = [];
      for (const [i, studyId] of studyIds.entries()) {
        const drug = await call<Arm>(router, 'arm:add', { studyId, label: 'Drug' });
        const placebo = await call<Arm>(router, 'arm:add', { studyId, label: 'Placebo' });
        arms.push([drug, placebo]);
        await call(router, 'extraction:write', {
          studyId,
          writes: [
            { target: cell(drug.id, 'events'), state: 'value', value: 3 + (i % 17) },
            { target: cell(drug.id, 'total'), state: 'value', value: 60 + (i % 140) },
            { target: cell(placebo.id, 'events'), state: 'value', value: 5 + (i % 23) },
            { target: cell(placebo.id, 'total'), state: 'value', value: 60 + ((i * 7) % 140) },
          ],
        });
      }
      let analysis!: Analysis;
      let run!: AnalysisRun;
      const build = await timeMs(async () => {
        analysis = await call<Analysis>(router, 'analysis:create', {
          outcomeId: outcome.id,
          layer: { kind: 'reviewer', reviewerId: reviewer.id },
        });
        run = await call<AnalysisRun>(router, 'analysis:run', { id: analysis.id });
      });
      if (run.result?.k !== STUDIES) throw new Error(`expected ${STUDIES} studies, got ${run.result?.k}`);
      let svg = '';
      const draw = await timeMs(() => (svg = forestPlot(run, analysis.settings)));
      // A 500-row forest plot is some 37,000 pixels tall at 600 dpi; the funnel plot has a fixed size.
      const png = await timeMs(() => svgToPng(funnelPlot(run, analysis.settings), 174));
      const refits = await timeMs(() => call(router, 'analysis:run', { id: analysis.id, refits: true }));
      const repool: number[] = [];
      const runOnly: number[] = [];
      for (let i = 0; i < CHANGES; i++) {
        const [drug] = arms[(i * 37) % STUDIES]!;
        const studyId = studyIds[(i * 37) % STUDIES]!;
        let after!: AnalysisRun;
        repool.push(
          await timeMs(async () => {
            await call(router, 'extraction:write', {
              studyId,
              writes: [{ target: cell(drug.id, 'events'), state: 'value', value: 1 + i }],
            });
            after = await call<AnalysisRun>(router, 'analysis:run', { id: analysis.id });
          }),
        );
        runOnly.push(await timeMs(() => call(router, 'analysis:run', { id: analysis.id })));
        if (after.result!.estimate === run.result!.estimate && i > 0) throw new Error('the change did not re-pool');
      }
      repool.sort((a, b) => a - b);
      runOnly.sort((a, b) => a - b);
      backend.close();
      return {
        studies: STUDIES,
        build_and_run_ms: build,
        draw_forest_svg_ms: draw,
        svg_bytes: svg.length,
        funnel_png_174mm_600dpi_ms: png,
        run_with_leave1out_and_cumulative_ms: refits,
        repool_after_one_change_p50_ms: percentile(repool, 50),
        repool_after_one_change_p95_ms: percentile(repool, 95),
        run_only_p50_ms: percentile(runOnly, 50),
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
