// The renderer's store, assembled from slices (zustand). Server data lives in the backend; the store
// caches what the screen shows and refreshes on backend events. Layer: renderer.
import type { StateCreator } from 'zustand';
import type {
  ExtractionStatus,
  AppInfo,
  Highlight,
  RecentReview,
  ReviewFileEntry,
  ReviewInfo,
  Reviewer,
  StudyDetail,
  StudyRow,
} from '../../shared/model/types';
import type { Api } from '../api/client';
import type { EventMap, ResponseOf } from '../../shared/contract/contract';
import type { FormEdit } from '../../shared/contract/extraction';
import type { SortKey, StatusFilter, StudySort } from './studyList';
import type {
  CellValue,
  ExtractionForm,
  StudyExtraction,
  ValueTarget,
  ValueWrite,
} from '../../shared/model/extraction';

export type DialogName =
  | 'newReview'
  | 'openReview'
  | 'saveCopy'
  | 'mergeReviewerWork'
  | 'addStudy'
  | 'newReviewer'
  | 'about'
  | 'import'
  | 'importPdfs'
  | 'formBuilder'
  | 'convert'
  | 'export'
  | 'studyHistory'
  | 'reviewHistory';

export interface ReviewSlice {
  appInfo: AppInfo | null;
  review: ReviewInfo | null;
  recent: RecentReview[];
  files: ReviewFileEntry[];
  loadApp(): Promise<void>;
  refreshReviewLists(): Promise<void>;
  createReview(title: string): Promise<void>;
  /** A new review from a RevMan 5 file (.rm5), opened; says what it holds. */
  createReviewFromRevMan(file: File): Promise<void>;
  openReview(path: string): Promise<void>;
  closeReview(): Promise<void>;
  saveCopy(path: string): Promise<string>;
  /** What merging a reviewer's work from a copy would do (the copy's reviewers without `reviewer`). */
  previewMerge(path: string, reviewer?: string): Promise<ResponseOf<'review:mergePreview'>>;
  /** Merges the reviewer's work from the copy, all or nothing, and shows it. */
  commitMerge(path: string, reviewer: string, passcode?: string): Promise<ResponseOf<'review:mergeCommit'>>;
  /** Shows the review an open, create or close answered with; `created`: a new, empty review. */
  reviewChanged(review: ReviewInfo | null, options?: { created?: boolean }): Promise<void>;
  /** A `review:changed` event: another window's (or the native menu's) open, create or close. */
  reviewEvent(review: ReviewInfo | null): Promise<void>;
}

export interface ReviewersSlice {
  reviewers: Reviewer[];
  currentReviewerId: string | null;
  refreshReviewers(): Promise<void>;
  createReviewer(name: string, passcode?: string): Promise<void>;
  /** Switches this window's reviewer; a reviewer with a passcode needs it (else "passcode_required"). */
  setCurrentReviewer(id: string, passcode?: string): Promise<void>;
}

export interface StudiesSlice {
  /** Every study of the review, in the backend's order (loaded once, then patched from events). */
  allStudies: StudyRow[];
  /** The studies the library shows: allStudies filtered and sorted. */
  studies: StudyRow[];
  filter: string;
  /** Only the studies with this status (the current reviewer's), or all. */
  statusFilter: StatusFilter;
  sort: StudySort;
  selectedStudyId: string | null;
  selectedStudy: StudyDetail | null;
  /** Loads every study's row again (a review opened, the reviewer changed, an import). */
  refreshStudies(): Promise<void>;
  /** A `studies:changed` event: fetches only the rows it names, or everything when it names none. */
  studiesChanged(change: EventMap['studies:changed']): Promise<void>;
  setFilter(filter: string): Promise<void>;
  setStatusFilter(status: StatusFilter): Promise<void>;
  /** Sorts by a column (again: the other way round), or back to the library's own order with null. */
  setSort(key: SortKey | null): void;
  selectStudy(id: string | null): Promise<void>;
  moveSelection(delta: number): Promise<void>;
  addStudy(input: {
    title: string;
    authors: string[];
    year: number | null;
    journal: string;
    abstract: string;
  }): Promise<void>;
  /** Attaches a PDF file to the selected study; resolves to the stored document's SHA-256. */
  attachPdf(file: File, password?: string): Promise<string>;
  /** Replaces a PDF of the selected study with a new version, moving its highlights. */
  replacePdf(oldSha256: string, file: File): Promise<{ sha256: string; moved: number; orphaned: number }>;
  /** A stored PDF's bytes (fetched once, then kept while the app runs). */
  pdfDocument(sha256: string): Promise<ResponseOf<'document:get'>>;
}

