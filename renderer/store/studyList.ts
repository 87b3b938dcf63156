// The library's rows as the reviewer sees them: every study of the review is loaded once (lean rows,
// one request, sent as columns), then filtered and sorted here in memory, so typing in the filter or sorting 50,000
// studies costs one pass (and one sort per order, kept until the rows change) and no request. A
// `studies:changed` event that names its studies replaces just those rows (upsertRows).
// Part of the studies slice. Layer: renderer (pure functions, no DOM).
import { EXTRACTION_STATUSES, type ExtractionStatus, type StudyColumns, type StudyRow } from '../../shared/model/types';

export type SortKey = 'author' | 'year' | 'title' | 'status';

/** null: the backend's order (first author, then year, then when added). */
export type StudySort = { key: SortKey; descending: boolean } | null;

const STATUS_ORDER: Record<ExtractionStatus, number> = { not_started: 0, in_progress: 1, complete: 2 };

const searchKeys = new WeakMap<StudyRow, string>();

/** What the filter searches: first author, year, title and label, lower-cased, computed once per row. */
function searchKey(row: StudyRow): string {
  let key = searchKeys.get(row);
  if (key === undefined) {
    key = `${row.firstAuthor ?? ''}\n${row.year ?? ''}\n${row.title}\n${row.label}`.toLowerCase();
    searchKeys.set(row, key);
  }
  return key;
}

/**
 * Computes the filter's search keys a few thousand rows at a time, between other work, so the first
 * filter typed over 50,000 studies does not pay for all of them in one task.
 */
export function warmSearchKeys(rows: readonly StudyRow[], slice = 5_000): void {
  let next = 0;
  const step = () => {
    const end = Math.min(rows.length, next + slice);
    for (; next < end; next++) searchKey(rows[next]!);
    if (next < rows.length) setTimeout(step, 0);
  };
  setTimeout(step, 0);
}

/** The rows of `study:columns`' answer, in its order. */
export function rowsFromColumns(columns: StudyColumns): StudyRow[] {
  const rows = new Array<StudyRow>(columns.ids.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = {
      id: columns.ids[i]!,
      label: columns.labels[i]!,
      firstAuthor: columns.firstAuthors[i] ?? null,
      year: columns.years[i] ?? null,
      title: columns.titles[i]!,
      status: EXTRACTION_STATUSES[columns.statuses[i]!] ?? 'not_started',
    };
  }
  return rows;
}

/** The backend's order, for placing a row that was added after the list was loaded. */
function compareDefault(a: StudyRow, b: StudyRow): number {
  const authorA = (a.firstAuthor ?? a.label).toLowerCase();
  const authorB = (b.firstAuthor ?? b.label).toLowerCase();
  if (authorA !== authorB) return authorA < authorB ? -1 : 1;
  // SQLite sorts NULL first.
  return (a.year ?? -Infinity) - (b.year ?? -Infinity);
}

function sortValue(row: StudyRow, key: SortKey): string | number {
  switch (key) {
    case 'author':
      return (row.firstAuthor ?? row.label).toLowerCase();
    case 'year':
      return row.year ?? -Infinity;
    case 'title':
      return row.title.toLowerCase();
    case 'status':
      return STATUS_ORDER[row.status];
  }
}

const sorted = new WeakMap<readonly StudyRow[], Map<string, StudyRow[]>>();

/** The rows in the chosen order (ties keep the backend's order), cached per row list and order. */
export function sortRows(rows: readonly StudyRow[], sort: StudySort): readonly StudyRow[] {
  if (!sort) return rows;
  const name = `${sort.key}:${sort.descending ? 'desc' : 'asc'}`;
  let byOrder = sorted.get(rows);
  const cached = byOrder?.get(name);
  if (cached) return cached;
  const values = rows.map((row) => sortValue(row, sort.key));
  const direction = sort.descending ? -1 : 1;
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    const a = values[i]!;
    const b = values[j]!;
    return a === b ? i - j : (a < b ? -1 : 1) * direction;
  });
  const result = order.map((i) => rows[i]!);
  if (!byOrder) sorted.set(rows, (byOrder = new Map()));
  byOrder.set(name, result);
  return result;
}

/** Which statuses the library shows: all, or the current reviewer's one status. */
export type StatusFilter = ExtractionStatus | 'all';

/**
 * The rows whose author, year, title or label contains the filter (case-insensitive) and whose
 * status is the one chosen, in order.
 */
export function visibleRows(
  rows: readonly StudyRow[],
  filter: string,
  sort: StudySort,
  status: StatusFilter = 'all',
): StudyRow[] {
  const ordered = sortRows(rows, sort);
  const needle = filter.trim().toLowerCase();
  if (!needle && status === 'all') return ordered as StudyRow[];
  return ordered.filter(
    (row) => (status === 'all' || row.status === status) && (!needle || searchKey(row).includes(needle)),
  );
}

/**
 * The list after the studies `ids` changed: each id's row replaced by its fresh row, added in the
 * backend's order when it is new, or removed when the backend no longer lists it. A new array, so
 * caches keyed by the old one are not reused; rows that did not change are the same objects.
 */
export function upsertRows(rows: readonly StudyRow[], ids: readonly string[], fresh: readonly StudyRow[]): StudyRow[] {
  const freshById = new Map(fresh.map((row) => [row.id, row]));
  const changed = new Set(ids);
  const next: StudyRow[] = [];
  for (const row of rows) {
    if (!changed.has(row.id)) next.push(row);
    else {
      const replacement = freshById.get(row.id);
      if (replacement) next.push(replacement);
      freshById.delete(row.id);
    }
  }
  for (const row of freshById.values()) {
    // After the last row that sorts before or with it: the newest of equals goes last, as in the backend.
    let low = 0;
    let high = next.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareDefault(next[mid]!, row) <= 0) low = mid + 1;
      else high = mid;
    }
    next.splice(low, 0, row);
  }
  return next;
}
