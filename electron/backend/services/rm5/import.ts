// A new review from a RevMan 5 file (.rm5): its included studies become studies; each outcome of each
// comparison becomes an outcome of the form (numbered as RevMan numbers analyses: "1.2 Name") with its
// per-study data as consensus values in two arms named after RevMan's group labels (or the study's own
// estimate and SE for generic inverse variance), its subgroups a study-level choice field, and its
// analysis settings an analysis under the RevMan 5 convention (measure, fixed or random effects,
// Mantel-Haenszel, inverse variance or Peto, confidence level, subgroups, "Favours" labels), so Caliper
// pools the data to the results RevMan stored beside it. The review is written at a temporary path in
// one transaction and renamed into place: a refused file leaves nothing behind. Layer: electron/backend.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { defaultSettings, isRatioEstimate, type Analysis, type SortOrder } from '../../../../shared/analysis/model';
import { CaliperError } from '../../../../shared/contract/result';
import type { Rm5ImportSummary } from '../../../../shared/contract/revman';
import type { ReviewInfo } from '../../../../shared/model/types';
import {
  targetKey,
  type FormField,
  type OutcomeDefinition,
  type ValueTarget,
} from '../../../../shared/model/extraction';
import type { Measure } from '../../../../shared/stats/effectSizes';
import type { RequestContext } from '../../context';
import { insertAnalysis } from '../../db/repositories/analyses';
import { writeTransaction, type Audit } from '../../db/repositories/audit';
import { readForm, saveFormVersion } from '../../db/repositories/forms';
import { insertReport } from '../../db/repositories/studies';
import { prepared } from '../../db/statements';
import { addArm } from '../extraction';
import { createReview, fileNameForTitle } from '../review';
import { parseRm5, rm5Number, RM5_MAX_BYTES, type Rm5Outcome, type Rm5Review } from './read';
import { newRowId } from '../../db/ids';

const DATA_TYPE = { DICH: 'dichotomous', CONT: 'continuous', IV: 'effect_estimate' } as const;

const SORT: Record<string, SortOrder> = {
  STUDY: 'study',
  YEAR: 'year',
  WEIGHT: 'weight',
  EFFECT_SIZE: 'effect',
};

/** review_settings key of the RevMan comparisons' names by number ({"1": "Aspirin versus placebo"}). */
export const RM5_COMPARISONS_KEY = 'revman5_comparisons';

/** The timepoint of every imported outcome: RevMan's analyses have none of their own. */
export const RM5_TIMEPOINT = 'As reported';

/** RevMan's number of an analysis, "1.2" (comparison 1, outcome 2). */
function analysisNumber(comparisonNo: string | undefined, ci: number, outcomeNo: string | undefined, oi: number) {
  const c = /^\d+$/.test(comparisonNo ?? '') ? Number(comparisonNo) : ci + 1;
  const o = /^\d+$/.test(outcomeNo ?? '') ? Number(outcomeNo) : oi + 1;
  return `${c}.${o}`;
}

/** The two arms' names: RevMan's group labels, its defaults when empty, told apart when equal. */
export function armLabels(outcome: Pick<Rm5Outcome, 'groupLabels'>): [string, string] {
  const l1 = outcome.groupLabels[0].trim() || 'Experimental';
  const l2 = outcome.groupLabels[1].trim() || 'Control';
  if (l1.toLowerCase() !== l2.toLowerCase()) return [l1, l2];
  return [`${l1} (experimental)`, `${l2} (control)`];
}

/** The form's measure of a generic inverse-variance outcome: a ratio word exactly when RevMan logs it. */
function ivMeasure(outcome: Rm5Outcome): string | null {
  const em = (outcome.attrs.EFFECT_MEASURE ?? '').trim();
  if (outcome.attrs.LOG_DATA === 'YES') return isRatioEstimate(em) ? em : 'Ratio';
  if (isRatioEstimate(em)) return `${em} (not logged)`;
  return em || null;
}

function settingsOf(outcome: Rm5Outcome, subgroupFieldId: string | null): Analysis['settings'] {
  const a = outcome.attrs;
  const settings = defaultSettings();
  settings.model = a.RANDOM === 'YES' ? 'random' : 'common';
  settings.tau2 = 'DL';
  settings.predictionInterval = false;
  settings.level = a.CI_TOTAL ? rm5Number(a.CI_TOTAL) : 95;
  settings.convention = 'revman5';
  settings.doubleZero = { drop00: true, add: 0.5, to: 'only0' };
  settings.subgroupFieldId = subgroupFieldId;
  settings.sort = SORT[a.SORT_BY ?? ''] ?? 'study';
  settings.favours = {
    left: outcome.graphLabels[0] || 'Favours experimental',
    right: outcome.graphLabels[1] || 'Favours control',
  };
  return settings;
}

