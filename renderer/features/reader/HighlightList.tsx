// The study's highlights beside the reader: each reviewer's in their colour, orphaned ones (whose
// text could not be found again) kept and flagged, a click scrolls the reader to it. Layer: renderer.
import type { Highlight, Reviewer } from '../../../shared/model/types';
import { useApp } from '../../store';
import { useAction } from '../../ui/useAction';
import { describeTarget } from '../../../shared/extraction/rules';

export function HighlightList(props: { colourOf: (reviewerId: string | null) => number }) {
  const highlights = useApp((s) => s.highlights);
  const reviewers = useApp((s) => s.reviewers);
  const focusHighlight = useApp((s) => s.focusHighlight);
  const deleteHighlight = useApp((s) => s.deleteHighlight);
  const study = useApp((s) => s.selectedStudy);
  const form = useApp((s) => s.form);
  const extraction = useApp((s) => s.extraction);
  const fed = (highlightId: string) =>
    form && extraction
      ? extraction.values
          .filter((v) => v.provenance?.highlightId === highlightId)
          .map((v) => describeTarget(form, extraction.arms, v.target, { component: true }))
      : [];
  const run = useAction();
  const nameOf = (id: string | null) => reviewers.find((r: Reviewer) => r.id === id)?.name ?? 'No reviewer';
  const where = (h: Highlight) => {
    if (h.page === null) return 'Abstract';
    const doc = study?.documents.find((d) => d.sha256 === h.documentSha256);
    return `${doc?.fileName ? `${doc.fileName}, ` : ''}page ${h.page}`;
  };
  return (
    <section className="highlights" aria-label="Highlights">
      {highlights.length === 0 && <p className="muted">Select text in the reader, then choose Highlight selection.</p>}
      <ul className="highlight-list">
        {highlights.map((h) => (
          <li key={h.id} className={h.anchored ? '' : 'orphaned'}>
            <button
              type="button"
              className="highlight-item"
              onClick={() => focusHighlight(h.id)}
              disabled={!h.anchored}
              aria-label={`Go to highlight “${h.exact}”${h.anchored ? '' : ' (orphaned)'}`}
            >
              <span className={`swatch hl-${props.colourOf(h.reviewerId)}`} aria-hidden="true" />
              <span className="quote">{h.exact}</span>
            </button>
            <span className="meta">
              {where(h)} · {nameOf(h.reviewerId)}
              {!h.anchored && <strong> · orphaned: its text was not found in this version</strong>}
            </span>
            {fed(h.id).length > 0 && <span className="meta fed">Fed: {fed(h.id).join('; ')}</span>}
            <button
              type="button"
              className="link small"
              aria-label={`Delete highlight “${h.exact}”`}
              onClick={() => void run(() => deleteHighlight(h.id, (question) => window.confirm(question)))}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
