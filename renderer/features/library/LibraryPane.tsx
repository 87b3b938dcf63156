// The library: every study with first author (or "No author"), year, title (two lines) and the
// current reviewer's status, a filter box, filters by status and by reconciliation, sorting by column,
// and Up/Down/PageUp/PageDown/Home/End to move through the list.
// The list is virtualised (@tanstack/react-virtual): only the rows in view, and a few around them,
// are in the page, so 50,000 studies cost what 40 do; the listbox keeps its options' position in
// the whole list (aria-setsize, aria-posinset). Layer: renderer.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { EXTRACTION_STATUSES, type ExtractionStatus } from '../../../shared/model/types';
import { useApp } from '../../store';
import type { SortKey, StatusFilter } from '../../store/studyList';
import { useAction } from '../../ui/useAction';
import {
  RECONCILE_FILTERS,
  describeStatuses,
  matchesFilter,
  useReconcileOverview,
  type ReconcileFilter,
} from '../reconcile/useReconcileOverview';

/** Height of one study row in pixels: two lines of title (the .study-row rule in ui/styles.css). */
const ROW_HEIGHT = 44;
/** Rows PageUp and PageDown move by. */
const PAGE_ROWS = 10;

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'author', label: 'Author' },
  { key: 'year', label: 'Year' },
  { key: 'title', label: 'Title' },
  { key: 'status', label: 'Status' },
];

export const STATUS_LABELS: Record<ExtractionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
};

