// Reads a reference file of any supported format: bytes -> text -> format -> records and errors.
// Layer: electron/backend (importers).
import { parseBibtex } from './bibtex';
import { parseCsv, type ColumnMapping } from './csv';
import { decodeText, type DecodedText, type TextEncodingName } from './decode';
import { detectFormat } from './detect';
import { parseEndnoteXml } from './endnoteXml';
import { parseMedline } from './medline';
import { parseRis } from './ris';
import type { RecordSink } from './record';
import type { ImportedRecord, ParseResult, ReferenceFormat } from './types';

export type { ImportedRecord, ParseError, ParseNote, ParseResult, ReferenceFormat } from './types';
export type { ColumnMapping, CsvField } from './csv';

export interface ReadReferences extends ParseResult {
  /** null when the format could not be told; `errors` then says so. */
  format: ReferenceFormat | null;
  encoding: TextEncodingName;
  /** For CSV: the headers and the column mapping used. */
  csv?: { headers: string[]; mapping: ColumnMapping };
}

/**
 * Parses decoded text. With `onRecord`, the line formats (RIS, MEDLINE) hand each record there as
 * they read it and return no records (the reading thread sends them on at once, so a large file's
 * records are never all held); the other formats return their records as usual.
 */
export function parseText(
  text: string,
  format: ReferenceFormat,
  mapping?: ColumnMapping,
  onRecord?: (record: ImportedRecord) => void,
): ParseResult & { csv?: ReadReferences['csv'] } {
  switch (format) {
    case 'ris':
      return parseRis(text, onRecord);
    case 'medline':
      return parseMedline(text, onRecord);
    case 'endnote_xml':
      return parseEndnoteXml(text);
    case 'bibtex':
      return parseBibtex(text);
    case 'csv': {
      const { headers, mapping: used, records, errors, notes } = parseCsv(text, mapping ? { mapping } : {});
      return { records, errors, notes, csv: { headers, mapping: used } };
    }
  }
}

export function readReferences(
  bytes: Uint8Array,
  fileName: string,
  options: { format?: ReferenceFormat | undefined; mapping?: ColumnMapping | undefined } = {},
): ReadReferences {
  return readDecoded(decodeText(bytes), fileName, options);
}

/** readReferences for text already decoded (the reading thread drops the bytes first). */
export function readDecoded(
  decoded: DecodedText,
  fileName: string,
  options: {
    format?: ReferenceFormat | undefined;
    mapping?: ColumnMapping | undefined;
    onRecord?: ((record: ImportedRecord) => void) | undefined;
  } = {},
): ReadReferences {
  const { text, encoding, note } = decoded;
  const format = options.format ?? detectFormat(text, fileName);
  if (!format) {
    return {
      format: null,
      encoding,
      records: [],
      notes: [],
      errors: [
        {
          line: 1,
          message:
            'the file is not in a reference format Caliper reads (RIS, PubMed/MEDLINE, EndNote XML, BibTeX, CSV)',
        },
      ],
    };
  }
  const { onRecord: _sink, ...parsed } = parseText(text, format, options.mapping, options.onRecord) as ParseResult &
    RecordSink & { csv?: ReadReferences['csv'] };
  parsed.errors.sort((a, b) => a.line - b.line);
  parsed.notes.sort((a, b) => a.line - b.line);
  if (note) parsed.notes.unshift({ line: 1, message: note });
  return { format, encoding, ...parsed };
}
