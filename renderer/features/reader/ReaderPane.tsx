// The reader: the selected study's citation and abstract, with highlights and marks on PDF-damaged
// values. Selecting text and choosing "Highlight selection" (or pressing H) stores a highlight.
// Layer: renderer.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../../store';
import { useAction } from '../../ui/useAction';
import { selectionWithin } from './selection';
import { TextDocument } from './TextDocument';

/** Each reviewer's colour: their place in the reviewer list, five colours in turn. */
export function useReviewerColour(): (reviewerId: string | null) => number {
  const reviewers = useApp((s) => s.reviewers);
  return useCallback(
    (reviewerId) => {
      const index = reviewers.findIndex((r) => r.id === reviewerId);
      return index === -1 ? 5 : index % 5;
    },
    [reviewers],
  );
}

export function ReaderPane() {
  const study = useApp((s) => s.selectedStudy);
  const highlights = useApp((s) => s.highlights);
  const focusedHighlightId = useApp((s) => s.focusedHighlightId);
  const createHighlight = useApp((s) => s.createHighlight);
  const colourOf = useReviewerColour();
  const run = useAction();
  const abstractRef = useRef<HTMLElement | null>(null);
  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);

  useEffect(() => {
    const onChange = () => setSelection(selectionWithin(abstractRef.current));
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, []);

  const highlightSelection = useCallback(async () => {
    const current = selectionWithin(abstractRef.current);
    if (!current || !study?.abstract) return;
    await run(() => createHighlight({ documentSha256: study.abstract!.sha256, page: null, ...current }));
    window.getSelection()?.removeAllRanges();
  }, [study, createHighlight, run]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'h' || e.ctrlKey || e.metaKey || e.altKey) return;
      if ((e.target as HTMLElement).closest('input, textarea, select, dialog')) return;
      if (!selectionWithin(abstractRef.current)) return;
      e.preventDefault();
      void highlightSelection();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [highlightSelection]);

  if (!study) {
    return (
      <section className="reader empty" aria-label="Reader">
        <p className="muted">Select a study to read it.</p>
      </section>
    );
  }
  const primary = study.reports.find((r) => r.isPrimary) ?? study.reports[0];
  const abstractHighlights = highlights.filter((h) => h.documentSha256 === study.abstract?.sha256 && h.page === null);
  return (
    <section className="reader" aria-label="Reader">
      <header className="reader-head">
        <h2>{study.title}</h2>
        <p className="citation">
          {primary && primary.authors.length > 0 ? primary.authors.join(', ') : 'Authors not recorded'}
          {primary?.journal ? ` · ${primary.journal}` : ''}
          {study.year ? ` · ${study.year}` : ''}
        </p>
        <div className="reader-tools">
          <button
            type="button"
            disabled={!selection || !study.abstract}
            onClick={() => void highlightSelection()}
            title="Highlight the selected text (H)"
          >
            Highlight selection
          </button>
        </div>
      </header>
      {study.abstract ? (
        <TextDocument
          text={study.abstract.text}
          highlights={abstractHighlights}
          colourOf={colourOf}
          focusedHighlightId={focusedHighlightId}
          label="Abstract"
          rootRef={abstractRef}
        />
      ) : (
        <p className="muted">This study has no abstract.</p>
      )}
    </section>
  );
}