function measureAndMethod(outcome: Rm5Outcome): { measure: Measure; method: Analysis['method'] } {
  const a = outcome.attrs;
  if (outcome.kind === 'IV') return { measure: 'GEN', method: 'IV' };
  if (outcome.kind === 'CONT') return { measure: a.EFFECT_MEASURE === 'SMD' ? 'SMD' : 'MD', method: 'IV' };
  if (a.METHOD === 'PETO' || a.EFFECT_MEASURE === 'PETO_OR') return { measure: 'OR', method: 'PETO' };
  return { measure: a.EFFECT_MEASURE as Measure, method: a.METHOD === 'MH' ? 'MH' : 'IV' };
}

/** Writes the parsed file into a new review's database (inside the caller's transaction). */
function fill(
  db: Database.Database,
  rm5: Rm5Review,
  fileName: string,
  notes: string[],
): Omit<Rm5ImportSummary, 'path' | 'title' | 'notes'> {
  return writeTransaction(db, null, (audit: Audit, now) => {
    const form = readForm(db);
    if (!form) throw new Error('a new review has no form');
    const counts = { studies: 0, outcomes: 0, analyses: 0, values: 0 };

    // Studies, each with a primary report carrying RevMan's name and year.
    const studyOf = new Map<string, string>();
    const labels = new Set<string>();
    const insertStudy = (label: string, year: number | null): string => {
      const id = newRowId();
      prepared(db, 'INSERT INTO studies (id, label, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
        id,
        label,
        now,
        now,
      );
      audit({ entity: 'study', entityId: id, action: 'create', after: { label, source: fileName } });
      insertReport(db, audit, now, id, { title: label, authors: [], year, journal: null, abstract: '' }, true);
      labels.add(label.toLowerCase());
      counts.studies++;
      return id;
    };
    const yearOf = new Map<string, number | null>();
    for (const s of rm5.studies) {
      studyOf.set(s.id, insertStudy(s.name, s.year));
      yearOf.set(s.id, s.year);
    }

    const arms = new Map<string, string>(); // `${studyId}\n${label lower}` -> arm id
    const armOf = (studyId: string, label: string): string => {
      const key = `${studyId}\n${label.toLowerCase()}`;
      let id = arms.get(key);
      if (!id) {
        id = newRowId();
        addArm(db, audit, now, { id, studyId, label });
        arms.set(key, id);
      }
      return id;
    };
    const insertValue = prepared(
      db,
      `INSERT INTO consensus_values (id, study_id, target_key, kind, field_id, outcome_id, timepoint_id, arm_id,
         component, state, value, origin, highlight_id, provenance, decision, basis, note, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'value', ?, 'typed', NULL, NULL, 'entered', '{}', ?, ?)`,
    );
    const putValue = (studyId: string, target: ValueTarget, value: number | string, line: number) => {
      const id = newRowId();
      insertValue.run(
        id,
        studyId,
        targetKey(target),
        target.kind,
        target.kind === 'field' ? target.fieldId : null,
        target.kind === 'outcome' ? target.outcomeId : null,
        target.kind === 'outcome' ? target.timepointId : null,
        target.kind === 'outcome' ? target.armId : null,
        target.kind === 'outcome' ? target.component : null,
        JSON.stringify(value),
        `Imported from the RevMan 5 file ${fileName}, line ${line}`,
        now,
      );
      audit({ entity: 'consensus_value', entityId: id, action: 'create', after: { target: targetKey(target), value } });
      counts.values++;
    };

    // A study entered more than once in one outcome (RevMan allows it in several subgroups, for
    // subpopulations of the study) becomes one further study per extra entry: "Name (subgroup)".
    const aliases = new Map<string, string>();
    const aliasFor = (studyId: string, label: string, busy: Set<string>): string => {
      const known = aliases.get(label.toLowerCase());
      if (known && !busy.has(known)) return known;
      let unique = label;
      for (let i = 2; labels.has(unique.toLowerCase()); i++) unique = `${label} (${i})`;
      const id = insertStudy(unique, yearOf.get(studyId) ?? null);
      aliases.set(label.toLowerCase(), id);
      return id;
    };

    let section: string | null = null;
    const names = new Set<string>();
    rm5.comparisons.forEach((comparison, ci) => {
      comparison.outcomes.forEach((outcome, oi) => {
        const number = analysisNumber(comparison.attrs.NO, ci, outcome.attrs.NO, oi);
        let name = `${number} ${outcome.name || comparison.name || 'Outcome'}`.trim();
        for (let i = 2; names.has(name.toLowerCase()); i++) name = `${number} ${outcome.name} (${i})`;
        names.add(name.toLowerCase());
        const timepointId = newRowId();
        const def: OutcomeDefinition = {
          id: newRowId(),
          name,
          dataType: DATA_TYPE[outcome.kind],
          unit: outcome.kind === 'CONT' && outcome.attrs.UNITS?.trim() ? outcome.attrs.UNITS.trim() : null,
          measure: outcome.kind === 'IV' ? ivMeasure(outcome) : null,
          timepoints: [{ id: timepointId, label: RM5_TIMEPOINT }],
          archived: false,
        };
        form.outcomes.push(def);
        counts.outcomes++;

        let field: FormField | null = null;
        const subgroupName = new Map<object, string>();
        if (outcome.subgroups.length) {
          section ??= (() => {
            const id = newRowId();
            form.sections.push({ id, title: 'RevMan subgroups' });
            return id;
          })();
          const options: string[] = [];
          outcome.subgroups.forEach((sg, i) => {
            let label = sg.name || `Subgroup ${i + 1}`;
            for (let k = 2; options.some((o) => o.toLowerCase() === label.toLowerCase()); k++)
              label = `${sg.name || `Subgroup ${i + 1}`} (${k})`;
            options.push(label);
            for (const row of sg.rows) subgroupName.set(row, label);
          });
          field = {
            id: newRowId(),
            sectionId: section,
            label: `${number} subgroup`,
            type: 'single_choice',
            options,
            archived: false,
          };
          form.fields.push(field);
        }

        const [l1, l2] = armLabels(outcome);
        const busy = new Set<string>();
        if (outcome.kind === 'DICH' && outcome.attrs.SWAP_EVENTS === 'YES')
          notes.push(
            `${name}: RevMan analysed non-events (SWAP_EVENTS); Caliper pools the events as entered, so its results differ from those stored.`,
          );
        if (outcome.attrs.CI_STUDY && outcome.attrs.CI_TOTAL && outcome.attrs.CI_STUDY !== outcome.attrs.CI_TOTAL)
          notes.push(
            `${name}: RevMan showed the studies' CIs at ${outcome.attrs.CI_STUDY}% and the totals' at ${outcome.attrs.CI_TOTAL}%; Caliper uses ${outcome.attrs.CI_TOTAL}% for both.`,
          );
        for (const row of outcome.rows) {
          const sgLabel = subgroupName.get(row) ?? null;
          let studyId = studyOf.get(row.studyId)!;
          if (busy.has(studyId)) {
            const base = rm5.studies.find((s) => s.id === row.studyId)!.name;
            studyId = aliasFor(row.studyId, `${base} (${sgLabel ?? name})`, busy);
            notes.push(
              `${name}: ${base} is entered more than once (line ${row.line}); the further entry is the study "${
                prepared(db, 'SELECT label FROM studies WHERE id = ?').pluck().get(studyId) as string
              }".`,
            );
          }
          busy.add(studyId);
          const a = row.attrs;
          const at = (armId: string | null, component: string): ValueTarget => ({
            kind: 'outcome',
            outcomeId: def.id,
            timepointId,
            armId,
            component,
          });
          if (outcome.kind === 'DICH') {
            const arm1 = armOf(studyId, l1),
              arm2 = armOf(studyId, l2);
            putValue(studyId, at(arm1, 'events'), rm5Number(a.EVENTS_1), row.line);
            putValue(studyId, at(arm1, 'total'), rm5Number(a.TOTAL_1), row.line);
            putValue(studyId, at(arm2, 'events'), rm5Number(a.EVENTS_2), row.line);
            putValue(studyId, at(arm2, 'total'), rm5Number(a.TOTAL_2), row.line);
          } else if (outcome.kind === 'CONT') {
            const arm1 = armOf(studyId, l1),
              arm2 = armOf(studyId, l2);
            putValue(studyId, at(arm1, 'mean'), rm5Number(a.MEAN_1), row.line);
            putValue(studyId, at(arm1, 'sd'), rm5Number(a.SD_1), row.line);
            putValue(studyId, at(arm1, 'n'), rm5Number(a.TOTAL_1), row.line);
            putValue(studyId, at(arm2, 'mean'), rm5Number(a.MEAN_2), row.line);
            putValue(studyId, at(arm2, 'sd'), rm5Number(a.SD_2), row.line);
            putValue(studyId, at(arm2, 'n'), rm5Number(a.TOTAL_2), row.line);
          } else {
            const effect = rm5Number(a.EFFECT_SIZE);
            // RevMan keeps ratios on the log scale; the form holds them as reported (Caliper logs them).
            putValue(
              studyId,
              at(null, 'estimate'),
              outcome.attrs.LOG_DATA === 'YES' ? Math.exp(effect) : effect,
              row.line,
            );
            putValue(studyId, at(null, 'se'), rm5Number(a.SE), row.line);
          }
          if (field && sgLabel !== null) putValue(studyId, { kind: 'field', fieldId: field.id }, sgLabel, row.line);
        }

        const { measure, method } = measureAndMethod(outcome);
        const analysis: Analysis = {
          id: newRowId(),
          name,
          outcomeId: def.id,
          timepointId,
          comparison: outcome.kind === 'IV' ? { kind: 'estimate' } : { kind: 'arms', intervention: l1, comparator: l2 },
          layer: { kind: 'consensus' },
          measure,
          method,
          settings: settingsOf(outcome, field?.id ?? null),
          createdAt: now,
          updatedAt: now,
        };
        insertAnalysis(db, analysis);
        audit({ entity: 'analysis', entityId: analysis.id, action: 'create', after: analysis });
        counts.analyses++;
      });
    });
    for (const s of rm5.skipped)
      notes.push(
        `${s.element} "${s.name}" (line ${s.line}) not imported: Caliper reads dichotomous, continuous and generic inverse-variance outcomes.`,
      );

    // RevMan's comparison names, by number, so an export groups the analyses as RevMan did.
    const comparisonNames: Record<string, string> = {};
    rm5.comparisons.forEach((c, ci) => {
      comparisonNames[analysisNumber(c.attrs.NO, ci, '1', 0).split('.')[0]!] = c.name;
    });
    prepared(db, 'INSERT INTO review_settings (key, value, updated_at) VALUES (?, ?, ?)').run(
      RM5_COMPARISONS_KEY,
      JSON.stringify(comparisonNames),
      now,
    );
    audit({ entity: 'review_settings', entityId: RM5_COMPARISONS_KEY, action: 'create', after: comparisonNames });

    form.version += 1;
    form.updatedAt = now;
    saveFormVersion(db, form, null, `Outcomes and subgroups from the RevMan 5 file ${fileName}`);
    audit({ entity: 'form', entityId: form.id, action: 'update', after: { version: form.version, source: fileName } });
    return counts;
  });
}

