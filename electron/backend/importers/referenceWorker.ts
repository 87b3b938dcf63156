// The thread a reference file is read in (started by ./thread.ts): decoding, format detection and
// parsing run here, so a large or hostile file never blocks the Electron main process or the web
// host. The file's bytes arrive transferred (or the thread reads the file itself from its path); the
// records go back in chunks as they are read (RIS, MEDLINE) or once parsed (the other formats), each
// dropped here once sent, then the errors and notes.
// Layer: electron/backend (importers).
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeText, decodeUtf8Pieces, normaliseNewlines, type ByteSource } from './decode';
import { detectFormat } from './detect';
import { readDecoded, type ReadReferences } from './index';
import { risParser } from './ris';
import type { ReadRequest, ThreadMessage } from './thread';
import type { ImportedRecord } from './types';

const RECORDS_PER_MESSAGE = 2_000;
/** Batches sent but not yet taken in by the caller before this thread waits. */
const IN_FLIGHT = 2;

function send(message: ThreadMessage): void {
  parentPort!.postMessage(message);
}

const request = workerData as ReadRequest;
let batchesSent = 0;

/** Sends a batch of records, then waits (in short steps, so a terminate is seen) while too many are in flight. */
function sendRecords(records: ImportedRecord[], total: number): void {
  send({ type: 'records', records, total });
  batchesSent++;
  const taken = request.taken;
  if (!taken) return;
  for (let seen = Atomics.load(taken, 0); batchesSent - seen > IN_FLIGHT; seen = Atomics.load(taken, 0))
    Atomics.wait(taken, 0, seen, 100);
}
/** The file's bytes a range at a time, from memory or from the file (never read whole). */
function withSource<T>(use: (source: ByteSource) => T): T {
  const bytes = request.bytes;
  if (bytes)
    return use({ size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) });
  const fd = openSync(request.filePath!, 'r');
  try {
    const size = fstatSync(fd).size;
    return use({
      size,
      read(position, length) {
        const out = Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
          const n = readSync(fd, out, got, length - got, position + got);
          if (n === 0) break;
          got += n;
        }
        return out.subarray(0, got);
      },
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * A RIS file in plain UTF-8, read and parsed a few megabytes at a time: neither its bytes nor its
 * text are ever held whole (a 150 MB export would otherwise take both at once). Null when the file
 * is not such a file; it is then read whole.
 */
function readRisInPieces(onRecord: (record: ImportedRecord) => void): Omit<ReadReferences, 'records'> | null {
  return withSource((source) => {
    const head = normaliseNewlines(new TextDecoder('utf-8').decode(source.read(0, Math.min(source.size, 64 * 1024))));
    if ((request.format ?? detectFormat(head, request.fileName)) !== 'ris') return null;
    const parser = risParser(onRecord);
    const encoding = decodeUtf8Pieces(source, (text, last) => parser.feed(text, last));
    if (encoding === null) return null;
    const { errors, notes } = parser.end();
    errors.sort((a, b) => a.line - b.line);
    notes.sort((a, b) => a.line - b.line);
    return { format: 'ris', encoding, errors, notes };
  });
}

try {
  // Records are sent on as they are read (RIS, MEDLINE), in batches; the other formats' after parsing.
  let batch: ImportedRecord[] = [];
  let sent = 0;
  const flush = () => {
    if (batch.length === 0) return;
    sent += batch.length;
    sendRecords(batch, sent);
    batch = [];
  };
  const onRecord = (record: ImportedRecord) => {
    batch.push(record);
    if (batch.length >= RECORDS_PER_MESSAGE) flush();
  };
  let read: (Omit<ReadReferences, 'records'> & { records?: ImportedRecord[] }) | null = readRisInPieces(onRecord);
  if (!read) {
    // Decoded first, so the bytes can go before the text is parsed (a large file is not held twice).
    let bytes: Uint8Array | null = request.bytes ?? readFileSync(request.filePath!);
    const decoded = decodeText(bytes);
    bytes = null;
    request.bytes = undefined;
    read = readDecoded(decoded, request.fileName, { format: request.format, mapping: request.mapping, onRecord });
  }
  flush();
  const records = read.records ?? [];
  for (let i = 0; i < records.length; i += RECORDS_PER_MESSAGE) {
    sendRecords(records.slice(i, i + RECORDS_PER_MESSAGE), sent + records.length);
    records.fill(undefined as never, i, i + RECORDS_PER_MESSAGE);
  }
  send({
    type: 'done',
    format: read.format,
    encoding: read.encoding,
    errors: read.errors,
    notes: read.notes,
    ...(read.csv ? { csv: read.csv } : {}),
  });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
