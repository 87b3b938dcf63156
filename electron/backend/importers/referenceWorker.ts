// The thread a reference file is read in (started by ./thread.ts): decoding, format detection and
// parsing run here, so a large or hostile file never blocks the Electron main process or the web
// host. The file's bytes arrive transferred (or the thread reads the file itself from its path, a
// piece at a time); the records go back in batches as they are read (RIS, MEDLINE, decoded and
// parsed a piece at a time) or once parsed (the other formats, read whole), each dropped here once
// sent, then the errors and notes.
// Layer: electron/backend (importers).
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { decodePieces, decodeText, PIECE_BYTES, type ByteSource } from './decode';
import { detectFormat } from './detect';
import { readDecoded, type ReadReferences } from './index';
import { medlineParser } from './medline';
import { risParser } from './ris';
import type { ReadRequest, ThreadMessage } from './thread';
import type { ImportedRecord } from './types';

/** Records per message: a few hundred kilobytes, so little waits in the message queue at once. */
const RECORDS_PER_MESSAGE = 500;
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

/** The file's bytes a range at a time, from memory or from the file (read into one reused buffer, never whole). */
function withSource<T>(use: (source: ByteSource) => T): T {
  const bytes = request.bytes;
  if (bytes)
    return use({ size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) });
  const fd = openSync(request.filePath!, 'r');
  try {
    const size = fstatSync(fd).size;
    let buffer = Buffer.allocUnsafe(0);
    return use({
      size,
      read(position, length) {
        if (buffer.length < length) buffer = Buffer.allocUnsafe(Math.max(length, PIECE_BYTES));
        let got = 0;
        while (got < length) {
          const n = readSync(fd, buffer, got, length - got, position + got);
          if (n === 0) break;
          got += n;
        }
        return buffer.subarray(0, got);
      },
    });
  } finally {
    closeSync(fd);
  }
}

/** The line formats, read and parsed a piece at a time. */
const LINE_PARSERS = { ris: risParser, medline: medlineParser } as const;
type LineFormat = keyof typeof LINE_PARSERS;

/**
 * A RIS or MEDLINE file (in any encoding) decoded and parsed a megabyte at a time: neither its
 * bytes nor its text are ever held whole (a 150 MB export would otherwise take both at once), and
 * each record goes to `onRecord` as it is read. Null when the file is in another format; it is then
 * read whole.
 */
function readLinesInPieces(onRecord: (record: ImportedRecord) => void): Omit<ReadReferences, 'records'> | null {
  return withSource((source) => {
    const found: { format?: LineFormat; parser?: ReturnType<(typeof LINE_PARSERS)[LineFormat]> } = {};
    const decoded = decodePieces(source, (text, last) => found.parser!.feed(text, last), {
      head(text) {
        const format = request.format ?? detectFormat(text, request.fileName);
        if (format !== 'ris' && format !== 'medline') return false;
        found.format = format;
        found.parser = LINE_PARSERS[format](onRecord);
        return true;
      },
    });
    if (!decoded || !found.format || !found.parser) return null;
    const { format } = found;
    const { errors, notes } = found.parser.end();
    errors.sort((a, b) => a.line - b.line);
    notes.sort((a, b) => a.line - b.line);
    if (decoded.note) notes.unshift({ line: 1, message: decoded.note });
    return { format, encoding: decoded.encoding, errors, notes };
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
  let read: (Omit<ReadReferences, 'records'> & { records?: ImportedRecord[] }) | null = readLinesInPieces(onRecord);
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
