// Bytes of a reference file to text. Reference managers and databases write UTF-8 (with or without
// a byte-order mark), UTF-16 (Windows "Unicode" exports, always with a BOM), or a legacy 8-bit code
// page; line ends are CRLF, LF or old-Mac CR. Parsers see LF-only text without a BOM, so their line
// numbers are the line numbers a text editor shows. Layer: electron/backend (importers).

import chardet from 'chardet';
import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';

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

/**
 * How a file's bytes are decoded: `skip` bytes of byte-order mark, then `decoder`. Told from its
 * first bytes (a BOM, the NULs of UTF-16, an encoding the file declares), else UTF-8 when all of
 * it is valid UTF-8 (`allUtf8` checks), else a legacy code page guessed from the first bytes.
 */
interface Decoding {
  encoding: TextEncodingName;
  skip: number;
  /** The decoder's name: a TextDecoder's (utf-8, utf-16le, utf-16be) or iconv-lite's. */
  decoder: string;
  note?: string;
}

/** Bytes of the file's start the encoding is told from (chardet reads this much at most). */
const HEAD_BYTES = 256 * 1024;

function chooseDecoding(head: Uint8Array, allUtf8: () => boolean): Decoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8-bom', skip: 3, decoder: 'utf-8' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2, decoder: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2, decoder: 'utf-16be' };
  if (hasNulPattern(head, true)) return { encoding: 'utf-16le', skip: 0, decoder: 'utf-16le' };
  if (hasNulPattern(head, false)) return { encoding: 'utf-16be', skip: 0, decoder: 'utf-16be' };
  const declared = declaredEncoding(head);
  if (declared && !/^utf-?8$/i.test(declared)) return { encoding: declared, skip: 0, decoder: declared };
  if (allUtf8()) return { encoding: 'utf-8', skip: 0, decoder: 'utf-8' };
  // Not valid UTF-8 and nothing declared: a legacy code page, guessed.
  const guess = guessLegacy(head);
  return {
    encoding: guess.encoding,
    skip: 0,
    decoder: guess.encoding,
    note: `the file is not UTF-8 and does not say its encoding; it was read as ${guess.encoding} (a guess${guess.confidence ? `, ${guess.confidence}% sure` : ''}): check names and accented letters in the preview, or save it as UTF-8`,
  };
}

const TEXT_DECODERS = new Set(['utf-8', 'utf-16le', 'utf-16be']);

/** A streaming decoder: `write` each range of bytes in order (the bytes may be reused after), then `end`. */
function streamDecoder(name: string): { write(bytes: Uint8Array): string; end(): string } {
  if (TEXT_DECODERS.has(name)) {
    const decoder = new TextDecoder(name);
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder(name);
  // iconv-lite's multi-byte decoders read a bad sequence cut between two writes differently from
  // the same bytes in one write, so each write ends after a line end: no multi-byte sequence of a
  // legacy code page holds byte 0x0A or 0x0D (the Unicode encodings iconv-lite reads keep their
  // own state across writes, and are given the bytes as they come).
  const byLines = !/^(?:utf|ucs)/i.test(name);
  let rest: Buffer | null = null;
  return {
    write(bytes) {
      // A copy: the caller may reuse the bytes, and a decoder may keep those it has not finished with.
      const all = rest ? Buffer.concat([rest, bytes]) : Buffer.from(bytes);
      if (!byLines) return decoder.write(all);
      const cut = Math.max(all.lastIndexOf(0x0a), all.lastIndexOf(0x0d)) + 1;
      rest = all.subarray(cut);
      return cut > 0 ? decoder.write(all.subarray(0, cut)) : '';
    },
    end: () => (rest && rest.length > 0 ? decoder.write(rest) : '') + (decoder.end() ?? ''),
  };
}

/** Decodes a reference file's bytes and normalises its line ends to LF. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const decoding = chooseDecoding(bytes.subarray(0, HEAD_BYTES), () => isUtf8(bytes));
  const body = bytes.subarray(decoding.skip);
  const text = TEXT_DECODERS.has(decoding.decoder)
    ? new TextDecoder(decoding.decoder).decode(body)
    : iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), decoding.decoder);
  const { encoding, note } = decoding;
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

/**
 * Bytes read from a file or held in memory, a range at a time. What `read` returns may be
 * overwritten by the next read (a file is read into one reused buffer).
 */
export interface ByteSource {
  size: number;
  read(position: number, length: number): Uint8Array;
}

/** Bytes decoded per piece: a megabyte of text at a time. */
export const PIECE_BYTES = 1024 * 1024;

/** How many of `bytes` form whole UTF-8 sequences: an incomplete one at the end is left out. */
function wholeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Whether the bytes from `from` on are valid UTF-8, checked a piece at a time. */
function allUtf8(source: ByteSource, from: number, pieceBytes: number): boolean {
  let tail = new Uint8Array(0);
  for (let at = from; at < source.size; at += pieceBytes) {
    const read = source.read(at, Math.min(pieceBytes, source.size - at));
    const bytes = tail.length === 0 ? read : Buffer.concat([tail, read]);
    const whole = wholeUtf8Length(bytes);
    if (!isUtf8(bytes.subarray(0, whole))) return false;
    tail = bytes.slice(whole);
  }
  return tail.length === 0;
}

/**
 * A file decoded a piece at a time, as decodeText would decode it whole, so a large file's bytes
 * and text are never held whole: the encoding is told from the first bytes (and, for UTF-8, a first
 * pass over the bytes checks all of them), each piece ends at a line end, with line ends normalised
 * as decodeText does, and goes to `piece` (the last with `last` true). `head` is given the file's
 * first text (from up to 256 KB), decoded alone, before any piece: it may answer false to stop.
 */
export function decodePieces(
  source: ByteSource,
  piece: (text: string, last: boolean) => void,
  options: { pieceBytes?: number; head?: (text: string) => boolean } = {},
): { encoding: TextEncodingName; note?: string } | null {
  const pieceBytes = options.pieceBytes ?? PIECE_BYTES;
  // A copy: the source may reuse the bytes it returned.
  const head = Uint8Array.from(source.read(0, Math.min(source.size, HEAD_BYTES)));
  const decoding = chooseDecoding(head, () => allUtf8(source, 0, pieceBytes));
  const { encoding, note } = decoding;
  if (options.head) {
    const decoder = streamDecoder(decoding.decoder);
    const text = decoder.write(head.subarray(decoding.skip)) + (head.length === source.size ? decoder.end() : '');
    if (!options.head(normaliseNewlines(text))) return null;
  }
  const decoder = streamDecoder(decoding.decoder);
  let carry = '';
  const emit = (text: string) => {
    const all = carry + text;
    // Cut after the last line end; a CR at the very end waits, as the LF of a CRLF may come next.
    const cut = Math.max(all.lastIndexOf('\n'), all.length > 1 ? all.lastIndexOf('\r', all.length - 2) : -1);
    if (cut === -1) {
      carry = all;
      return;
    }
    piece(normaliseNewlines(all.slice(0, cut + 1)), false);
    carry = all.slice(cut + 1);
  };
  for (let at = decoding.skip; at < source.size; at += pieceBytes)
    emit(decoder.write(source.read(at, Math.min(pieceBytes, source.size - at))));
  piece(normaliseNewlines(carry + decoder.end()), true);
  return note ? { encoding, note } : { encoding };
}