export interface UiSlice {
  dialog: DialogName | null;
  /** A reference file dropped on the library, waiting for the import dialog. */
  pendingImportFile: File | null;
  importFile(file: File): void;
  /** The copy chosen in the native menu's file dialog, waiting for the merge dialog. */
  pendingMergePath: string | null;
  mergeFrom(path: string): void;
  /** Counts requests (from the menu) to open the reader's PDF file chooser. */
  /** The outcome cell the convert dialog writes into. */
  convertTarget: {
    outcomeId: string;
    timepointId: string;
    armId: string | null;
    component: string;
    label: string;
    /**
     * Converting a value entered at reconciliation: the result decides the consensus of the cells
     * named here (component -> cell key), prefilled from the consensus as it stands, with the note.
     */
    consensus?: { studyId: string; keys: Record<string, string>; values: Record<string, number>; note: string };
  } | null;
  openConvert(target: NonNullable<UiSlice['convertTarget']>): void;
  attachPdfRequests: number;
  requestAttachPdf(): void;
  /** The message shown over the workbench; `seq` tells one message from the next with the same text. */
  notice: { kind: 'error' | 'info'; text: string; detail?: string; seq: number } | null;
  openDialog(dialog: DialogName): void;
  closeDialog(): void;
  /** Shows a message; `detail` (a technical cause) is available on request. */
  showNotice(kind: 'error' | 'info', text: string, detail?: string): void;
  clearNotice(): void;
}

export interface HighlightsSlice {
  /** The selected study's highlights, re-anchored by the backend. */
  highlights: Highlight[];
  /** The highlight the reader should scroll to and flash. */
  focusedHighlightId: string | null;
  loadHighlights(studyId: string | null): Promise<void>;
  createHighlight(input: {
    documentSha256: string;
    page: number | null;
    start: number;
    end: number;
  }): Promise<Highlight>;
  /** Deletes one of this reviewer's highlights; `confirm` is asked when it feeds values. */
  deleteHighlight(id: string, confirm: (question: string) => boolean): Promise<void>;
  focusHighlight(id: string | null): void;
}

export interface ExtractionSlice {
  form: ExtractionForm | null;
  /** The current reviewer's extraction of the selected study; null without a reviewer or study. */
  extraction: StudyExtraction | null;
  /** Why extraction is unavailable (no reviewer chosen), when it is. */
  extractionProblem: string | null;
  /** The last refused write per cell (targetKey -> reason), shown beside the field. */
  fieldErrors: Record<string, string>;
  /** Forgets a refused value's reason (the reviewer gave up the value with Escape). */
  clearFieldError(key: string): void;
  loadForm(): Promise<void>;
  editForm(edit: FormEdit): Promise<void>;
  loadExtraction(studyId: string | null): Promise<void>;
  /** Writes values (all or nothing); a refusal is shown beside each target and rethrown. */
  writeValues(writes: ValueWrite[]): Promise<void>;
  /**
   * Highlights a selection and writes the values read from it, in one request and one transaction;
   * a refusal is shown beside each target and rethrown, and leaves no highlight.
   */
  mapSelection(
    selection: { documentSha256: string; page: number | null; start: number; end: number },
    writes: { target: ValueTarget; value: CellValue; provenance: { rawText: string; reading: unknown } }[],
  ): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  setStatus(status: ExtractionStatus): Promise<void>;
  addArm(label: string): Promise<void>;
  renameArm(armId: string, label: string): Promise<void>;
  /** Removes an arm from the selected study; its values are kept, archived. */
  removeArm(armId: string): Promise<void>;
}

export type AppState = ReviewSlice &
  ReviewersSlice &
  StudiesSlice &
  HighlightsSlice &
  ExtractionSlice &
  UiSlice & { api: Api };

export type Slice<T> = StateCreator<AppState, [], [], T>;
