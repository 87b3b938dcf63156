// Runs pdf.js for the backend in a worker thread (./pdfWorker.mjs), started on first use and kept for
// the next PDF: pdfjs-dist's legacy build, the one its authors ship for Node, with its in-thread
// "fake" worker pointed at the package's own worker module, resolved at run time from where this
// module is. So the same code works from the source tree (tests, CLI, web host) and from the Electron
// main bundle, which keeps pdfjs-dist external and copies pdfWorker.mjs beside itself
// (scripts/build.mjs). Nothing is fetched over a network: font and CMap data are read from the package
// folder; pdf.js 6 has no eval path (its isEvalSupported option is gone). One PDF at a time; a read
// that does not finish in time ends the thread, and the next read starts a new one. So does a large
// read once answered (see ENDS_THREAD), so that what the thread still holds is returned before the
// import writes the file into the review.
// Layer: electron/backend (importers).
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnnotationLike } from '../../../shared/anchor/pageText';

const requireHere = createRequire(import.meta.url);

/** Absolute path of a file inside the installed pdfjs-dist package. */
function packageFile(relative: string): string {
  return requireHere.resolve(`pdfjs-dist/${relative}`);
}

/** Folders (with the trailing "/" pdf.js insists on) pdf.js reads with fs in Node, never fetch. */
export function pdfjsDataDirs(): { standardFontDataUrl: string; cMapUrl: string } {
  const root = path.dirname(packageFile('package.json'));
  return {
    standardFontDataUrl: `${path.join(root, 'standard_fonts')}/`,
    cMapUrl: `${path.join(root, 'cmaps')}/`,
  };
}

export interface RawTextItem {
  str: string;
  hasEOL: boolean;
  height: number;
  dir?: string;
  transform?: number[];
}

/** One page as the thread read it: its text items and its annotations' text fields. */
export interface RawPage {
  items: RawTextItem[];
  annotations: AnnotationLike[];
}

/** What the thread read, before ./pdf.ts judges it. `pages` is null when it stopped early. */
export interface RawPdf {
  numPages: number;
  fingerprints: (string | null)[];
  info: Record<string, unknown>;
  xmp: Record<string, unknown>;
  version: string;
  /** null for a page pdf.js could not read (see pageErrors). */
  pages: (RawPage | null)[] | null;
  pageErrors: { page: number; message: string }[];
}

export type RawAnswer =
  | { ok: true; result: RawPdf; notes: string[] }
  | { ok: false; error: { name: string; code: number | null; message: string }; notes: string[] };

export interface RawRequest {
  data: Uint8Array;
  password: string | undefined;
  /** getDocument's options, beyond data and password. */
  params: Record<string, unknown>;
  textOptions: Record<string, unknown>;
}

export class PdfjsTimeout extends Error {
  constructor(readonly ms: number) {
    super(`pdf.js did not finish within ${Math.round(ms / 1000)} s`);
    this.name = 'PdfjsTimeout';
  }
}

/**
 * After a read this large (the file's bytes, or its pages), the thread is ended once it has answered
 * instead of kept for the next PDF. An idle thread keeps what the read left behind (its copy of the
 * file, pdf.js's objects for every page, and the garbage of reading them, which its heap collects only
 * when it next works) for as long as it lives: for a 500-page, 37 MB PDF, some 110 MB, held while the
 * import copies the file into SQLite. Ending it returns that memory first, so an import's peak is the
 * larger of reading and writing, not their sum. A new thread takes about 0.2 s to start, small next to
 * reading such a file; a typical paper (a few MB, tens of pages) keeps the thread for the next one.
 */
const ENDS_THREAD = { bytes: 8 * 1024 * 1024, pages: 100 };

function endsThread(bytes: number, answer: RawAnswer): boolean {
  return bytes >= ENDS_THREAD.bytes || (answer.ok && answer.result.numPages >= ENDS_THREAD.pages);
}

interface Pending {
  id: number;
  /** The size of the file being read. */
  bytes: number;
  worker: Worker;
  resolve(answer: RawAnswer): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

let thread: Worker | null = null;
let pending: Pending | null = null;
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

function startThread(): Worker {
  const worker = new Worker(new URL('./pdfWorker.mjs', import.meta.url), {
    workerData: {
      pdfjsUrl: pathToFileURL(packageFile('legacy/build/pdf.mjs')).href,
      workerSrcUrl: pathToFileURL(packageFile('legacy/build/pdf.worker.mjs')).href,
    },
  });
  worker.unref();
  worker.on('message', (message: { id?: number } & RawAnswer) => {
    if (pending?.worker === worker && message.id === pending.id) {
      const done = pending;
      pending = null;
      clearTimeout(done.timer);
      worker.unref();
      if (!endsThread(done.bytes, message)) {
        done.resolve(message);
        return;
      }
      // Answered once the thread is gone and its memory with it ('exit' finds nothing pending).
      if (thread === worker) thread = null;
      const answer = () => done.resolve(message);
      void worker.terminate().then(answer, answer);
    }
  });
  const fail = (error: Error) => {
    if (thread === worker) thread = null;
    // Only this thread's read: a thread stopped after a timeout exits while the next one works.
    if (pending?.worker === worker) {
      const done = pending;
      pending = null;
      clearTimeout(done.timer);
      done.reject(error);
    }
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the pdf.js thread stopped (exit code ${code})`)));
  return worker;
}

function send(request: RawRequest, timeoutMs: number): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    thread ??= startThread();
    const worker = thread;
    const id = nextId++;
    const timer = setTimeout(() => {
      if (pending?.id !== id) return;
      pending = null;
      if (thread === worker) thread = null;
      void worker.terminate();
      reject(new PdfjsTimeout(timeoutMs));
    }, timeoutMs);
    pending = { id, bytes: request.data.byteLength, worker, resolve, reject, timer };
    // Keep the process alive while a PDF is being read (the thread is unref'd when idle).
    worker.ref();
    // A buffer of its own (as ./pdf.ts passes) is moved, not copied, to the thread.
    const own = request.data.byteOffset === 0 && request.data.byteLength === request.data.buffer.byteLength;
    worker.postMessage({ id, ...request }, own ? [request.data.buffer as ArrayBuffer] : []);
  });
}

/** Whether a pdf.js thread is up, kept for the next read (none before the first, or after a large one). */
export function pdfjsThreadKept(): boolean {
  return thread !== null;
}

/** Reads a PDF in the pdf.js thread; one read at a time, in call order. */
export function readWithPdfjs(request: RawRequest, timeoutMs: number): Promise<RawAnswer> {
  const run = queue.then(() => send(request, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}
