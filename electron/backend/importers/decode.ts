// Bytes of a reference file to text. Reference managers and databases write UTF-8 (with or without
// a byte-order mark), UTF-16 (Windows "Unicode" exports, always with a BOM), or a legacy 8-bit code
// page; line ends are CRLF, LF or old-Mac CR. Parsers see LF-only text without a BOM, so their line
// numbers are the line numbers a text editor shows. Layer: electron/backend (importers).

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

function hasNulPattern(bytes: Uint8Array, odd: boolean): boolean {
  // UTF-16 without a BOM: ASCII text has a zero in every other byte.
  const n = Math.min(bytes.length, 400) & ~1;
  if (n < 4) return false;
  let zeros = 0;
  for (let i = odd ? 1 : 0; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return zeros >= (n / 2) * 0.9;
}

/** Decodes a reference file's bytes and normalises its line ends to LF. */
export function decodeText(bytes: Uint8Array): DecodedText {
  let encoding: TextEncodingName;
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8-bom';
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else if (hasNulPattern(bytes, true)) {
    encoding = 'utf-16le';
    text = new TextDecoder('utf-16le').decode(bytes);
  } else if (hasNulPattern(bytes, false)) {
    encoding = 'utf-16be';
    text = new TextDecoder('utf-16be').decode(bytes);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      encoding = 'utf-8';
    } catch {
      // Not valid UTF-8: a legacy 8-bit export. Windows-1252 is a superset of Latin-1's printable
      // characters (and what browsers use for "latin1" too).
      text = new TextDecoder('windows-1252').decode(bytes);
      encoding = 'windows-1252';
    }
  }
  return { text: normaliseNewlines(text), encoding };
}

/** CRLF and lone CR become LF; a BOM left inside the text (concatenated files) is dropped. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\uFEFF/g, '');
}

/** Splits LF text into lines (index i is line i + 1). */
export function linesOf(text: string): string[] {
  return text.split('\n');
}

/** A function from a character offset in `text` to its 1-based line number. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
