// A PDF in the reader: opened from its URL in ranges, pages rendered as they come near the view and
// released when they go far from it, zoom (re-rendering only the pages near the view), page
// navigation, Find over the stored page text in the backend (ligatures, case and line-end
// hyphenation aside; previous/next; the current hit marked apart; Ctrl+F focuses it), the study's
// highlights on their pages, PDF-damaged values marked where the text reads as words, and a note on
// pages without usable text. Reports the selection (page and offsets in the page text) upward. ] and [
// (or Alt+↓ and Alt+↑) select the next or previous recognised statistic in the whole document (read
// from the stored page text), scrolling its page into view.
// Layer: renderer.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { readsAsWords, unusablePagesNote } from '../../../../shared/anchor/textQuality';
import type { Highlight, PdfFindResult } from '../../../../shared/model/types';
import { useKeys } from '../../../ui/keys';
import { sentenceAround, statisticStops, stepStop, type Stop } from '../statisticStops';
import { explainPdfError, type ExplainedPdfError } from '../../../../shared/pdf/pdfErrors';
import { damageMarks } from '../TextDocument';
import { openPdf, type PdfSource } from './pdfjs';
import { PdfPage, type PageOverlay } from './PdfPage';
import { pdfSelection, type RenderedText } from './textLayer';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
/** How long typing pauses before Find asks the backend. */
const FIND_DELAY_MS = 150;
const NO_OVERLAYS: readonly PageOverlay[] = [];

export interface PdfSelection {
  page: number;
  start: number;
  end: number;
  /** The selected part of the page text. */
  text: string;
  /** The sentence around it in the page text. */
  context: string;
}

type Hit = PdfFindResult['hits'][number];

/** Same overlays as before (by key, place and look): keep the old array, so the page is not re-measured. */
function sameOverlays(a: readonly PageOverlay[], b: readonly PageOverlay[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (o, i) =>
        o.key === b[i]!.key &&
        o.start === b[i]!.start &&
        o.end === b[i]!.end &&
        o.className === b[i]!.className &&
        o.title === b[i]!.title,
    )
  );
}

let viewers = 0;

/** A DOM range over characters [start, end) of a page's text in its text layer (gaps between items skipped). */
function rangeInLayer(text: RenderedText, stop: Stop): Range | null {
  let first = -1;
  let last = -1;
  text.spans.forEach((span, index) => {
    if (!span?.firstChild) return;
    const itemStart = text.itemStarts[index]!;
    const itemEnd = itemStart + (span.firstChild.textContent?.length ?? 0);
    if (itemEnd <= stop.start || itemStart >= stop.end) return;
    if (first === -1) first = index;
    last = index;
  });
  if (first === -1) return null;
  const startNode = text.spans[first]!.firstChild!;
  const endNode = text.spans[last]!.firstChild!;
  const range = document.createRange();
  range.setStart(startNode, Math.max(0, stop.start - text.itemStarts[first]!));
  range.setEnd(endNode, Math.min(endNode.textContent?.length ?? 0, stop.end - text.itemStarts[last]!));
  return range;
}