/** Reads a .rm5 file, refusing one over RM5_MAX_BYTES before reading it. */
export function readRm5File(file: string): Rm5Review {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new CaliperError(
      'not_found',
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (size > RM5_MAX_BYTES)
    throw new CaliperError(
      'validation',
      `${path.basename(file)} is ${Math.round(size / 1024 / 1024)} MB: RevMan files larger than ${RM5_MAX_BYTES / 1024 / 1024} MB are not read.`,
    );
  return parseRm5(readFileSync(file), path.basename(file));
}

/** Writes a parsed RevMan file as the new review `reviewPath` and opens it. */
function createFromRm5(
  ctx: RequestContext,
  rm5: Rm5Review,
  fileName: string,
  reviewPath: string,
  options: { remember?: boolean },
): Rm5ImportSummary {
  const title = rm5.title || path.basename(fileName, path.extname(fileName));
  const notes: string[] = [];
  let counts: ReturnType<typeof fill> | undefined;
  const info = createReview(ctx, { title, path: reviewPath }, options, (db) => {
    counts = fill(db, rm5, fileName, notes);
  });
  return { path: info.path, title, ...counts!, notes };
}

/**
 * Creates the review `reviewPath` (which must not exist) from the RevMan 5 file `rm5Path` and opens it.
 * Nothing is created when the file is refused.
 */
export function importRm5(
  ctx: RequestContext,
  request: { rm5Path: string; reviewPath: string },
  options: { remember?: boolean } = {},
): Rm5ImportSummary {
  const rm5 = readRm5File(request.rm5Path);
  return createFromRm5(ctx, rm5, path.basename(request.rm5Path), request.reviewPath, options);
}

/** File > New review from RevMan file…: the file's bytes become a new review in the reviews folder. */
export function importRm5Upload(
  ctx: RequestContext,
  request: { fileName: string; contentBase64: string },
): { review: ReviewInfo; summary: Rm5ImportSummary } {
  const fileName = path.basename(request.fileName);
  const rm5 = parseRm5(Buffer.from(request.contentBase64, 'base64'), fileName);
  const title = rm5.title || path.basename(fileName, path.extname(fileName));
  mkdirSync(ctx.backend.reviewsDir, { recursive: true });
  // A free name in the reviews folder: "Title.caliper", else "Title (2).caliper", ...
  let target = path.join(ctx.backend.reviewsDir, fileNameForTitle(title));
  for (let i = 2; existsSync(target) && i < 1000; i++)
    target = path.join(ctx.backend.reviewsDir, fileNameForTitle(`${title} (${i})`));
  const summary = createFromRm5(ctx, rm5, fileName, target, {});
  return { review: ctx.requireReview().info, summary };
}
