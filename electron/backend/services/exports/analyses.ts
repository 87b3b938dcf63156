// The review's stored analyses run on the layer an export asks for (the consensus, one reviewer's
// extraction, or each layer in turn), for the RevMan Web CSV and the R script. Layer: electron/backend.
import type { Analysis } from '../../../../shared/analysis/model';
import type { AnalysisRun } from '../../../../shared/analysis/run';
import type Database from 'better-sqlite3';
import { listAnalyses } from '../../db/repositories/analyses';
import { runStored } from '../analysis';
import type { ExportLayer } from './data';

export interface LayerRun {
  analysis: Analysis;
  run: AnalysisRun;
  layer: ExportLayer;
}

/** Each stored analysis on each layer (an analysis's own layer is replaced by the export's). */
export function runAnalysesOn(db: Database.Database, layers: ExportLayer[]): LayerRun[] {
  const out: LayerRun[] = [];
  for (const layer of layers)
    for (const stored of listAnalyses(db)) {
      const analysis: Analysis = {
        ...stored,
        layer: layer.kind === 'consensus' ? { kind: 'consensus' } : { kind: 'reviewer', reviewerId: layer.id },
      };
      out.push({ analysis, run: runStored(db, analysis), layer });
    }
  return out;
}
