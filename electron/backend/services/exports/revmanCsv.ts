// The RevMan Web data package CSV: the review's analyses, grouped by comparison, one row per study
// with its data as RevMan Web writes them (the per-arm numbers, or the generic inverse variance
// estimate and SE), the study's CI and its weight, from the analyses as Caliper runs them now.
// Layer: electron/backend.
import type { RequestContext } from '../../context';
import { checkCancelled, yielder } from './atomic';
import { writeCsv, type CsvCell } from './csvOut';
import { completeFilter, listExportStudies, resolveLayers } from './data';
import { runAnalysesOn } from './analyses';
import type { ExportFormat, ExportOptions, ExportResult } from './types';

export const REVMAN_COLUMNS = [
  'Analysis group',
  'Analysis number',
  'Analysis name',
  'Subgroup',
  'Study',
  'Study year',
  'GIV Mean',
  'GIV SE',
  'CI start',
  'CI end',
  'Experimental cases',
  'Experimental N',
  'Experimental mean',
  'Experimental SD',
  'Control cases',
  'Control N',
  'Control mean',
  'Control SD',
  'Weight',
  'Footnotes',
] as const;

async function writeRevman(ctx: RequestContext, path: string, options: ExportOptions): Promise<ExportResult> {
  const { db } = ctx.requireReview();
  const layers = resolveLayers(db, options.layer);
  const studies = new Map(listExportStudies(db).map((s) => [s.id, s]));
  const include = completeFilter(db, options.studies);
  const runs = runAnalysesOn(db, layers);
  return writeCsv(path, REVMAN_COLUMNS, options, async (out) => {
    const groups = new Map<string, { number: number; analyses: number }>();
    let done = 0;
    const pause = yielder();
    for (const { analysis, run, layer } of runs) {
      await pause();
      checkCancelled(options.signal);
      const c = analysis.comparison;
      const groupName =
        c.kind === 'arms'
          ? `${c.intervention} versus ${c.comparator}`
          : c.kind === 'estimate'
            ? 'Generic inverse variance'
            : run.outcome.name;
      const groupKey = `${layer.name}\u0000${groupName.toLowerCase()}`;
      let group = groups.get(groupKey);
      if (!group) groups.set(groupKey, (group = { number: groups.size + 1, analyses: 0 }));
      group.analyses++;
      const name = `${analysis.name}${layers.length > 1 ? ` (${layer.name})` : ''}`;
      for (const row of run.rows) {
        const study = studies.get(row.studyId);
        if (study && !include(layer, study)) continue;
        if (row.valueIds.length === 0) continue;
        const d = row.data;
        // Generic inverse variance (effect estimates, and before/after change in one group) carries
        // the estimate and its SE; two arms carry each arm's numbers; one group is the experimental side.
        const giv = analysis.measure === 'GEN' || c.kind === 'change';
        const arms = !giv;
        const control = c.kind === 'arms';
        const record: Record<string, CsvCell> = {
          'Analysis group': layers.length > 1 ? `${groupName} (${layer.name})` : groupName,
          'Analysis number': `${group.number}.${group.analyses}`,
          'Analysis name': name,
          Subgroup: row.subgroup ?? '',
          Study: row.label,
          'Study year': row.year,
          'GIV Mean': giv ? row.yi : null,
          'GIV SE': giv && row.vi !== null ? Math.sqrt(row.vi) : null,
          'CI start': row.effect?.ci_lb ?? null,
          'CI end': row.effect?.ci_ub ?? null,
          'Experimental cases': arms ? (d.ai ?? d.xi) : null,
          'Experimental N': arms ? (d.n1i ?? d.ni) : null,
          'Experimental mean': arms ? (d.m1i ?? d.mi) : null,
          'Experimental SD': arms ? (d.sd1i ?? d.sdi) : null,
          'Control cases': control ? d.ci : null,
          'Control N': control ? d.n2i : null,
          'Control mean': control ? d.m2i : null,
          'Control SD': control ? d.sd2i : null,
          Weight: row.weight,
          Footnotes: [row.excluded ? `Not pooled: ${row.excluded}` : null, ...row.converted].filter(Boolean).join('; '),
        };
        await out.row(REVMAN_COLUMNS.map((col) => record[col]));
      }
      options.onProgress?.(++done, runs.length);
    }
  });
}

export const revmanCsvFormat: ExportFormat = {
  id: 'revman-csv',
  label: 'RevMan Web data package (CSV)',
  extension: 'csv',
  write: writeRevman,
};
