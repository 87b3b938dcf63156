// The extraction form and the values reviewers extract into it, with their provenance.
// Layer: shared (pure TypeScript).
//
// A review has one form (versioned): study-level fields in sections, and outcome definitions. Each
// study has its own arms. An outcome table is arms × outcomes × timepoints; each cell holds the
// components its data type needs (events and total, mean, SD and n, ...). Every value belongs to one
// reviewer (extraction is independent), and keeps where it came from: typed, mapped from a highlight
// (with the raw text and the recogniser's reading), or converted (with method and inputs).
import type { ExtractionStatus, Highlight } from './types';

export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'integer',
  'single_choice',
  'multiple_choice',
  'yes_no_unclear',
  'date',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FormSection {
  id: string;
  title: string;
}

export interface FormField {
  id: string;
  sectionId: string;
  label: string;
  type: FieldType;
  /** Choices for single and multiple choice fields. */
  options: string[];
  /** Removed from the form: its values are kept (archived) and still exported. */
  archived: boolean;
}

export const OUTCOME_DATA_TYPES = [
  'dichotomous',
  'continuous',
  'change',
  'proportion',
  'mean',
  'effect_estimate',
] as const;
export type OutcomeDataType = (typeof OUTCOME_DATA_TYPES)[number];

/** The components one cell of an outcome table holds, by data type. */
export const COMPONENTS: Record<OutcomeDataType, readonly string[]> = {
  dichotomous: ['events', 'total'],
  continuous: ['mean', 'sd', 'n'],
  change: ['mean_change', 'sd_change', 'n'],
  proportion: ['events', 'total'],
  mean: ['mean', 'sd', 'n'],
  effect_estimate: ['estimate', 'lower', 'upper', 'se'],
};

/** Whether an outcome's cells are per arm (two-group and one-group data) or per comparison. */
export function isPerArm(dataType: OutcomeDataType): boolean {
  return dataType !== 'effect_estimate';
}

export interface Timepoint {
  id: string;
  label: string;
}

export interface OutcomeDefinition {
  id: string;
  name: string;
  dataType: OutcomeDataType;
  unit: string | null;
  /** For effect estimates: the measure (HR, OR, RR, MD, ...) and whether it is a ratio (log scale). */
  measure: string | null;
  timepoints: Timepoint[];
  /**
   * Timepoints removed while they had values: their values are kept (archived, still exported) and
   * the timepoint can be restored. Absent in forms saved before timepoints could be archived.
   */
  archivedTimepoints?: Timepoint[];
  archived: boolean;
}

export interface ExtractionForm {
  id: string;
  version: number;
  sections: FormSection[];
  fields: FormField[];
  outcomes: OutcomeDefinition[];
  updatedAt: string;
}

export interface Arm {
  id: string;
  studyId: string;
  label: string;
}

/** Where a value goes: a study-level field, or one component of one outcome-table cell. */
export type ValueTarget =
  | { kind: 'field'; fieldId: string }
  | { kind: 'outcome'; outcomeId: string; timepointId: string; armId: string | null; component: string };

/** A stable key for a target, e.g. "field:f1" or "outcome:o1:t1:a1:mean". */
export function targetKey(target: ValueTarget): string {
  return target.kind === 'field'
    ? `field:${target.fieldId}`
    : `outcome:${target.outcomeId}:${target.timepointId}:${target.armId ?? '-'}:${target.component}`;
}

export type ValueOrigin = 'typed' | 'mapped' | 'converted';

/** The selection a mapped value came from. */
export interface ValueProvenance {
  highlightId: string;
  /** The exact text selected. */
  rawText: string;
  /** The recogniser's reading of it (kind, values, unit, warnings), as JSON. */
  reading: unknown;
}

export interface ValueConversion {
  method: string;
  source: string;
  inputs: Record<string, number | string | null>;
}

export type CellValue = number | string | string[] | null;

export interface ExtractedValue {
  id: string;
  reviewerId: string;
  studyId: string;
  target: ValueTarget;
  /** 'not_reported' is a decision ("the study does not report it"), different from an empty cell. */
  state: 'value' | 'not_reported';
  value: CellValue;
  origin: ValueOrigin;
  provenance: ValueProvenance | null;
  conversion: ValueConversion | null;
  /** A typed number as written when that differs from the number's plain form ("32.0" for 32). */
  written?: string;
  /** The value's field or outcome was removed from the form; kept and exported. */
  archived: boolean;
  updatedAt: string;
}

export interface StudyExtraction {
  studyId: string;
  reviewerId: string;
  status: ExtractionStatus;
  arms: Arm[];
  values: ExtractedValue[];
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * What a write, an undo, a redo or a status change did to one reviewer's extraction of a study: the
 * cells it set (as they are now) and the cells it emptied. The renderer applies it to the extraction it
 * holds, so a write's answer does not grow with how full the study is.
 */
export interface ExtractionChange {
  studyId: string;
  reviewerId: string;
  status: ExtractionStatus;
  /** Cells set by the change, as stored now. */
  values: ExtractedValue[];
  /** Target keys of the cells the change emptied. */
  cleared: string[];
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * What an undo or redo did besides the cells: undoing a mapping removes the highlight it made (its id
 * in removedHighlights), redoing it brings the highlight back (restoredHighlights).
 */
export interface UndoChange extends ExtractionChange {
  removedHighlights: string[];
  restoredHighlights: Highlight[];
}

/** Applies a change to the extraction it belongs to. */
export function applyExtractionChange(extraction: StudyExtraction, change: ExtractionChange): StudyExtraction {
  const touched = new Set([...change.cleared, ...change.values.map((v) => targetKey(v.target))]);
  return {
    ...extraction,
    status: change.status,
    values: [...extraction.values.filter((v) => !touched.has(targetKey(v.target))), ...change.values],
    canUndo: change.canUndo,
    canRedo: change.canRedo,
  };
}

/** One write: a value, "not reported", or clearing the cell. */
export interface ValueWrite {
  target: ValueTarget;
  state: 'value' | 'not_reported' | 'empty';
  value?: CellValue;
  origin?: ValueOrigin;
  provenance?: ValueProvenance | null;
  conversion?: ValueConversion | null;
  /** A typed number as the reviewer wrote it ("32.0"), kept to show it again so. */
  written?: string;
}
