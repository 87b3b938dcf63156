// The new records of a reference import, listed before anything is written: line, first author,
// year and title. Virtualised (@tanstack/react-virtual), since a search export can hold 50,000
// records: only the rows in view are in the page, and the list keeps each row's place in the whole
// (aria-rowcount, aria-rowindex). The preview lists the first records; the rest come a page at a
// time on request. Layer: renderer.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ImportRecordSummary } from '../../../shared/model/imports';

/** Height of one row in pixels (the .new-record rule in ui/styles.css). */
const ROW_HEIGHT = 24;

export function NewRecordsList(props: {
  records: readonly ImportRecordSummary[];
  /** How many new records the file has; more than `records` when only the first are listed. */
  total?: number | undefined;
  /** Lists the next page of them. */
  onMore?: (() => void) | undefined;
  busy?: boolean | undefined;
}) {
  const { records, onMore, busy } = props;
  const total = Math.max(props.total ?? records.length, records.length);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  if (records.length === 0) return null;
  return (
    <div className="new-records">
      <h3 className="small-heading">
        New records ({total.toLocaleString()}
        {records.length < total ? `; the first ${records.length.toLocaleString()} listed` : ''})
      </h3>
      <div
        ref={scrollRef}
        className="new-records-scroll"
        role="table"
        aria-label="New records"
        aria-rowcount={records.length + 1}
        tabIndex={0}
      >
        <div role="rowgroup">
          <div role="row" className="new-record new-record-head" aria-rowindex={1}>
            <span role="columnheader">Line</span>
            <span role="columnheader">Author</span>
            <span role="columnheader">Year</span>
            <span role="columnheader">Title</span>
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = records[item.index]!;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className="new-record"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <span role="cell">{r.line}</span>
                <span role="cell">{r.authors[0] ?? <em className="muted">No author</em>}</span>
                <span role="cell">{r.year ?? ''}</span>
                <span role="cell" title={r.title}>
                  {r.title}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {records.length < total && onMore && (
        <button type="button" className="list-more" disabled={busy} onClick={onMore}>
          List more new records ({(total - records.length).toLocaleString()} not listed)
        </button>
      )}
    </div>
  );
}