export function LibraryPane() {
  const allStudies = useApp((s) => s.studies);
  const allCount = useApp((s) => s.allStudies.length);
  const reviewers = useApp((s) => s.reviewers);
  const overview = useReconcileOverview();
  const [reconcileFilter, setReconcileFilter] = useState<ReconcileFilter>('all');
  const studies = useMemo(
    () =>
      reconcileFilter === 'all'
        ? allStudies
        : allStudies.filter((s) => matchesFilter(overview.get(s.id), reconcileFilter)),
    [allStudies, overview, reconcileFilter],
  );
  const nameOf = (id: string) => reviewers.find((r) => r.id === id)?.name ?? '?';
  // The Reconcile column appears once some study has a reviewer's status to show; until then its room
  // goes to the titles.
  const showReconcile = useMemo(
    () => [...overview.values()].some((s) => s.ready || describeStatuses(s, () => '?')),
    [overview],
  );
  const filter = useApp((s) => s.filter);
  const setFilter = useApp((s) => s.setFilter);
  const statusFilter = useApp((s) => s.statusFilter);
  const setStatusFilter = useApp((s) => s.setStatusFilter);
  const sort = useApp((s) => s.sort);
  const setSort = useApp((s) => s.setSort);
  const selectedId = useApp((s) => s.selectedStudyId);
  const selectStudy = useApp((s) => s.selectStudy);
  const moveSelection = useApp((s) => s.moveSelection);
  const openDialog = useApp((s) => s.openDialog);
  const importFile = useApp((s) => s.importFile);
  const run = useAction();
  const listRef = useRef<HTMLUListElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: studies.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The same function until the rows change: a new one makes the virtualiser re-measure every row.
    getItemKey: useCallback((index: number) => studies[index]!.id, [studies]),
  });
  const selectedIndex = selectedId ? studies.findIndex((s) => s.id === selectedId) : -1;

  // Keep the selected study in view (and so in the page, for aria-activedescendant).
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (e: KeyboardEvent) => {
    const delta = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_ROWS, PageUp: -PAGE_ROWS }[e.key];
    if (delta !== undefined) {
      e.preventDefault();
      void run(() => moveSelection(delta));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      void run(() => moveSelection(e.key === 'Home' ? -studies.length : studies.length));
    }
  };

  return (
    <section
      className={showReconcile ? 'library' : 'library no-reconcile'}
      aria-label="Library"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const file = [...e.dataTransfer.files].find((f) => !f.name.toLowerCase().endsWith('.pdf'));
        if (!file) return;
        e.preventDefault();
        importFile(file);
      }}
    >
      <div className="library-tools">
        <input
          type="search"
          aria-label="Filter studies"
          placeholder="Filter by author, year or title"
          value={filter}
          onChange={(e) => void run(() => setFilter(e.target.value))}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              listRef.current?.focus();
            }
          }}
        />
        <button type="button" onClick={() => openDialog('addStudy')}>
          Add study…
        </button>
        <button type="button" onClick={() => openDialog('import')}>
          Import…
        </button>
      </div>
      <div className="library-filters">
        <select
          aria-label="Filter by status"
          value={statusFilter}
          onChange={(e) => void run(() => setStatusFilter(e.target.value as StatusFilter))}
        >
          <option value="all">Any status</option>
          {EXTRACTION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        <select
          aria-label="Show studies"
          value={reconcileFilter}
          onChange={(e) => setReconcileFilter(e.target.value as ReconcileFilter)}
        >
          {Object.entries(RECONCILE_FILTERS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="study-header" role="group" aria-label="Sort studies">
        {COLUMNS.map((column) => {
          const active = sort?.key === column.key;
          return (
            <button
              key={column.key}
              type="button"
              aria-label={`Sort by ${column.label.toLowerCase()}`}
              aria-pressed={active}
              onClick={() => setSort(active && sort.descending ? null : column.key)}
            >
              {column.label}
              {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
            </button>
          );
        })}
        {showReconcile && <span>Reconcile</span>}
      </div>
      <div ref={scrollRef} className="study-scroll">
        <ul
          ref={listRef}
          role="listbox"
          aria-label="Studies"
          tabIndex={0}
          className="study-list"
          style={{ height: virtualizer.getTotalSize() }}
          aria-activedescendant={selectedIndex >= 0 ? `study-${selectedId}` : undefined}
          onKeyDown={onKeyDown}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const s = studies[item.index]!;
            return (
              <li
                key={s.id}
                id={`study-${s.id}`}
                role="option"
                aria-selected={s.id === selectedId}
                aria-setsize={studies.length}
                aria-posinset={item.index + 1}
                className="study-row"
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => void run(() => selectStudy(s.id))}
              >
                {s.firstAuthor ? (
                  <span className="author">{s.firstAuthor}</span>
                ) : (
                  <span className="author no-author">No author</span>
                )}
                <span className="year">{s.year ?? ''}</span>
                <span className="title" title={s.title}>
                  {s.title}
                </span>
                <span className={`status status-${s.status}`}>{STATUS_LABELS[s.status]}</span>
                {showReconcile && <ReconcileCell status={overview.get(s.id)} nameOf={nameOf} />}
              </li>
            );
          })}
        </ul>
      </div>
      <div className="library-footer">
        <p className="library-count" aria-live="polite">
          {statusFilter !== 'all' || reconcileFilter !== 'all'
            ? `${studies.length} of ${allCount} shown${filter ? ` matching “${filter}”` : ''}`
            : filter
              ? `${studies.length} matching “${filter}”`
              : `${studies.length} ${studies.length === 1 ? 'study' : 'studies'}`}
        </p>
        <span className="history-links">
          <button type="button" className="link" disabled={!selectedId} onClick={() => openDialog('studyHistory')}>
            Study history
          </button>
          <button type="button" className="link" onClick={() => openDialog('reviewHistory')}>
            Review history
          </button>
        </span>
      </div>
    </section>
  );
}

function ReconcileCell(props: {
  status: ReturnType<ReturnType<typeof useReconcileOverview>['get']>;
  nameOf: (id: string) => string;
}) {
  const { status } = props;
  const who = describeStatuses(status, props.nameOf);
  const state = !status?.ready
    ? ''
    : status.consensusComplete
      ? 'Consensus complete'
      : status.differences === null
        ? 'Ready'
        : `${status.differences} to decide`;
  return (
    <span className="reconcile-status" title={who}>
      <span className="who">{who}</span>
      {state && <span className="state">{state}</span>}
    </span>
  );
}
