// CSV as every CSV export writes it: RFC 4180 (fields quoted when they hold a comma, quote or line
// break; CRLF between records), UTF-8 with an optional byte-order mark for Excel, and text cells that a
// spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) neutralised
// with a leading apostrophe. Numbers are written as numbers, so −1.2 stays a number. Written through
// csv-stringify as a stream, with backpressure: memory does not grow with the file. Layer: electron/backend.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';
import { checkCancelled } from './atomic';
import type { ExportOptions, ExportResult } from './types';

export type CsvCell = string | number | null | undefined;

/** A text a spreadsheet would take for a formula gets a leading apostrophe; anything else is unchanged. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: CsvCell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return neutralise(value);
}

export interface CsvWriter {
  /** Writes one record (in the columns' order); waits when the file cannot keep up. */
  row(values: CsvCell[]): Promise<void>;
  /** Finishes the file; resolves once every byte is on disk. */
  end(): Promise<void>;
  /** Stops writing after a failure or a cancel (the caller removes the file). */
  abort(): void;
  /** Records written, the header not counted. */
  readonly rows: number;
}

export async function csvWriter(path: string, columns: readonly string[], bom: boolean): Promise<CsvWriter> {
  const file: WriteStream = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => file.once('error', reject));
  failed.catch(() => undefined);
  const stringifier: Stringifier = stringify({
    record_delimiter: 'windows',
    cast: { number: (n) => String(n) },
  });
  stringifier.pipe(file);
  if (bom) file.write('\ufeff');
  let rows = 0;
  const write = async (record: (string | number)[]) => {
    if (!stringifier.write(record)) await Promise.race([once(stringifier, 'drain'), failed]);
  };
  await write(columns.map((c) => c));
  return {
    async row(values) {
      await write(values.map(cell));
      rows++;
    },
    async end() {
      stringifier.end();
      await Promise.race([once(file, 'close'), failed]);
    },
    abort() {
      stringifier.destroy();
      file.destroy();
    },
    get rows() {
      return rows;
    },
  };
}

/**
 * Writes one CSV export: the header, then whatever `body` writes; finishes the file unless the export
 * was cancelled, and stops writing on any failure (the caller of `write` removes the temp file).
 */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  options: ExportOptions,
  body: (out: CsvWriter) => Promise<void>,
): Promise<ExportResult> {
  const out = await csvWriter(path, columns, options.bom ?? false);
  try {
    await body(out);
    checkCancelled(options.signal);
    await out.end();
    return { rows: out.rows, unit: 'rows' };
  } catch (error) {
    out.abort();
    throw error;
  }
}
