// Bytes of a reference file to text. Reference managers and databases write UTF-8 (with or without
// a byte-order mark), UTF-16 (Windows "Unicode" exports, always with a BOM), or a legacy 8-bit code
// page; line ends are CRLF, LF or old-Mac CR. Parsers see LF-only text without a BOM, so their line
// numbers are the line numbers a text editor shows. Layer: electron/backend (importers).

import chardet from 'chardet';
import iconv from 'iconv-lite';

/** The encoding a file was read in: utf-8, utf-8-bom, utf-16le/be, or a legacy code page's name. */
export type TextEncodingName = string;

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Set when the encoding was guessed rather than known (no BOM, not UTF-8, nothing declared). */
  note?: string;
}

function hasNulPattern(bytes: Uint8Array, odd: boolean): boolean {
  // UTF-16 without a BOM: ASCII text has a zero in every other byte.
  const n = Math.min(bytes.length, 400) & ~1;
  if (n < 4) return false;
  let zeros = 0;
  for (let i = odd ? 1 : 0; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return zeros >= (n / 2) * 0.9;
}

/**
 * An encoding the file names itself in its first lines: JabRef's "% Encoding: windows-1252" or an
 * Emacs "-*- coding: latin-9-unix -*-" line. Returned only when iconv-lite can decode it.
 */
export function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const match =
    /^%\s*Encoding:\s*([A-Za-z0-9._:-]{1,40})/im.exec(head) ??
    /-\*-.{0,80}?coding:\s*([A-Za-z0-9._-]{1,40})/i.exec(head);
  if (!match) return null;
  const name = match[1]!.replace(/-(?:unix|dos|mac)$/i, '').replace(/^ISO8859_/i, 'iso-8859-');
  return iconv.encodingExists(name) ? name.toLowerCase() : null;
}

/**
 * Chinese text in GB2312/GBK: every byte above 0x7F pairs with the next and both lie in 0xA1–0xFE.
 * Western text in a Latin code page has its accented letters mostly alone between ASCII letters, so
 * it does not pass. Short files are where a statistical detector cannot tell the two apart.
 */
function looksLikeGbk(bytes: Uint8Array): boolean {
  let pairs = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const t = bytes[i + 1];
    if (b < 0xa1 || b > 0xfe || t === undefined || t < 0xa1 || t > 0xfe) return false;
    pairs++;
    i++;
  }
  return pairs >= 2;
}

/** The legacy encoding of bytes that are not UTF-8, by chardet (MIT), with how sure it is. */
function guessLegacy(bytes: Uint8Array): { encoding: string; confidence: number } {
  const sample = bytes.length > 256 * 1024 ? bytes.subarray(0, 256 * 1024) : bytes;
  const candidates = chardet.analyse(sample).filter((c) => iconv.encodingExists(c.name));
  const best = candidates[0];
  const cjk = /^(?:GB|Big5|EUC|Shift_JIS|ISO-2022)/i;
  if ((!best || (best.confidence < 50 && !cjk.test(best.name))) && looksLikeGbk(sample))
    return { encoding: 'gb18030', confidence: best?.confidence ?? 0 };
  if (!best) return { encoding: 'windows-1252', confidence: 0 };
  // ISO-8859-1 as detected is read as windows-1252: the same letters, plus the quotes and dashes
  // Windows exports use in 0x80–0x9F (browsers read "latin1" the same way).
  const name = /^ISO-8859-1$/i.test(best.name) ? 'windows-1252' : best.name.toLowerCase();
  return { encoding: name, confidence: best.confidence };
}

/** Decodes a reference file's bytes and normalises its line ends to LF. */
export function decodeText(bytes: Uint8Array): DecodedText {
  let encoding: TextEncodingName;
  let text: string;
  let note: string | undefined;
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
    const declared = declaredEncoding(bytes);
    if (declared && !/^utf-?8$/i.test(declared)) {
      encoding = declared;
      text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), declared);
    } else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        encoding = 'utf-8';
      } catch {
        // Not valid UTF-8 and nothing declared: a legacy code page, guessed.
        const guess = guessLegacy(bytes);
        encoding = guess.encoding;
        text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), guess.encoding);
        note = `the file is not UTF-8 and does not say its encoding; it was read as ${guess.encoding} (a guess${guess.confidence ? `, ${guess.confidence}% sure` : ''}): check names and accented letters in the preview, or save it as UTF-8`;
      }
    }
  }
  return note ? { text: normaliseNewlines(text), encoding, note } : { text: normaliseNewlines(text), encoding };
}

/** CRLF and lone CR become LF; a BOM left inside the text (concatenated files) is dropped. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\uFEFF/g, '');
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

/** Bytes read from a file or held in memory, a range at a time. */
export interface ByteSource {
  size: number;
  read(position: number, length: number): Uint8Array;
}

/** Bytes decoded per piece: a few megabytes of text at a time. */
const PIECE_BYTES = 4 * 1024 * 1024;

/**
 * Plain UTF-8 (with or without a BOM, and no other encoding declared) decoded a piece at a time, so
 * a large file's text is never held whole: each piece ends at a line end, with line ends normalised
 * as decodeText does, and goes to `piece` (the last with `last` true). Returns the encoding's name,
 * or null, before any piece, when the bytes are anything else (then decodeText reads them whole).
 */
export function decodeUtf8Pieces(
  source: ByteSource,
  piece: (text: string, last: boolean) => void,
  pieceBytes = PIECE_BYTES,
): string | null {
  const head = source.read(0, Math.min(source.size, 64 * 1024));
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return null;
  if (hasNulPattern(head, true) || hasNulPattern(head, false)) return null;
  const declared = declaredEncoding(head);
  if (declared && !/^utf-?8$/i.test(declared)) return null;
  // Valid UTF-8 throughout? Checked first, so a file that is not is read whole and nothing was given yet.
  const check = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let at = 0; at < source.size; at += pieceBytes)
      check.decode(source.read(at, Math.min(pieceBytes, source.size - at)), { stream: true });
    check.decode();
  } catch {
    return null;
  }
  // The decoder drops a leading BOM, as decodeText does.
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  for (let at = 0; at < source.size; at += pieceBytes) {
    const text = carry + decoder.decode(source.read(at, Math.min(pieceBytes, source.size - at)), { stream: true });
    const cut = text.lastIndexOf('\n');
    if (cut === -1) {
      carry = text;
      continue;
    }
    piece(normaliseNewlines(text.slice(0, cut + 1)), false);
    carry = text.slice(cut + 1);
  }
  piece(normaliseNewlines(carry + decoder.decode()), true);
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 'utf-8-bom' : 'utf-8';
}
