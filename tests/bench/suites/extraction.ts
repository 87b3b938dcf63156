// Benchmark of extraction: in a review of 2,000 studies, the latency of writing one value through
// the router (each write its own transaction with audit rows and an undo entry, as autosave does),
// and the time to open a study (extraction:get) with 300 filled cells after reopening the review.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter, type Router } from '../../../electron/backend/router';
import type { Arm, ExtractionForm, StudyExtraction, ValueWrite } from '../../../shared/model/extraction';
import { COMPONENTS } from '../../../shared/model/extraction';
import { timeMs, type BenchSuite } from '../suite';

const STUDIES = 2_000;
const WRITES = 500;
const FILLED = 300;
const OPENS = 20;

async function call<T>(router: Router, channel: string, request: unknown): Promise<T> {
  const result = await router.handle(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number(sorted[index]!.toFixed(3));
}

/** Every outcome cell component of the form for the given arms, in form order. */
function outcomeTargets(form: ExtractionForm, arms: Arm[]): ValueWrite['target'][] {
  const targets: ValueWrite['target'][] = [];
  for (const outcome of form.outcomes)
    for (const timepoint of outcome.timepoints)
      for (const arm of arms)
        for (const component of COMPONENTS[outcome.dataType])
          targets.push({ kind: 'outcome', outcomeId: outcome.id, timepointId: timepoint.id, armId: arm.id, component });
  return targets;
}

/** A valid value for a component (totals above events, SDs above 0, percentages up to 100). */
function valueFor(component: string, i: number): number {
  if (component === 'events') return i % 10;
  if (component === 'total' || component === 'n') return 12 + (i % 90);
  if (component === 'sd') return 1 + (i % 7) / 10;
  return 20 + (i % 50);
}

export const extractionSuite: BenchSuite = {
  name: 'extraction',
  description: `review of ${STUDIES} studies: write one value through the router (${WRITES} writes, p50/p99), open a study with ${FILLED} filled cells (extraction:get after reopening)`,
  async run() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-'));
    try {
      const backend = new Backend({ dataDir, host: 'web' });
      const router = createRouter(backend);
      const review = await call<{ path: string }>(router, 'review:create', { title: 'Bench extraction' });
      await call(router, 'reviewer:create', { name: 'A' });
      const { db } = backend.requireReview();
      const studyIds = writeTransaction(db, null, (audit, now) =>
        Array.from({ length: STUDIES }, (_, i) =>
          insertStudy(db, audit, now, {
            title: `Randomised trial number ${i}`,
            authors: [`Author${i}, A.`],
            year: 1990 + (i % 35),
            journal: 'Journal of Trials',
            abstract: `Study ${i}. LVEF 23.5 +/- 4.3% at baseline; 9 of 10 patients were weaned.`,
          }),
        ),
      );
      await call(router, 'form:edit', { edit: { op: 'applyTemplate', template: 'sample_crt' } });
      const form = await call<ExtractionForm>(router, 'form:edit', {
        edit: {
          op: 'addOutcome',
          name: 'Six-minute walk distance',
          dataType: 'continuous',
          unit: 'm',
          timepoints: Array.from({ length: 40 }, (_, i) => `Week ${i + 1}`),
        },
      });

      // Write latency: one value per call, cycling over 100 cells of one study.
      const writeStudy = studyIds[STUDIES / 2]!;
      const writeArm = await call<Arm>(router, 'arm:add', { studyId: writeStudy, label: 'CRT' });
      const cycle = outcomeTargets(form, [writeArm]).slice(0, 100);
      const latencies: number[] = [];
      for (let i = 0; i < WRITES; i++) {
        const target = cycle[i % cycle.length]!;
        const component = target.kind === 'outcome' ? target.component : '';
        latencies.push(
          await timeMs(() =>
            call(router, 'extraction:write', {
              studyId: writeStudy,
              writes: [{ target, state: 'value', value: valueFor(component, i) + (i % 3) }],
            }),
          ),
        );
      }
      latencies.sort((a, b) => a - b);

      // A study with 300 filled cells (two arms), written in one batch, then opened after a reopen.
      const openStudy = studyIds[STUDIES - 1]!;
      const arms = [
        await call<Arm>(router, 'arm:add', { studyId: openStudy, label: 'CRT' }),
        await call<Arm>(router, 'arm:add', { studyId: openStudy, label: 'ICD' }),
      ];
      const filled = outcomeTargets(form, arms).slice(0, FILLED);
      await call(router, 'extraction:write', {
        studyId: openStudy,
        writes: filled.map((target, i) => ({
          target,
          state: 'value',
          value: valueFor(target.kind === 'outcome' ? target.component : '', i),
        })),
      });
      const reviewerId = backend.context().requireReviewer().reviewerId;
      backend.close();

      const reopened = new Backend({ dataDir, host: 'web' });
      const reopenedRouter = createRouter(reopened);
      await call(reopenedRouter, 'review:open', { path: review.path });
      await call(reopenedRouter, 'reviewer:setCurrent', { id: reviewerId });
      let cells = 0;
      const firstOpenMs = await timeMs(async () => {
        cells = (await call<StudyExtraction>(reopenedRouter, 'extraction:get', { studyId: openStudy })).values.length;
      });
      const opens: number[] = [];
      for (let i = 0; i < OPENS; i++)
        opens.push(await timeMs(() => call(reopenedRouter, 'extraction:get', { studyId: openStudy })));
      opens.sort((a, b) => a - b);
      reopened.close();
      if (cells !== FILLED) throw new Error(`opened ${cells} cells, expected ${FILLED}`);
      return {
        studies: STUDIES,
        writes: WRITES,
        writeP50Ms: percentile(latencies, 50),
        writeP99Ms: percentile(latencies, 99),
        writeMaxMs: latencies[latencies.length - 1]!,
        filledCells: cells,
        openStudyFirstMs: firstOpenMs,
        openStudyP50Ms: percentile(opens, 50),
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
