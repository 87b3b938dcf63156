// Caliper's text layer over a rendered PDF page: one transparent, selectable span per pdf.js text
// item, positioned and stretched to sit over the glyphs on the canvas, marked with its item index
// so a selection maps to offsets in the page text joined by shared/anchor/pageText.ts (pdf.js's own
// TextLayer adds line-break elements and does not expose that mapping). Text shown by form fields and
// FreeText annotations gets a span over its box, as the backend stores it after the page's own text.
// Layer: renderer.
import type { PageViewport, PDFPageProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import {
  annotationTexts,
  joinPageText,
  pageItems,
  PAGE_TEXT_OPTIONS,
  type AnnotationLike,
  type PageText,
} from '../../../../shared/anchor/pageText';

export interface RenderedText extends PageText {
  /** Span of each item, or null for items with no visible text. */
  spans: (HTMLSpanElement | null)[];
}

let measureContext: CanvasRenderingContext2D | null = null;

function textWidth(text: string, font: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return 0;
  measureContext.font = font;
  return measureContext.measureText(text).width;
}

export async function renderTextLayer(
  page: PDFPageProxy,
  viewport: PageViewport,
  container: HTMLElement,
  multiply: (a: number[], b: number[]) => number[],
): Promise<RenderedText> {
  const content = await page.getTextContent(PAGE_TEXT_OPTIONS);
  const items = content.items.filter((item): item is TextItem => 'str' in item);
  const annotations = annotationTexts(
    (await page.getAnnotations({ intent: 'display' }).catch(() => [])) as AnnotationLike[],
  );
  const joined = joinPageText(
    pageItems(
      items,
      annotations.map((a) => a.str),
    ),
  );
  container.replaceChildren();
  const annotationSpans = annotations.map((annotation, i) => {
    if (!annotation.rect) return null;
    const [x1, y1] = viewport.convertToViewportPoint(annotation.rect[0]!, annotation.rect[1]!) as number[];
    const [x2, y2] = viewport.convertToViewportPoint(annotation.rect[2]!, annotation.rect[3]!) as number[];
    const left = Math.min(x1!, x2!);
    const top = Math.min(y1!, y2!);
    const height = Math.abs(y2! - y1!);
    const span = document.createElement('span');
    span.textContent = annotation.str;
    span.dataset.item = String(items.length + i);
    span.style.left = `${left}px`;
    span.style.top = `${top}px`;
    span.style.fontSize = `${Math.max(4, Math.min(height * 0.8, 12 * viewport.scale))}px`;
    span.style.fontFamily = 'sans-serif';
    container.append(span);
    return span;
  });
  const spans = items.map((item, index) => {
    if (item.str.length === 0) return null;
    const tx = multiply(viewport.transform, item.transform);
    const fontHeight = Math.hypot(tx[2]!, tx[3]!);
    if (fontHeight === 0) return null;
    const style = content.styles[item.fontName];
    const ascent = style?.ascent ? style.ascent : style?.descent ? 1 + style.descent : 0.8;
    const family = style?.fontFamily ?? 'sans-serif';
    const span = document.createElement('span');
    span.textContent = item.str;
    span.dataset.item = String(index);
    span.style.left = `${tx[4]}px`;
    span.style.top = `${tx[5]! - fontHeight * ascent}px`;
    span.style.fontSize = `${fontHeight}px`;
    span.style.fontFamily = family;
    const natural = textWidth(item.str, `${fontHeight}px ${family}`);
    const wanted = item.width * viewport.scale;
    const angle = Math.atan2(tx[1]!, tx[0]!);
    const scaleX = natural > 0 && wanted > 0 ? wanted / natural : 1;
    span.style.transform = `${angle ? `rotate(${angle}rad) ` : ''}scaleX(${scaleX})`;
    container.append(span);
    return span;
  });
  return { ...joined, spans: [...spans, ...annotationSpans] };
}

/** The item span (and the offset in it) a DOM position falls in, or null outside item spans. */
function itemPosition(node: Node, offset: number): { index: number; offset: number } | null {
  const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
  const span = element?.closest<HTMLElement>('span[data-item]');
  if (!span) return null;
  const index = Number(span.dataset.item);
  if (node.nodeType === Node.TEXT_NODE) return { index, offset };
  return { index, offset: offset === 0 ? 0 : (span.textContent?.length ?? 0) };
}

/** The selection as offsets into one page's text, or null when it is empty or spans pages. */
export function pdfSelection(
  pages: HTMLElement | null,
  texts: Map<number, RenderedText>,
): { page: number; start: number; end: number; text: string } | null {
  const selection = window.getSelection();
  if (!pages || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const startPage = (range.startContainer.parentElement ?? (range.startContainer as Element)).closest<HTMLElement>(
    '[data-page]',
  );
  const endPage = (range.endContainer.parentElement ?? (range.endContainer as Element)).closest<HTMLElement>(
    '[data-page]',
  );
  if (!startPage || startPage !== endPage || !pages.contains(startPage)) return null;
  const page = Number(startPage.dataset.page);
  const text = texts.get(page);
  const from = itemPosition(range.startContainer, range.startOffset);
  const to = itemPosition(range.endContainer, range.endOffset);
  if (!text || !from || !to) return null;
  const start = text.itemStarts[from.index]! + from.offset;
  const end = text.itemStarts[to.index]! + to.offset;
  return end > start ? { page, start, end, text: text.text.slice(start, end) } : null;
}

/** Client rectangles, relative to the page element, of a range of the page text. */
export function rectsFor(text: RenderedText, pageElement: HTMLElement, start: number, end: number): DOMRect[] {
  const origin = pageElement.getBoundingClientRect();
  const rects: DOMRect[] = [];
  text.spans.forEach((span, index) => {
    const node = span?.firstChild;
    if (!span || !node) return;
    const itemStart = text.itemStarts[index]!;
    const itemEnd = itemStart + (node.textContent?.length ?? 0);
    if (itemEnd <= start || itemStart >= end) return;
    const range = document.createRange();
    range.setStart(node, Math.max(0, start - itemStart));
    range.setEnd(node, Math.min(itemEnd, end) - itemStart);
    for (const r of range.getClientRects())
      rects.push(new DOMRect(r.left - origin.left, r.top - origin.top, r.width, r.height));
  });
  return rects;
}
