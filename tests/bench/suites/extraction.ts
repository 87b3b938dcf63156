// Benchmark of extraction: in a review of 2,000 studies, the latency of writing one value through
// the router (each write its own transaction with audit rows and an undo entry, as autosave does)
// into a study holding no values and into one holding 1,200 filled cells (the write cost should not
// grow with how full a study is); the time to fill a study to 1,200 cells one value at a time; and
// the time to open the full study (extraction:get) after reopening the review.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter, type Router } from '../../../electron/backend/router';
import type { Arm, ExtractionForm, StudyExtraction, ValueWrite } from '../../../shared/model/extraction';
import { COMPONENTS } from '../../../shared/model/extraction';
import { percentile, samplesMs, summary, timeMs, type BenchSuite } from '../suite';

const STUDIES = 2_000;
const WRITES = 200;
const FILLED = 1_200;
const OPENS = 20;

async function call<T>(router: Router, channel: string, request: unknown): Promise<T> {
  const result = await router.handle(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
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
  description: `review of ${STUDIES} studies: write one value through the router into a study with 0 and with ${FILLED} filled cells (${WRITES} writes each: median, minimum, p99), fill a study to ${FILLED} cells one write at a time, open it (extraction:get after reopening)`,
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
      let form = await call<ExtractionForm>(router, 'form:edit', {
        edit: { op: 'applyTemplate', template: 'sample_crt' },
      });
      // Five continuous outcomes of 40 timepoints: 5 × 40 × 3 components × 2 arms = 1,200 cells.
      for (let o = 1; o <= 5; o++)
        form = await call<ExtractionForm>(router, 'form:edit', {
          edit: {
            op: 'addOutcome',
            name: `Six-minute walk distance ${o}`,
            dataType: 'continuous',
            unit: 'm',
            timepoints: Array.from({ length: 40 }, (_, i) => `Week ${i + 1}`),
          },
        });
      const twoArms = async (studyId: string) => [
        await call<Arm>(router, 'arm:add', { studyId, label: 'CRT' }),
        await call<Arm>(router, 'arm:add', { studyId, label: 'ICD' }),
      ];
      const componentOf = (target: ValueWrite['target']) => (target.kind === 'outcome' ? target.component : '');
      const writeOne = (studyId: string, target: ValueWrite['target'], value: number) =>
        call(router, 'extraction:write', { studyId, writes: [{ target, state: 'value', value }] });

      // A study holding no values: each write changes the value of one cell (so it holds one).
      const emptyStudy = studyIds[STUDIES / 2]!;
      const [emptyArm] = await twoArms(emptyStudy);
      const first = outcomeTargets(form, [emptyArm!]).find((t) => componentOf(t) === 'mean')!;
      const atEmpty = await samplesMs(WRITES, (i) => writeOne(emptyStudy, first, 20 + (i % 50)), 5);

      // A study filled to 1,200 cells one write at a time (what filling a study costs), then rewritten.
      const fullStudy = studyIds[STUDIES - 1]!;
      const targets = outcomeTargets(form, await twoArms(fullStudy));
      const filled = targets.slice(targets.length - FILLED);
      if (filled.length !== FILLED) throw new Error(`the form has ${filled.length} cells, not ${FILLED}`);
      const fillSamples: number[] = [];
      const fillMs = await timeMs(async () => {
        for (let i = 0; i < FILLED; i++) {
          const target = filled[i]!;
          fillSamples.push(await timeMs(() => writeOne(fullStudy, target, valueFor(componentOf(target), i))));
        }
      });
      const atFull = await samplesMs(WRITES, (i) => {
        const target = filled[(i * 7) % FILLED]!;
        return writeOne(fullStudy, target, valueFor(componentOf(target), i) + 1 + (i % 3));
      });
      const reviewerId = backend.context().requireReviewer().reviewerId;
      backend.close();

      const reopened = new Backend({ dataDir, host: 'web' });
      const reopenedRouter = createRouter(reopened);
      await call(reopenedRouter, 'review:open', { path: review.path });
      await call(reopenedRouter, 'reviewer:setCurrent', { id: reviewerId });
      let cells = 0;
      const firstOpenMs = await timeMs(async () => {
        cells = (await call<StudyExtraction>(reopenedRouter, 'extraction:get', { studyId: fullStudy })).values.length;
      });
      const opens = await samplesMs(OPENS, () => call(reopenedRouter, 'extraction:get', { studyId: fullStudy }));
      reopened.close();
      if (cells !== FILLED) throw new Error(`opened ${cells} cells, expected ${FILLED}`);
      return {
        studies: STUDIES,
        writesPerMeasure: WRITES,
        ...summary('writeAt0Filled', atEmpty),
        writeAt0FilledP99Ms: percentile(atEmpty, 99),
        ...summary(`writeAt${FILLED}Filled`, atFull),
        [`writeAt${FILLED}FilledP99Ms`]: percentile(atFull, 99),
        fillOneByOneTotalMs: fillMs,
        ...summary('fillFirst100Writes', fillSamples.slice(0, 100)),
        ...summary('fillLast100Writes', fillSamples.slice(-100)),
        filledCells: cells,
        openStudyFirstMs: firstOpenMs,
        ...summary('openStudy', opens),
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