export function PdfViewer(props: {
  source: PdfSource;
  pageCount: number;
  unusablePages: readonly number[];
  label: string;
  highlights: Highlight[];
  colourOf: (reviewerId: string | null) => number;
  focusedHighlightId: string | null;
  onSelection: (selection: PdfSelection | null) => void;
  find: (query: string, searchId: string) => Promise<PdfFindResult>;
  /** The stored text of every page, for moving through its statistics. */
  pages: () => Promise<string[]>;
}) {
  const { source, label, highlights, colourOf, focusedHighlightId, onSelection, find } = props;
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<ExplainedPdfError | null>(null);
  const [baseSize, setBaseSize] = useState({ width: 612, height: 792 });
  const [scale, setScale] = useState(1.25);
  const [visible, setVisible] = useState<ReadonlySet<number>>(new Set([1]));
  const [currentPage, setCurrentPage] = useState(1);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; hits: Hit[]; truncated: boolean } | null>(null);
  const [hitIndex, setHitIndex] = useState(0);
  const [pageTexts, setPageTexts] = useState<ReadonlyMap<number, string>>(new Map());
  const renderedTexts = useRef(new Map<number, RenderedText>());
  const pagesRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<HTMLDivElement>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const searchId = useMemo(() => `pdf-viewer-${++viewers}`, []);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    setPdf(null);
    setError(null);
    renderedTexts.current.clear();
    void (async () => {
      try {
        const task = await openPdf(source);
        destroy = () => task.destroy();
        if (cancelled) return void destroy();
        const opened = await task.promise;
        const first = await opened.getPage(1);
        const viewport = first.getViewport({ scale: 1 });
        if (cancelled) return;
        setBaseSize({ width: viewport.width, height: viewport.height });
        // Open at the page width (within 50%–150%), so a two-column page is readable without scrolling sideways.
        const available = (viewerRef.current?.clientWidth ?? 0) - 44;
        if (available > 0) setScale(Math.min(1.5, Math.max(0.5, Math.floor((available / viewport.width) * 20) / 20)));
        setPdf(opened);
      } catch (e) {
        if (!cancelled)
          setError(e instanceof Error ? explainPdfError(e.name, e.message) : explainPdfError('', String(e)));
      }
    })();
    return () => {
      cancelled = true;
      void destroy?.();
    };
  }, [source]);

  // Pages within a screen of the view are rendered; the others are placeholders (and released).
  useEffect(() => {
    const root = pagesRef.current;
    if (!pdf || !root) return;
    const observer = new IntersectionObserver(
      (entries) => {
        setVisible((previous) => {
          const next = new Set(previous);
          for (const entry of entries) {
            const page = Number((entry.target as HTMLElement).dataset.page);
            if (entry.isIntersecting) next.add(page);
            else next.delete(page);
          }
          return next.size === previous.size && [...next].every((p) => previous.has(p)) ? previous : next;
        });
        const top = entries
          .filter((e) => e.isIntersecting && e.intersectionRect.height > 0)
          .sort((a, b) => a.boundingClientRect.top - b.boundingClientRect.top)[0];
        if (top) setCurrentPage(Number((top.target as HTMLElement).dataset.page));
      },
      { root, rootMargin: '100% 0px' },
    );
    root.querySelectorAll('[data-page]').forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [pdf]);

  const onText = useCallback((page: number, text: RenderedText | null) => {
    if (text) renderedTexts.current.set(page, text);
    else renderedTexts.current.delete(page);
    setPageTexts((previous) => {
      if (text ? previous.get(page) === text.text : !previous.has(page)) return previous;
      const next = new Map(previous);
      if (text) next.set(page, text.text);
      else next.delete(page);
      return next;
    });
  }, []);

  useEffect(() => {
    const onChange = () => {
      const selected = pdfSelection(pagesRef.current, renderedTexts.current);
      const page = selected && renderedTexts.current.get(selected.page)?.text;
      onSelection(selected && { ...selected, context: sentenceAround(page ?? '', selected.start, selected.end) });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [onSelection]);

  const goToPage = useCallback((page: number) => {
    pagesRef.current?.querySelector(`[data-page="${page}"]`)?.scrollIntoView({ block: 'start' });
  }, []);

  // Find: the backend searches the stored page text; a newer query supersedes the one running.
  useEffect(() => {
    if (!query.trim()) {
      setFound(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      find(query, searchId).then(
        (result) => {
          if (current && !result.superseded) {
            setFound({ query, hits: result.hits, truncated: result.truncated });
            setHitIndex(0);
          }
        },
        () => current && setFound({ query, hits: [], truncated: false }),
      );
    }, FIND_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, find, searchId]);

  const hits = useMemo(() => found?.hits ?? [], [found]);
  const currentHit = hits.length ? hits[Math.min(hitIndex, hits.length - 1)] : undefined;
  useEffect(() => {
    if (currentHit) goToPage(currentHit.page);
  }, [currentHit, goToPage]);
  const step = useCallback(
    (delta: number) => hits.length && setHitIndex((i) => (i + delta + hits.length) % hits.length),
    [hits.length],
  );

  // Ctrl+F (Cmd+F) focuses Find while a PDF is open.
  useKeys('reader', [
    {
      key: 'Mod+f',
      description: 'Find in the PDF',
      group: 'Reader',
      inFields: true,
      run: () => {
        if (!findRef.current) return false;
        findRef.current.focus();
        findRef.current.select();
      },
    },
  ]);

  // The recognised statistics of every page (read once from the stored page text), and the one
  // asked for, selected when its page's text layer is there.
  const stopsRef = useRef<Promise<Stop[][]> | null>(null);
  const lastStop = useRef<{ page: number; stop: Stop } | null>(null);
  const [pending, setPending] = useState<{ page: number; stop: Stop; label: string } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const { pages: loadPages } = props;
  const stepStatistic = useCallback(
    async (direction: 1 | -1) => {
      stopsRef.current ??= loadPages().then((texts) => texts.map((t) => statisticStops(t)));
      const all = await stopsRef.current;
      const current = pdfSelection(pagesRef.current, renderedTexts.current);
      const last = lastStop.current;
      // The statistic selected by the last step reads back from the text layer a little shorter (gaps
      // between text items): it is still that statistic.
      const overlapsLast =
        current && last && current.page === last.page && current.start < last.stop.end && current.end > last.stop.start;
      const place = current && !overlapsLast ? { page: current.page, stop: current } : last;
      const pageCount = all.length;
      let page = place?.page ?? (direction === 1 ? 1 : pageCount);
      let from: Stop | null = place?.stop ?? null;
      for (let steps = 0; steps < pageCount && page >= 1 && page <= pageCount; steps++) {
        const stops = all[page - 1] ?? [];
        const index = stepStop(stops, from, direction);
        if (index !== -1) {
          const stop = stops[index]!;
          lastStop.current = { page, stop };
          const total = all.reduce((n, list) => n + list.length, 0);
          const before = all.slice(0, page - 1).reduce((n, list) => n + list.length, 0);
          setPending({ page, stop, label: `Statistic ${before + index + 1} of ${total}, page ${page}` });
          goToPage(page);
          return;
        }
        page += direction;
        from = null;
      }
      setAnnouncement(direction === 1 ? 'No more statistics after this one.' : 'No statistics before this one.');
    },
    [loadPages, goToPage],
  );
  useKeys('reader', [
    {
      key: ']',
      description: 'Select the next recognised statistic',
      group: 'Reader',
      run: () => void stepStatistic(1),
    },
    {
      key: '[',
      description: 'Select the previous recognised statistic',
      group: 'Reader',
      run: () => void stepStatistic(-1),
    },
    {
      key: 'Alt+ArrowDown',
      description: 'Select the next recognised statistic',
      group: 'Reader',
      run: () => void stepStatistic(1),
    },
    {
      key: 'Alt+ArrowUp',
      description: 'Select the previous recognised statistic',
      group: 'Reader',
      run: () => void stepStatistic(-1),
    },
  ]);
  // Select the statistic once its page's text layer is rendered.
  useEffect(() => {
    if (!pending) return;
    const text = renderedTexts.current.get(pending.page);
    const page = pagesRef.current?.querySelector<HTMLElement>(`[data-page="${pending.page}"]`);
    if (!text || !page || !pageTexts.has(pending.page)) return;
    const range = rangeInLayer(text, pending.stop);
    if (range) {
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      (range.startContainer.parentElement ?? page).scrollIntoView({ block: 'center' });
      setAnnouncement(`${pending.label}: ${text.text.slice(pending.stop.start, pending.stop.end)}`);
    }
    setPending(null);
  }, [pending, pageTexts]);

  // Overlays per page; a page whose overlays did not change keeps the same array and is not re-measured.
  const previousOverlays = useRef(new Map<number, readonly PageOverlay[]>());
  const overlaysByPage = useMemo(() => {
    const map = new Map<number, PageOverlay[]>();
    const add = (page: number, overlay: PageOverlay) => {
      let list = map.get(page);
      if (!list) map.set(page, (list = []));
      list.push(overlay);
    };
    for (const [page, text] of pageTexts) {
      damageMarks(text)
        .filter((m) => readsAsWords(text, m.start, m.end))
        .forEach((m, i) =>
          add(page, { key: `d${i}`, start: m.start, end: m.end, className: 'damaged-box', title: m.title }),
        );
    }
    for (const h of highlights) {
      if (h.page !== null && h.anchored) {
        add(h.page, {
          key: h.id,
          start: h.anchored.start,
          end: h.anchored.end,
          className: `hl hl-${colourOf(h.reviewerId)}${h.id === focusedHighlightId ? ' flash' : ''}`,
          title: `Highlight: “${h.exact}”`,
          highlightId: h.id,
        });
      }
    }
    hits.forEach((hit, i) => {
      if (!pageTexts.has(hit.page)) return;
      add(hit.page, {
        key: `f${i}`,
        start: hit.start,
        end: hit.end,
        className: hit === currentHit ? 'find-hit current' : 'find-hit',
      });
    });
    const stable = new Map<number, readonly PageOverlay[]>();
    for (const [page, list] of map) {
      const before = previousOverlays.current.get(page);
      stable.set(page, before && sameOverlays(before, list) ? before : list);
    }
    previousOverlays.current = stable;
    return stable;
  }, [pageTexts, highlights, colourOf, focusedHighlightId, hits, currentHit]);

  useEffect(() => {
    const h = highlights.find((x) => x.id === focusedHighlightId);
    if (h?.page) goToPage(h.page);
  }, [focusedHighlightId, highlights, goToPage]);

  const unusable = unusablePagesNote(props.unusablePages, props.pageCount);
  if (error)
    return (
      <div className="form-error" role="alert">
        This PDF cannot be shown: {error.text}.
        <details className="notice-detail">
          <summary>Details</summary>
          <code>{error.detail}</code>
        </details>
      </div>
    );
  if (!pdf) {
    return (
      <div className="pdf-viewer" ref={viewerRef}>
        <p className="muted">Opening the PDF…</p>
      </div>
    );
  }
  // The zoom steps below and above the current scale (which may be the fitted width, between steps).
  const zoomOut = [...ZOOMS].reverse().find((z) => z < scale - 1e-9);
  const zoomIn = ZOOMS.find((z) => z > scale + 1e-9);
  const searching = query.trim() !== '' && found?.query !== query;
  return (
    <div className="pdf-viewer" aria-label={label} role="document" ref={viewerRef}>
      <div className="pdf-toolbar" role="toolbar" aria-label="PDF tools">
        <button
          type="button"
          onClick={() => goToPage(Math.max(1, currentPage - 1))}
          disabled={currentPage <= 1}
          aria-label="Previous page"
        >
          ‹
        </button>
        <label className="page-input">
          Page
          <input
            aria-label="Page number"
            value={currentPage}
            inputMode="numeric"
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= pdf.numPages) goToPage(n);
            }}
          />
          of {pdf.numPages}
        </label>
        <button
          type="button"
          onClick={() => goToPage(Math.min(pdf.numPages, currentPage + 1))}
          disabled={currentPage >= pdf.numPages}
          aria-label="Next page"
        >
          ›
        </button>
        <span className="sep" />
        <button
          type="button"
          aria-label="Zoom out"
          disabled={zoomOut === undefined}
          onClick={() => zoomOut !== undefined && setScale(zoomOut)}
        >
          −
        </button>
        <span className="zoom" aria-live="polite">
          {Math.round(scale * 100)}%
        </span>
        <button
          type="button"
          aria-label="Zoom in"
          disabled={zoomIn === undefined}
          onClick={() => zoomIn !== undefined && setScale(zoomIn)}
        >
          +
        </button>
        <span className="sep" />
        <input
          ref={findRef}
          type="search"
          aria-label="Find in document"
          placeholder="Find in document (Ctrl+F)"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              step(e.shiftKey ? -1 : 1);
            }
          }}
        />
        <button type="button" aria-label="Previous match" disabled={hits.length === 0} onClick={() => step(-1)}>
          ↑
        </button>
        <button type="button" aria-label="Next match" disabled={hits.length === 0} onClick={() => step(1)}>
          ↓
        </button>
        <span className="hits" aria-live="polite">
          {query.trim()
            ? searching
              ? 'Searching…'
              : hits.length
                ? `${Math.min(hitIndex, hits.length - 1) + 1} of ${hits.length}${found?.truncated ? '+' : ''}`
                : 'No matches'
            : ''}
        </span>
      </div>
      {unusable && (
        <p className="pdf-note" role="note">
          {unusable} Type the values, or use another copy of the PDF.
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className="pdf-pages" ref={pagesRef} tabIndex={0} aria-label={`Pages of ${label}`} role="group">
        {Array.from({ length: pdf.numPages }, (_, i) => i + 1).map((n) => (
          <PdfPage
            key={n}
            pdf={pdf}
            pageNumber={n}
            scale={scale}
            baseSize={baseSize}
            visible={visible.has(n)}
            overlays={overlaysByPage.get(n) ?? NO_OVERLAYS}
            onText={onText}
          />
        ))}
      </div>
    </div>
  );
}
