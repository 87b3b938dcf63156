// Benchmark of reconciliation: a review of 500 two-arm studies, each extracted by two reviewers (a
// yes/no field, a text field and a dichotomous outcome's four cells; about one study in five differs)
// and marked complete by both. Measured through the router: the library's overview of every study
// (reconcile:overview), the agreement over the review (reconcile:agreement), opening one study to
// reconcile (reconcile:get, which takes its agreements in the first time) and deciding one difference.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter } from '../../../electron/backend/router';
import type { ExtractionForm } from '../../../shared/model/extraction';
import { samplesMs, summary, timeMs, type BenchSuite } from '../suite';

const STUDIES = 500;
const RUNS = 5;
const A = 'bench-a';
const B = 'bench-b';

export const reconcileSuite: BenchSuite = {
  name: 'reconcile',
  description: `reconciliation of ${STUDIES} two-arm studies × 2 reviewers (6 cells each, every fifth study differs): library overview, agreement over the review, opening one study, deciding one difference`,
  async run() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-'));
    try {
      const backend = new Backend({ dataDir, host: 'web' });
      const router = createRouter(backend);
      await router.invoke('review:create', { title: 'Bench reconcile' });
      await router.invoke('reviewer:create', { name: 'A' }, A);
      await router.invoke('reviewer:create', { name: 'B' }, B);
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
      let form: ExtractionForm = await router.invoke(
        'form:edit',
        { edit: { op: 'addOutcome', name: 'Mortality', dataType: 'dichotomous', timepoints: ['12 months'] } },
        A,
      );
      const sectionId = form.sections[0]!.id;
      form = await router.invoke(
        'form:edit',
        { edit: { op: 'addField', sectionId, label: 'Blinded', type: 'yes_no_unclear' } } as never,
        A,
      );
      form = await router.invoke(
        'form:edit',
        { edit: { op: 'addField', sectionId, label: 'Setting', type: 'text' } } as never,
        A,
      );
      const outcome = form.outcomes.find((o) => o.name === 'Mortality')!;
      const blinded = form.fields.find((f) => f.label === 'Blinded')!;
      const setting = form.fields.find((f) => f.label === 'Setting')!;
      const cell = (armId: string, component: string) => ({
        kind: 'outcome' as const,
        outcomeId: outcome.id,
        timepointId: outcome.timepoints[0]!.id,
        armId,
        component,
      });
      const build = await timeMs(async () => {
        for (const [i, studyId] of studyIds.entries()) {
          const drug = await router.invoke('arm:add', { studyId, label: 'Drug' }, A);
          const placebo = await router.invoke('arm:add', { studyId, label: 'Placebo' }, A);
          for (const [session, differs] of [
            [A, false],
            [B, i % 5 === 0],
          ] as const) {
            await router.invoke(
              'extraction:write',
              {
                studyId,
                writes: [
                  { target: { kind: 'field', fieldId: blinded.id }, state: 'value', value: differs ? 'no' : 'yes' },
                  { target: { kind: 'field', fieldId: setting.id }, state: 'value', value: `Hospital ${i % 7}` },
                  { target: cell(drug.id, 'events'), state: 'value', value: 3 + (i % 17) + (differs ? 1 : 0) },
                  { target: cell(drug.id, 'total'), state: 'value', value: 60 + (i % 140) },
                  { target: cell(placebo.id, 'events'), state: 'value', value: 5 + (i % 23) },
                  { target: cell(placebo.id, 'total'), state: 'value', value: 60 + ((i * 7) % 140) },
                ],
              } as never,
              session,
            );
            await router.invoke('extraction:setStatus', { studyId, status: 'complete' }, session);
          }
        }
      });
      let ready = 0;
      const overview = await samplesMs(RUNS, async () => {
        ready = (await router.invoke('reconcile:overview', {}, A)).filter((s) => s.ready).length;
      });
      if (ready !== STUDIES) throw new Error(`expected ${STUDIES} studies ready, got ${ready}`);
      let cells = 0;
      const agreementMs = await samplesMs(RUNS, async () => {
        cells = (await router.invoke('reconcile:agreement', {}, A)).agreement.overall.cells;
      });
      if (cells !== STUDIES * 6) throw new Error(`expected ${STUDIES * 6} cells, got ${cells}`);
      // Opening a study for the first time takes its agreements in (a write); later openings only read.
      const first = await samplesMs(RUNS, (i) => router.invoke('reconcile:get', { studyId: studyIds[i * 5]! }, B));
      const again = await samplesMs(RUNS, (i) => router.invoke('reconcile:get', { studyId: studyIds[i * 5]! }, B));
      const decide = await samplesMs(RUNS, async (i) => {
        const studyId = studyIds[i * 5]!;
        const r = await router.invoke('reconcile:get', { studyId }, B);
        const open = r.cells.find((c) => c.state === 'differ' && !c.consensus)!;
        await router.invoke('reconcile:decide', { studyId, key: open.key, take: 'a' }, B);
      });
      backend.close();
      return {
        studies: STUDIES,
        reviewers: 2,
        cells: cells * 2,
        build_two_extractions_ms: build,
        ...summary('overview', overview),
        ...summary('agreement', agreementMs),
        ...summary('openStudyFirst', first),
        ...summary('openStudyAgain', again),
        ...summary('openAndDecide', decide),
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
