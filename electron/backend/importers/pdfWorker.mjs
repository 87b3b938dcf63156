// The thread pdf.js runs in when the backend reads a PDF (started by ./pdfjs.ts). Reading in a
// worker thread keeps the Electron main process and the web host responsive while a long PDF is read,
// lets a read that never ends be stopped, and keeps pdf.js's failures here: on some damaged files
// pdf.js leaves a rejected promise unhandled, which in the main thread would end a Node process (the
// CLI, the web host). Here each such rejection, and every line pdf.js prints ("Warning: …"), becomes
// a note sent back with the answer; ./pdf.ts decides what they mean. Plain JavaScript (ESM) because
// worker_threads loads this file as it is, from the source tree and beside the Electron bundle.
// Layer: electron/backend (importers).
import { parentPort, workerData } from 'node:worker_threads';

/** @type {string[]} */
let notes = [];

const PDFJS_LINE = /^(Warning|Info|Deprecated API usage): /;
for (const name of ['warn', 'info', 'log']) {
  const print = console[name].bind(console);
  console[name] = (...args) => {
    if (typeof args[0] === 'string' && PDFJS_LINE.test(args[0])) notes.push(args[0]);
    else print(...args);
  };
}

process.on('unhandledRejection', (reason) => {
  const error = /** @type {{ name?: string; message?: string }} */ (reason ?? {});
  notes.push(`Warning: unhandled rejection in pdf.js: ${error.name ?? 'Error'}: ${error.message ?? String(reason)}`);
});

const pdfjs = await import(workerData.pdfjsUrl);
pdfjs.GlobalWorkerOptions.workerSrc = workerData.workerSrcUrl;

/**
 * pdf.js keeps what it parsed for the pages read so far (fonts, CMaps, page dictionaries) for as long
 * as the document is open; releasing it every so many pages leaves a long PDF holding little more
 * than its text (fonts are parsed again when a later page uses them). On a 500-page PDF, 25 MB of
 * heap after the last page instead of 42 MB.
 */
const CLEANUP_EVERY_PAGES = 50;

/** Lets rejections pdf.js left unhandled during this read be reported before the answer goes. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The fields of each annotation that say what text it shows (shared/anchor/pageText.ts reads them). */
function annotationFields(annotations) {
  return annotations.map((a) => ({
    annotationType: a.annotationType,
    fieldType: typeof a.fieldType === 'string' ? a.fieldType : null,
    fieldValue: typeof a.fieldValue === 'string' || Array.isArray(a.fieldValue) ? a.fieldValue : null,
    contentsObj: typeof a.contentsObj?.str === 'string' ? { str: a.contentsObj.str } : null,
    hidden: a.hidden === true,
    noView: a.noView === true,
  }));
}

async function read(request) {
  const task = pdfjs.getDocument({ ...request.params, data: request.data, password: request.password });
  try {
    const doc = await task.promise;
    const { info, metadata } = await doc.getMetadata();
    const xmp = {};
    for (const name of ['dc:title', 'prism:doi', 'dc:identifier']) {
      try {
        const value = metadata?.get(name);
        if (value !== undefined && value !== null) xmp[name] = value;
      } catch {
        // An unreadable XMP packet is not worth refusing a PDF for.
      }
    }
    const result = {
      numPages: doc.numPages,
      fingerprints: [...doc.fingerprints],
      info: JSON.parse(JSON.stringify(info ?? {})),
      xmp,
      version: pdfjs.version,
      pages: null,
      pageErrors: [],
    };
    if (doc.numPages < 1) return { ok: true, result };
    const pages = [];
    for (let number = 1; number <= doc.numPages; number++) {
      // A page pdf.js cannot read is reported on its own; ./pdf.ts decides what that means.
      try {
        const page = await doc.getPage(number);
        const content = await page.getTextContent(request.textOptions);
        let annotations = [];
        try {
          annotations = annotationFields(await page.getAnnotations({ intent: 'display' }));
        } catch {
          // Annotations that cannot be read add nothing to the page text.
        }
        pages.push({
          items: content.items
            .filter((item) => typeof item.str === 'string')
            .map((item) => ({
              str: item.str,
              hasEOL: item.hasEOL === true,
              height: item.height,
              dir: item.dir,
              transform: item.transform,
            })),
          annotations,
        });
        page.cleanup();
      } catch (error) {
        pages.push(null);
        result.pageErrors.push({
          page: number,
          message: typeof error?.message === 'string' ? error.message : String(error),
        });
      }
      if (number % CLEANUP_EVERY_PAGES === 0) {
        try {
          await doc.cleanup();
        } catch {
          // What pdf.js cannot release stays in memory until the document is closed; no reason to refuse it.
        }
      }
    }
    result.pages = pages;
    await settle();
    return { ok: true, result };
  } catch (error) {
    await settle();
    return {
      ok: false,
      error: {
        name: typeof error?.name === 'string' ? error.name : 'Error',
        code: typeof error?.code === 'number' ? error.code : null,
        message: typeof error?.message === 'string' ? error.message : String(error),
      },
    };
  } finally {
    await task.destroy();
  }
}

parentPort.on('message', async (request) => {
  notes = [];
  const answer = await read(request);
  parentPort.postMessage({ id: request.id, ...answer, notes });
});
parentPort.postMessage({ ready: true });
