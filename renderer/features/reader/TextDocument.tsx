// A text document in the reader (a pasted or imported abstract) with the study's highlights in each
// reviewer's colour and spans of PDF-damaged text (a "6" that was "±") marked so the reviewer checks
// them. The text is rendered unchanged so selections map to offsets. Layer: renderer.
import { useEffect, useMemo, type RefObject } from 'react';
import { recognise } from '../../../shared/parse/recognise';
import type { Highlight } from '../../../shared/model/types';
import { splitIntoRuns, type TextMark } from './segments';

/** Spans whose reading needed a repair of PDF symbol-font damage, or that are ambiguous. */
export function damageMarks(text: string): TextMark[] {
  return recognise(text)
    .filter((s) => s.kind === 'ambiguous' || s.warnings.some((w) => /damaged/.test(w)))
    .map((s) => ({
      start: s.start,
      end: s.end,
      className: 'damaged',
      title:
        s.kind === 'ambiguous' ? `Ambiguous: ${s.warnings.join('; ')}` : `Check this value: ${s.warnings.join('; ')}`,
    }));
}

export function TextDocument(props: {
  text: string;
  highlights: Highlight[];
  colourOf: (reviewerId: string | null) => number;
  focusedHighlightId: string | null;
  label: string;
  /** The element selections are measured against. */
  rootRef: RefObject<HTMLElement | null>;
}) {
  const { text, highlights, colourOf, focusedHighlightId, label, rootRef } = props;
  const damage = useMemo(() => damageMarks(text), [text]);
  const marks = useMemo<TextMark[]>(
    () => [
      ...damage,
      ...highlights
        .filter((h) => h.anchored)
        .map((h) => ({
          start: h.anchored!.start,
          end: h.anchored!.end,
          className: `hl hl-${colourOf(h.reviewerId)}`,
          title: `Highlight: “${h.exact}”`,
          highlightId: h.id,
        })),
    ],
    [damage, highlights, colourOf],
  );
  const runs = useMemo(() => splitIntoRuns(text.length, marks), [text, marks]);

  useEffect(() => {
    if (!focusedHighlightId) return;
    const target = rootRef.current?.querySelector(`[data-highlight-id="${focusedHighlightId}"]`);
    if (target) {
      target.scrollIntoView({ block: 'center', behavior: 'smooth' });
      target.classList.add('flash');
      const timer = setTimeout(() => target.classList.remove('flash'), 1200);
      return () => clearTimeout(timer);
    }
  }, [focusedHighlightId, runs, rootRef]);

  return (
    <article className="abstract" aria-label={label} ref={rootRef} tabIndex={0}>
      {runs.map((run) => {
        let node: React.ReactNode = text.slice(run.start, run.end);
        for (const mark of run.marks) {
          node = (
            <span className={mark.className} title={mark.title} data-highlight-id={mark.highlightId}>
              {node}
            </span>
          );
        }
        return <span key={run.start}>{node}</span>;
      })}
    </article>
  );
}
