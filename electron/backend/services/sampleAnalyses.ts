// The sample review's consensus values and analyses (sample/sample-analyses.json): values of its
// outcomes taken from the sample abstracts, each with a highlight on the text it came from, and
// analyses of those outcomes, so a new user sees forest plots that lead back to the sentences.
// Layer: electron/backend.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { defaultSettings, type Analysis, type Comparison } from '../../../shared/analysis/model';
import { describeSelection } from '../../../shared/anchor/selector';
import { targetKey, type ValueTarget } from '../../../shared/model/extraction';
import type { Measure } from '../../../shared/stats/effectSizes';
import { insertAnalysis } from '../db/repositories/analyses';
import type { Audit } from '../db/repositories/audit';
import { listArms } from '../db/repositories/extraction';
import { readForm } from '../db/repositories/forms';
import { insertHighlight } from '../db/repositories/highlights';
import { prepared } from '../db/statements';
import { newRowId } from '../db/ids';

interface SampleAnalyses {
  consensus: {
    study: string;
    values: { outcome: string; timepoint: string; arm: string; quote: string; components: Record<string, number> }[];
  }[];
  analyses: {
    name: string;
    outcome: string;
    timepoint: string;
    measure: Measure;
    arm: string;
    baseline?: string;
    correlation?: number;
  }[];
}

/** Writes the sample's consensus values (with their highlights) and analyses into a new sample review. */
export function seedSampleAnalyses(db: Database.Database, audit: Audit, now: string, sampleDir: string): void {
  const seed = JSON.parse(readFileSync(path.join(sampleDir, 'sample-analyses.json'), 'utf8')) as SampleAnalyses;
  const form = readForm(db);
  if (!form) throw new Error('the sample review has no form');
  const outcome = (name: string) => {
    const o = form.outcomes.find((x) => x.name === name);
    if (!o) throw new Error(`sample-analyses.json: no outcome "${name}" in the sample form`);
    return o;
  };
  const timepoint = (outcomeName: string, label: string) => {
    const t = outcome(outcomeName).timepoints.find((x) => x.label === label);
    if (!t) throw new Error(`sample-analyses.json: "${outcomeName}" has no timepoint "${label}"`);
    return t.id;
  };
  const insertValue = prepared(
    db,
    `INSERT INTO consensus_values (id, study_id, target_key, kind, outcome_id, timepoint_id, arm_id, component, state,
       value, origin, highlight_id, provenance, decision, basis, note, decided_at)
     VALUES (?, ?, ?, 'outcome', ?, ?, ?, ?, 'value', ?, 'mapped', ?, ?, 'entered', '{}', ?, ?)`,
  );
  for (const entry of seed.consensus) {
    const study = prepared(
      db,
      `SELECT r.study_id, d.sha256, d.content FROM reports r JOIN documents d ON d.sha256 = r.abstract_sha256
       WHERE r.title = ? AND r.is_primary = 1`,
    ).get(entry.study) as { study_id: string; sha256: string; content: Buffer } | undefined;
    if (!study) throw new Error(`sample-analyses.json: no sample study titled "${entry.study}"`);
    const text = study.content.toString('utf8');
    const arms = listArms(db, study.study_id);
    const highlights = new Map<string, string>();
    for (const v of entry.values) {
      const arm = arms.find((a) => a.label === v.arm);
      if (!arm) throw new Error(`sample-analyses.json: "${entry.study}" has no arm "${v.arm}"`);
      let highlightId = highlights.get(v.quote);
      if (!highlightId) {
        const start = text.indexOf(v.quote);
        if (start < 0) throw new Error(`sample-analyses.json: "${v.quote}" is not in the abstract of "${entry.study}"`);
        highlightId = newRowId();
        insertHighlight(
          db,
          {
            id: highlightId,
            studyId: study.study_id,
            sha256: study.sha256,
            reviewerId: null,
            page: null,
            createdAt: now,
          },
          describeSelection(text, start, start + v.quote.length),
        );
        highlights.set(v.quote, highlightId);
      }
      for (const [component, value] of Object.entries(v.components)) {
        const target: ValueTarget = {
          kind: 'outcome',
          outcomeId: outcome(v.outcome).id,
          timepointId: timepoint(v.outcome, v.timepoint),
          armId: arm.id,
          component,
        };
        const id = newRowId();
        insertValue.run(
          id,
          study.study_id,
          targetKey(target),
          target.outcomeId,
          target.timepointId,
          arm.id,
          component,
          JSON.stringify(value),
          highlightId,
          JSON.stringify({ highlightId, rawText: v.quote, reading: null }),
          'Sample consensus, taken from the abstract',
          now,
        );
        audit({
          entity: 'consensus_value',
          entityId: id,
          action: 'create',
          after: { target: targetKey(target), value },
        });
      }
    }
  }
  for (const a of seed.analyses) {
    const comparison: Comparison =
      a.baseline === undefined
        ? { kind: 'group', arm: a.arm }
        : {
            kind: 'change',
            arm: a.arm,
            baselineTimepointId: timepoint(a.outcome, a.baseline),
            correlation: a.correlation ?? 0.5,
          };
    const settings = defaultSettings();
    settings.favours = { left: '', right: '' };
    const analysis: Analysis = {
      id: newRowId(),
      name: a.name,
      outcomeId: outcome(a.outcome).id,
      timepointId: timepoint(a.outcome, a.timepoint),
      comparison,
      layer: { kind: 'consensus' },
      measure: a.measure,
      method: 'IV',
      settings,
      createdAt: now,
      updatedAt: now,
    };
    insertAnalysis(db, analysis);
    audit({ entity: 'analysis', entityId: analysis.id, action: 'create', after: analysis });
  }
}
