// Blinding for exports, by the same rule as the rest of the backend: until a study is reconciled a
// reviewer sees nothing of another reviewer's work on it. The consensus is everyone's; one's own
// extraction is one's own; another reviewer's extraction (or `all` layers) exports only when every
// study that reviewer has worked on is revealed to the asking reviewer (being reconciled, and they
// take part). Otherwise the export is refused as a whole ('not_yours'), never silently thinned.
// The command line reads the file as its owner (as `caliper analyse` does) and is not blinded.
// Layer: electron/backend.
import type Database from 'better-sqlite3';
import { CaliperError } from '../../../../shared/contract/result';
import { revealedStudyIds } from '../../db/repositories/reconciliation';
import { prepared } from '../../db/statements';
import type { ExportLayer } from './data';

/** Studies a reviewer has any work on (a value or a status). */
function studiesWorkedOn(db: Database.Database, reviewerId: string): string[] {
  return (
    prepared(
      db,
      `SELECT study_id FROM extraction_values WHERE reviewer_id = ?
       UNION SELECT study_id FROM extraction_status WHERE reviewer_id = ? AND status <> 'not_started'`,
    ).all(reviewerId, reviewerId) as { study_id: string }[]
  ).map((r) => r.study_id);
}

/** Refuses when a layer holds another reviewer's work the asking reviewer may not see yet. */
export function checkLayerAccess(db: Database.Database, viewerId: string | null, layers: ExportLayer[]): void {
  let revealed: Set<string> | null = null;
  for (const layer of layers) {
    if (layer.kind !== 'reviewer' || layer.id === viewerId) continue;
    revealed ??= revealedStudyIds(db, viewerId);
    const hidden = studiesWorkedOn(db, layer.id).filter((id) => !revealed!.has(id));
    if (hidden.length > 0)
      throw new CaliperError(
        'not_yours',
        `${layer.name}'s extraction of ${hidden.length} ${hidden.length === 1 ? 'study is' : 'studies are'} not being reconciled with you: only ${layer.name} can export it until then. Export the consensus or your own extraction.`,
      );
  }
}

/** The studies whose two extractions the asking reviewer may compare (null viewer: the owner, all of them). */
export function comparableStudies(db: Database.Database, viewerId: string | null | undefined): Set<string> | null {
  return viewerId === undefined ? null : revealedStudyIds(db, viewerId);
}
