// The thread a reference file is read in (started by ./thread.ts): decoding, format detection and
// parsing run here, so a large or hostile file never blocks the Electron main process or the web
// host. The file's bytes arrive transferred (or the thread reads the file itself from its path); the
// records go back in chunks as they are read (RIS, MEDLINE) or once parsed (the other formats), each
// dropped here once sent, then the errors and notes.
// Layer: electron/backend (importers).
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeText } from './decode';
import { readDecoded } from './index';
import type { ReadRequest, ThreadMessage } from './thread';
import type { ImportedRecord } from './types';

const RECORDS_PER_MESSAGE = 2_000;

function send(message: ThreadMessage): void {
  parentPort!.postMessage(message);
}

const request = workerData as ReadRequest;
try {
  // Decoded first, so the bytes can go before the text is parsed (a large file is not held twice).
  let bytes: Uint8Array | null = request.bytes ?? readFileSync(request.filePath!);
  const decoded = decodeText(bytes);
  bytes = null;
  request.bytes = undefined;
  // RIS and MEDLINE records are sent on as they are read, in batches; the other formats after parsing.
  let batch: ImportedRecord[] = [];
  let sent = 0;
  const flush = () => {
    if (batch.length === 0) return;
    sent += batch.length;
    send({ type: 'records', records: batch, total: sent });
    batch = [];
  };
  const read = readDecoded(decoded, request.fileName, {
    format: request.format,
    mapping: request.mapping,
    onRecord: (record) => {
      batch.push(record);
      if (batch.length >= RECORDS_PER_MESSAGE) flush();
    },
  });
  flush();
  const { records } = read;
  for (let i = 0; i < records.length; i += RECORDS_PER_MESSAGE) {
    send({ type: 'records', records: records.slice(i, i + RECORDS_PER_MESSAGE), total: sent + records.length });
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
