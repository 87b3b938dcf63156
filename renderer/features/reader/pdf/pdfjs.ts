// pdf.js in the renderer: loaded on first use (it is large), its worker served from the app's own
// files (the CSP allows no other origin), no network, no scripting. Layer: renderer.
import type { PDFDocumentProxy } from 'pdfjs-dist';

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

/**
 * Opens a PDF with the same font and CMap data the backend reads at import (copied into the build by
 * vite.config.ts), so text items, and with them highlight offsets, agree on both sides.
 */
export async function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfjs();
  const base = new URL('./pdfjs/', document.baseURI).href;
  return pdfjs.getDocument({
    data,
    enableXfa: false,
    disableAutoFetch: true,
    stopAtErrors: false,
    useSystemFonts: false,
    useWasm: false,
    standardFontDataUrl: `${base}standard_fonts/`,
    cMapUrl: `${base}cmaps/`,
  }).promise;
}
