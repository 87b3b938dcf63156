// One page of a PDF: a placeholder of the right size until it comes near the view, then the canvas,
// Caliper's text layer and the overlays (highlights, find hits, damaged values). When it goes far from
// the view again its canvas, text layer and pdf.js page resources are released, so memory follows
// the pages near the view, not the pages visited. Overlay boxes are measured when the page's text or
// its overlays change, not on every render of the viewer (memo). Layer: renderer.
import { memo, useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { rectsFor, renderTextLayer, type RenderedText } from './textLayer';
import { loadPdfjs } from './pdfjs';

export interface PageOverlay {
  key: string;
  start: number;
  end: number;
  className: string;
  title?: string;
  highlightId?: string;
}

export const PdfPage = memo(function PdfPage(props: {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  /** Width and height at scale 1, used before the page is rendered. */
  baseSize: { width: number; height: number };
  /** Near the view: rendered; otherwise a placeholder. */
  visible: boolean;
  overlays: readonly PageOverlay[];
  onText: (page: number, text: RenderedText | null) => void;
}) {
  const { pdf, pageNumber, scale, baseSize, visible, overlays, onText } = props;
  const pageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [text, setText] = useState<RenderedText | null>(null);
  // The page's own size at scale 1 once known (pages may differ from the first), so a zoom resizes
  // every placeholder at once and re-renders only the pages near the view.
  const [unit, setUnit] = useState(baseSize);

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    let proxy: { cleanup(): boolean } | null = null;
    void (async () => {
      const pdfjs = await loadPdfjs();
      const page = await pdf.getPage(pageNumber);
      if (cancelled) return;
      proxy = page;
      const viewport = page.getViewport({ scale });
      setUnit({ width: viewport.width / scale, height: viewport.height / scale });
      const canvas = canvasRef.current!;
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${viewport.width}px`;
      canvas.style.height = `${viewport.height}px`;
      task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await task.promise.catch(() => undefined);
      if (cancelled) return;
      const rendered = await renderTextLayer(page, viewport, textRef.current!, (a, b) => pdfjs.Util.transform(a, b));
      if (cancelled) return;
      setText(rendered);
      onText(pageNumber, rendered);
    })();
    return () => {
      cancelled = true;
      task?.cancel();
      // Far from the view (or re-rendered at another zoom): give back the canvas memory and pdf.js's
      // page resources; the placeholder keeps the page's size.
      const canvas = canvasRef.current;
      if (canvas) {
        canvas.width = 0;
        canvas.height = 0;
      }
      textRef.current?.replaceChildren();
      setText(null);
      onText(pageNumber, null);
      proxy?.cleanup();
    };
  }, [pdf, pageNumber, scale, visible, onText]);

  const [boxes, setBoxes] = useState<{ key: string; rect: DOMRect; overlay: PageOverlay }[]>([]);
  useEffect(() => {
    if (!text || !pageRef.current) {
      setBoxes([]);
      return;
    }
    const page = pageRef.current;
    setBoxes(
      overlays.flatMap((overlay) =>
        rectsFor(text, page, overlay.start, overlay.end).map((rect, i) => ({
          key: `${overlay.key}:${i}`,
          rect,
          overlay,
        })),
      ),
    );
  }, [text, overlays]);

  return (
    <div
      className="pdf-page"
      data-page={pageNumber}
      ref={pageRef}
      style={{ width: unit.width * scale, height: unit.height * scale }}
      aria-label={`Page ${pageNumber}`}
      role="group"
    >
      <canvas ref={canvasRef} aria-hidden="true" />
      <div className="pdf-overlays" aria-hidden="true">
        {boxes.map(({ key, rect, overlay }) => (
          <div
            key={key}
            className={`pdf-box ${overlay.className}`}
            title={overlay.title}
            data-highlight-id={overlay.highlightId}
            style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }}
          />
        ))}
      </div>
      <div className="pdf-text" ref={textRef} />
      {!text && <span className="pdf-placeholder muted">Page {pageNumber}</span>}
    </div>
  );
});
