// A PDF in the reader: pages rendered lazily as they scroll into view (a 300-page PDF opens at
// once), zoom, page navigation, find with hit count, the study's highlights on their pages and
// PDF-damaged values marked. Reports the selection (page and offsets in the page text) upward.
// Layer: renderer.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { joinPageText, PAGE_TEXT_OPTIONS } from '../../../../shared/anchor/pageText';
import type { Highlight } from '../../../../shared/model/types';
import { damageMarks } from '../TextDocument';
import { openPdf } from './pdfjs';
import { PdfPage, type PageOverlay } from './PdfPage';
import { pdfSelection, type RenderedText } from './textLayer';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

export interface PdfSelection {
  page: number;
  start: number;
  end: number;
  /** The selected part of the page text. */
  text: string;
}

export function PdfViewer(props: {
  data: Uint8Array;
  label: string;
  highlights: Highlight[];
  colourOf: (reviewerId: string | null) => number;
  focusedHighlightId: string | null;
  onSelection: (selection: PdfSelection | null) => void;
}) {
  const { data, label, highlights, colourOf, focusedHighlightId, onSelection } = props;
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [baseSize, setBaseSize] = useState({ width: 612, height: 792 });
  const [scale, setScale] = useState(1.25);
  const [visible, setVisible] = useState<Set<number>>(new Set([1]));
  const [currentPage, setCurrentPage] = useState(1);
  const [query, setQuery] = useState('');
  const [hitIndex, setHitIndex] = useState(0);
  const [pageTexts, setPageTexts] = useState<Map<number, string>>(new Map());
  const renderedTexts = useRef(new Map<number, RenderedText>());
  const [renderedVersion, setRenderedVersion] = useState(0);
  const pagesRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let doc: PDFDocumentProxy | null = null;
    setPdf(null);
    setError(null);
    renderedTexts.current.clear();
    openPdf(data).then(
      async (opened) => {
        doc = opened;
        const first = await opened.getPage(1);
        const viewport = first.getViewport({ scale: 1 });
        if (cancelled) return;
        setBaseSize({ width: viewport.width, height: viewport.height });
        // Open at the page width (within 50%–150%), so a two-column page is readable without scrolling sideways.
        const available = (viewerRef.current?.clientWidth ?? 0) - 44;
        if (available > 0) setScale(Math.min(1.5, Math.max(0.5, Math.floor((available / viewport.width) * 20) / 20)));
        setPdf(opened);
      },
      (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
      void doc?.loadingTask.destroy();
    };
  }, [data]);

  // Render pages near the view only.
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
          }
          return next.size === previous.size ? previous : next;
        });
        const top = entries
          .filter((e) => e.isIntersecting)
          .sort((a, b) => a.boundingClientRect.top - b.boundingClientRect.top)[0];
        if (top) setCurrentPage(Number((top.target as HTMLElement).dataset.page));
      },
      { root, rootMargin: '100% 0px' },
    );
    root.querySelectorAll('[data-page]').forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [pdf, scale]);

  const onText = useCallback((page: number, text: RenderedText | null) => {
    if (text) renderedTexts.current.set(page, text);
    else renderedTexts.current.delete(page);
    setPageTexts((previous) =>
      text && previous.get(page) !== text.text ? new Map(previous).set(page, text.text) : previous,
    );
    setRenderedVersion((v) => v + 1);
  }, []);

  useEffect(() => {
    const onChange = () => onSelection(pdfSelection(pagesRef.current, renderedTexts.current));
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [onSelection]);

  const goToPage = useCallback((page: number) => {
    pagesRef.current?.querySelector(`[data-page="${page}"]`)?.scrollIntoView({ block: 'start' });
  }, []);

  // Find: every page's text is needed, so all pages' text is read once when the reviewer searches.
  const [allTextsLoaded, setAllTextsLoaded] = useState(false);
  useEffect(() => {
    if (!pdf || !query || allTextsLoaded) return;
    let cancelled = false;
    void (async () => {
      const texts = new Map<number, string>();
      for (let n = 1; n <= pdf.numPages; n++) {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent(PAGE_TEXT_OPTIONS);
        texts.set(n, joinPageText(content.items.filter((i) => 'str' in i) as { str: string; hasEOL: boolean }[]).text);
      }
      if (!cancelled) {
        setPageTexts(texts);
        setAllTextsLoaded(true);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [pdf, query, allTextsLoaded]);

  const hits = useMemo(() => {
    if (!query.trim()) return [];
    const needle = query.toLowerCase();
    const found: { page: number; start: number; end: number }[] = [];
    for (const [page, text] of [...pageTexts.entries()].sort((a, b) => a[0] - b[0])) {
      const haystack = text.toLowerCase();
      for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1))
        found.push({ page, start: at, end: at + needle.length });
    }
    return found;
  }, [query, pageTexts]);

  useEffect(() => setHitIndex(0), [query]);
  const currentHit = hits[Math.min(hitIndex, hits.length - 1)];
  useEffect(() => {
    if (currentHit) goToPage(currentHit.page);
  }, [currentHit, goToPage]);

  const overlaysByPage = useMemo(() => {
    const map = new Map<number, PageOverlay[]>();
    const add = (page: number, overlay: PageOverlay) => map.set(page, [...(map.get(page) ?? []), overlay]);
    for (const [page, text] of pageTexts) {
      if (!renderedTexts.current.has(page)) continue;
      damageMarks(text).forEach((m, i) =>
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
    hits.forEach((hit, i) =>
      add(hit.page, {
        key: `f${i}`,
        start: hit.start,
        end: hit.end,
        className: i === hitIndex ? 'find-hit current' : 'find-hit',
      }),
    );
    return map;
    // renderedVersion: recompute when a page's text layer appears.
  }, [pageTexts, highlights, colourOf, focusedHighlightId, hits, hitIndex, renderedVersion]);

  useEffect(() => {
    const h = highlights.find((x) => x.id === focusedHighlightId);
    if (h?.page) goToPage(h.page);
  }, [focusedHighlightId, highlights, goToPage]);

  if (error)
    return (
      <p className="form-error" role="alert">
        This PDF cannot be shown: {error}
      </p>
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
          type="search"
          aria-label="Find in document"
          placeholder="Find in document"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && hits.length)
              setHitIndex((i) => (i + (e.shiftKey ? hits.length - 1 : 1)) % hits.length);
          }}
        />
        <span className="hits" aria-live="polite">
          {query
            ? hits.length
              ? `${Math.min(hitIndex, hits.length - 1) + 1} of ${hits.length}`
              : allTextsLoaded
                ? 'No matches'
                : 'Searching…'
            : ''}
        </span>
      </div>
      <div className="pdf-pages" ref={pagesRef}>
        {Array.from({ length: pdf.numPages }, (_, i) => i + 1).map((n) => (
          <PdfPage
            key={`${n}:${scale}`}
            pdf={pdf}
            pageNumber={n}
            scale={scale}
            baseSize={baseSize}
            visible={visible.has(n)}
            overlays={overlaysByPage.get(n) ?? []}
            onText={onText}
          />
        ))}
      </div>
    </div>
  );
}
