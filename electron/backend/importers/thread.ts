// Reads a reference file in a worker thread (./referenceWorker.ts), so parsing never freezes the
// app: the caller awaits the result, sees progress as records arrive, and can stop the read (the
// thread is terminated, its memory released). From the source tree the thread runs the TypeScript
// through tsx; the built app runs referenceWorker.mjs, bundled beside the main bundle by
// scripts/build.mjs. Layer: electron/backend (importers).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ColumnMapping } from './csv';
import { readReferences, type ReadReferences } from './index';
import type { ImportedRecord, ParseError, ParseNote, ReferenceFormat } from './types';

export interface ReadRequest {
  fileName: string;
  /** The file's bytes (transferred to the thread), or its path for the thread to read. */
  bytes?: Uint8Array | undefined;
  filePath?: string | undefined;
  format?: ReferenceFormat | undefined;
  mapping?: ColumnMapping | undefined;
  /**
   * Batches of records the caller has taken in (a shared counter): the thread waits while more than
   * a few are in flight, so a fast parse does not pile the whole file's records up in the message queue.
   */
  taken?: Int32Array | undefined;
}

export type ThreadMessage =
  | { type: 'records'; records: ImportedRecord[]; total: number }
  | {
      type: 'done';
      format: ReferenceFormat | null;
      encoding: string;
      errors: ParseError[];
      notes: ParseNote[];
      csv?: ReadReferences['csv'];
    }
  | { type: 'failed'; message: string };

/** The reading thread's young generation (V8 gives a thread 48 MB unless told). */
const YOUNG_GENERATION_MB = 8;

/** Thrown when the read was stopped through the signal. */
export class ReadCancelled extends Error {}

function workerScript(): { url: URL; execArgv: string[] } {
  const built = new URL('./referenceWorker.mjs', import.meta.url);
  if (existsSync(fileURLToPath(built))) return { url: built, execArgv: [] };
  // The source tree (tests, `npm run caliper`, the dev app): tsx compiles the thread's TypeScript.
  return { url: new URL('./referenceWorker.ts', import.meta.url), execArgv: ['--import', 'tsx'] };
}

/**
 * Files up to this size are read in the calling thread: the importers are linear, so 1 MB takes
 * tens of milliseconds, less than starting a thread.
 */
export const IN_THREAD_MAX_BYTES = 1024 * 1024;

/**
 * Reads references: in a worker thread when the file is larger than IN_THREAD_MAX_BYTES (`size`
 * gives the size of a file given by path), else here. `onRecords` hears how many records arrived.
 */
export async function readReferencesOffThread(
  request: ReadRequest & { size: number },
  options: ReadOptions = {},
): Promise<ReadReferences> {
  if (request.size > IN_THREAD_MAX_BYTES) return readReferencesInThread(request, options);
  if (options.signal?.aborted) throw new ReadCancelled('the read was cancelled');
  const bytes = request.bytes ?? (await readFile(request.filePath!));
  const read = readReferences(bytes, request.fileName, { format: request.format, mapping: request.mapping });
  if (!options.takeRecords) return read;
  for (let i = 0; i < read.records.length; i += RECORDS_PER_BATCH)
    options.takeRecords(i, read.records.slice(i, i + RECORDS_PER_BATCH));
  options.onRecords?.(read.records.length, read.records.length);
  return { ...read, records: [] };
}

/** Records handed to `takeRecords` at a time from a file read in the calling thread. */
const RECORDS_PER_BATCH = 2_000;

interface ReadOptions {
  signal?: AbortSignal;
  /** Hears how many records have arrived. */
  onRecords?: (done: number, total: number) => void;
  /**
   * Given each batch of records as it arrives (records first, first + 1, ...), to keep elsewhere:
   * the read then holds none of them, and its `records` come back empty.
   */
  takeRecords?: (first: number, records: ImportedRecord[]) => void;
}

/** Reads references in a worker thread; `onRecords` hears how many records have arrived. */
export function readReferencesInThread(request: ReadRequest, options: ReadOptions = {}): Promise<ReadReferences> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ReadCancelled('the read was cancelled'));
      return;
    }
    const { url, execArgv } = workerScript();
    // The bytes move to the thread (the caller must not use them after) when their buffer can be
    // moved; a view into a shared buffer (Node's Buffer pool) is copied instead.
    const bytes = request.bytes;
    const whole = bytes !== undefined && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const taken = new Int32Array(new SharedArrayBuffer(4));
    const start = (transfer: boolean) =>
      new Worker(url, {
        execArgv,
        // A small young generation: the thread makes short-lived strings by the million (lines,
        // fields, records sent on), and collecting them often keeps its memory near what it holds.
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        workerData: { ...request, bytes, taken },
        transferList: transfer && bytes ? [bytes.buffer as ArrayBuffer] : [],
      });
    let worker: Worker;
    try {
      worker = start(whole);
    } catch (error) {
      if (!whole) throw error;
      worker = start(false);
    }
    const records: ImportedRecord[] = [];
    let received = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new ReadCancelled('the read was cancelled')));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'records') {
        if (options.takeRecords) {
          try {
            options.takeRecords(received, message.records);
          } catch (error) {
            finish(() => reject(error as Error));
            return;
          }
        } else for (const r of message.records) records.push(r);
        received += message.records.length;
        Atomics.add(taken, 0, 1);
        Atomics.notify(taken, 0);
        options.onRecords?.(received, message.total);
      } else if (message.type === 'done') {
        const { type: _type, ...rest } = message;
        finish(() => resolve({ ...rest, records }));
      } else finish(() => reject(new Error(`the reference file could not be read: ${message.message}`)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the reading thread stopped (exit ${code})`))));
  });
}
