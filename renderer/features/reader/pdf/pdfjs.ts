// pdf.js in the renderer: loaded on first use (it is large), its worker served from the app's own
// files (the CSP allows no other origin), no scripting. A stored PDF is opened from its URL in
// ranges (PDFDataRangeTransport over the api's fetchRange), so pdf.js fetches only the parts the
// pages shown need and the renderer never holds the whole file. Layer: renderer.
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';

let loading: Promise<typeof import('pdfjs-dist')> | null = null;

export function loadPdfjs(): Promise<typeof import('pdfjs-dist')> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(
    ([pdfjs, worker]) => {
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      return pdfjs;
    },
  );
  return loading;
}

/** Where a stored PDF's bytes are and how to read a range of them. */
export interface PdfSource {
  url: string;
  /** The file's size in bytes. */
  length: number;
  fetchRange(url: string, start: number, end: number, signal?: AbortSignal): Promise<Uint8Array>;
}

/**
 * Ranges pdf.js asks for at once: far fewer, larger requests than its 64 KB default. Before showing
 * page 1, pdf.js checks the last page; in a PDF whose page tree is one flat list (common), that
 * reads every page's dictionary, spread over the whole file, one range after another: a 37 MB PDF
 * takes 10 round trips at 4 MB where it took 75 at 512 KB. Reading 4 MB costs the host a few ms.
 */
const RANGE_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Opens a PDF with the same font and CMap data the backend reads at import (copied into the build by
 * vite.config.ts), so text items, and with them highlight offsets, agree on both sides. The task is
 * returned so the caller can destroy it (which also aborts the range requests).
 */
export async function openPdf(source: PdfSource): Promise<PDFDocumentLoadingTask> {
  const pdfjs = await loadPdfjs();
  const base = new URL('./pdfjs/', document.baseURI).href;
  const aborter = new AbortController();
  class RangeTransport extends pdfjs.PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      source.fetchRange(source.url, begin, end, aborter.signal).then(
        (chunk) => this.onDataRange(begin, chunk),
        () => {
          // Aborted when the viewer closes; otherwise pdf.js reports the missing data when it needs it.
        },
      );
    }
    override abort(): void {
      aborter.abort();
    }
  }
  return pdfjs.getDocument({
    range: new RangeTransport(source.length, null),
    rangeChunkSize: RANGE_CHUNK_BYTES,
    disableAutoFetch: true,
    disableStream: true,
    enableXfa: false,
    stopAtErrors: false,
    useSystemFonts: false,
    useWasm: false,
    standardFontDataUrl: `${base}standard_fonts/`,
    cMapUrl: `${base}cmaps/`,
  });
}

export type { PDFDocumentProxy };
