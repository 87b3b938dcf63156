// The library: every study with first author, year, title and the current reviewer's status, a
// filter box, and Up/Down to move through the list. Layer: renderer.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ExtractionStatus } from '../../../shared/model/types';
import { useApp } from '../../store';
import { useAction } from '../../ui/useAction';
import {
  RECONCILE_FILTERS,
  describeStatuses,
  matchesFilter,
  useReconcileOverview,
  type ReconcileFilter,
} from '../reconcile/useReconcileOverview';

export const STATUS_LABELS: Record<ExtractionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
};

export function LibraryPane() {
  const allStudies = useApp((s) => s.studies);
  const reviewers = useApp((s) => s.reviewers);
  const overview = useReconcileOverview();
  const [reconcileFilter, setReconcileFilter] = useState<ReconcileFilter>('all');
  const studies = allStudies.filter((s) => matchesFilter(overview.get(s.id), reconcileFilter));
  const nameOf = (id: string) => reviewers.find((r) => r.id === id)?.name ?? '?';
  const filter = useApp((s) => s.filter);
  const setFilter = useApp((s) => s.setFilter);
  const selectedId = useApp((s) => s.selectedStudyId);
  const selectStudy = useApp((s) => s.selectStudy);
  const moveSelection = useApp((s) => s.moveSelection);
  const openDialog = useApp((s) => s.openDialog);
  const importFile = useApp((s) => s.importFile);
  const run = useAction();
  const listRef = useRef<HTMLUListElement>(null);
  const [draft, setDraft] = useState(filter);

  useEffect(() => setDraft(filter), [filter]);
  // Filter as the reviewer types, without a query per keystroke.
  useEffect(() => {
    if (draft === filter) return;
    const timer = setTimeout(() => void run(() => setFilter(draft)), 120);
    return () => clearTimeout(timer);
  }, [draft, filter, setFilter, run]);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const onKeyDown = (e: KeyboardEvent) => {
    const delta = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
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
      className="library"
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
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
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
      <div className="study-header" aria-hidden="true">
        <span>Author</span>
        <span>Year</span>
        <span>Title</span>
        <span>Status</span>
        <span>Reconcile</span>
      </div>
      <ul
        ref={listRef}
        role="listbox"
        aria-label="Studies"
        tabIndex={0}
        className="study-list"
        aria-activedescendant={selectedId ? `study-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
      >
        {studies.map((s) => (
          <li
            key={s.id}
            id={`study-${s.id}`}
            role="option"
            aria-selected={s.id === selectedId}
            className="study-row"
            onClick={() => void run(() => selectStudy(s.id))}
          >
            <span className="author">{s.firstAuthor ?? '—'}</span>
            <span className="year">{s.year ?? ''}</span>
            <span className="title" title={s.title}>
              {s.title}
            </span>
            <span className={`status status-${s.status}`}>{STATUS_LABELS[s.status]}</span>
            <ReconcileCell status={overview.get(s.id)} nameOf={nameOf} />
          </li>
        ))}
      </ul>
      <p className="library-count" aria-live="polite">
        {filter
          ? `${studies.length} matching “${filter}”`
          : `${studies.length} ${studies.length === 1 ? 'study' : 'studies'}`}
      </p>
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
