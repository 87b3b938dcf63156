// Merging a reviewer's work from a copy of the same review: what the copy holds, what a merge would
// bring in, and what it refuses. Answers carry counts and the cells that conflict, never a value, so a
// preview shows nobody another reviewer's extraction. Layer: shared.

/** A reviewer of the copy and how much work of theirs it holds. */
export interface MergeCopyReviewer {
  id: string;
  name: string;
  hasPasscode: boolean;
  /** This review has them already (by id, or by name). */
  existsHere: boolean;
  studies: number;
  values: number;
  highlights: number;
}

/** What a merge brings in (new rows) and what is here already, unchanged. */
export interface MergeCounts {
  /** Studies with anything to bring in. */
  studies: number;
  values: number;
  highlights: number;
  statuses: number;
  /** Arms the reviewer added to a study in the copy. */
  arms: number;
  /** PDFs the reviewer's highlights are on that this review did not have. */
  documents: number;
  /** Values and highlights the same here already: merging the same copy twice changes nothing. */
  unchanged: number;
}

export type MergeConflictKind =
  'value' | 'highlight' | 'study' | 'field' | 'outcome' | 'timepoint' | 'arm' | 'document';

/** One thing the merge refuses, in words naming the study and the cell, never the values. */
export interface MergeConflict {
  kind: MergeConflictKind;
  studyId: string | null;
  message: string;
}

export interface MergePreview {
  copy: { path: string; title: string; reviewId: string };
  /** The copy's reviewers, to choose whose work to bring in. */
  reviewers: MergeCopyReviewer[];
  /** The reviewer chosen, when one was. */
  reviewer: {
    id: string;
    name: string;
    /** Made here by the merge (with the copy's id, name and passcode) when this review lacks them. */
    created: boolean;
    /** Their passcode is needed to merge (asked unless this session is theirs). */
    passcodeNeeded: boolean;
  } | null;
  counts: MergeCounts | null;
  /** The first conflicts (at most 100); `conflictCount` says how many there are. */
  conflicts: MergeConflict[];
  conflictCount: number;
}

/** What a merge did. */
export interface MergeResult {
  copy: string;
  reviewerId: string;
  reviewer: string;
  reviewerCreated: boolean;
  counts: MergeCounts;
}
