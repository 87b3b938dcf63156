// Reconciliation of two reviewers' extractions into a consensus, as the renderer and the CLI see it.
// Layer: shared (pure TypeScript).
import type { AgreementReport } from '../reconcile/agreement';
import type { CellState, Tolerance } from '../reconcile/compare';
import type { CellValue, ValueConversion, ValueOrigin, ValueTarget } from './extraction';
import type { ExtractionStatus, Reviewer } from './types';

export interface ReconcileSettings {
  /** The two reviewers whose extractions are reconciled; null: any two who marked a study complete. */
  pair: [string, string] | null;
  tolerance: Tolerance;
  /** Agreements enter the consensus on their own. */
  autoAgree: boolean;
  /** A third reviewer who may decide differences. */
  arbiterId: string | null;
}

export const DEFAULT_RECONCILE_SETTINGS: ReconcileSettings = {
  pair: null,
  tolerance: { kind: 'exact' },
  autoAgree: true,
  arbiterId: null,
};

/** The text a value was mapped from, to show beside it and open the reader at. */
export interface ValueSource {
  highlightId: string;
  documentSha256: string | null;
  page: number | null;
  exact: string;
  prefix: string;
  suffix: string;
  /** The highlight was deleted by its reviewer; the value keeps its raw text. */
  deleted: boolean;
}

/** One reviewer's side of a cell. */
export interface ReconcileSide {
  reviewerId: string;
  state: 'value' | 'not_reported';
  value: CellValue;
  origin: ValueOrigin;
  rawText: string | null;
  conversion: ValueConversion | null;
  source: ValueSource | null;
  updatedAt: string;
}

export type ConsensusDecision = 'agreed' | 'adopted' | 'entered';

export interface ConsensusValue {
  id: string;
  state: 'value' | 'not_reported';
  value: CellValue;
  origin: ValueOrigin;
  decision: ConsensusDecision;
  adoptedReviewerId: string | null;
  highlightId: string | null;
  rawText: string | null;
  conversion: ValueConversion | null;
  note: string | null;
  /** Null when an agreement was taken in automatically. */
  decidedBy: string | null;
  decidedAt: string;
}

export interface ReconcileCell {
  key: string;
  target: ValueTarget;
  /** "LVEF, 6 months, CRT, mean" or "Age". */
  label: string;
  /** The field or outcome the cell belongs to. */
  groupId: string;
  groupName: string;
  state: CellState;
  /** Agree only within the tolerance (not exactly). */
  toleranceOnly: boolean;
  a: ReconcileSide | null;
  b: ReconcileSide | null;
  consensus: ConsensusValue | null;
  /** A reviewer changed their value after the consensus was decided: decide it again. */
  reopened: boolean;
}

export interface ReconcileCounts {
  cells: number;
  agree: number;
  differ: number;
  onlyOne: number;
  bothNotReported: number;
  /** Cells with a consensus that is not reopened. */
  resolved: number;
  reopened: number;
}

export interface StudyReconciliation {
  studyId: string;
  label: string;
  reviewers: [Reviewer, Reviewer];
  /** Whether this session's reviewer may decide (one of the pair, or the arbiter). */
  canDecide: boolean;
  settings: ReconcileSettings;
  cells: ReconcileCell[];
  counts: ReconcileCounts;
  consensusComplete: boolean;
  agreement: AgreementReport;
}

/** One study as the library shows it: each reviewer's status, differences and consensus. */
export interface StudyReconcileStatus {
  studyId: string;
  statuses: { reviewerId: string; status: ExtractionStatus }[];
  ready: boolean;
  /** Differences (differ + only one filled + reopened, undecided); null when this reviewer may not see them yet. */
  differences: number | null;
  consensusComplete: boolean;
}

export interface AgreementSummary {
  reviewers: [Reviewer, Reviewer] | null;
  studies: number;
  tolerance: Tolerance;
  agreement: AgreementReport;
}
