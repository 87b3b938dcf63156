// A large RIS or MEDLINE file is decoded and parsed a piece at a time in the reading thread: the
// pieces must read exactly as the whole text does. Checked on fuzzed bytes and text cut at random
// places (line ends CRLF and CR split across pieces, multi-byte characters split across reads, BOMs,
// UTF-16, declared and guessed code pages).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodePieces, decodeText, type ByteSource } from '../../../electron/backend/importers/decode';
import { medlineParser, parseMedline } from '../../../electron/backend/importers/medline';
import { parseRis, risParser } from '../../../electron/backend/importers/ris';
import { fuzzRuns } from '../../helpers/fuzz';
import { fixtureText } from './fixtures';

/** Bytes read as the reading thread reads a file: into one buffer, overwritten by the next read. */
const source = (bytes: Uint8Array): ByteSource => {
  let buffer = new Uint8Array(0);
  return {
    size: bytes.length,
    read(position, length) {
      if (buffer.length < length) buffer = new Uint8Array(length);
      const got = bytes.subarray(position, position + length);
      buffer.fill(0xff).set(got);
      return buffer.subarray(0, got.length);
    },
  };
};

const risLine = fc.oneof(
  fc.constantFrom('TY  - JOUR', 'ER  - ', 'TI  - A trial of é and 漢字', 'AU  - Smith, J', 'AB  - ', 'PY  - 2001', ''),
  fc.string({ maxLength: 30 }),
);
const risText = fc
  .tuple(fc.array(risLine, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([lines, end]) => lines.join(end));

describe('reading a RIS file in pieces (fuzz)', () => {
  it('decodes in pieces to the text and encoding decodeText gives, in every encoding it tells', () => {
    const encode = (text: string, how: string): Uint8Array => {
      switch (how) {
        case 'utf-8':
          return new TextEncoder().encode(text);
        case 'utf-8-bom':
          return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
        case 'utf-16le-bom':
          return iconv.encode(text, 'utf-16le', { addBOM: true });
        case 'utf-16be':
          return iconv.encode(text, 'utf-16be');
        case 'declared':
          return iconv.encode(`% Encoding: windows-1250\n${text}`, 'windows-1250');
        default:
          // Not UTF-8, nothing declared: guessed.
          return iconv.encode(`${text}\nTI  - Café São Paulo`, 'windows-1252');
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .tuple(risText, fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be', 'declared', 'guessed'))
            .map(([t, how]) => encode(t, how)),
          fc.uint8Array({ maxLength: 200 }),
        ),
        fc.integer({ min: 1, max: 17 }),
        (bytes, pieceBytes) => {
          const pieces: string[] = [];
          let lasts = 0;
          const decoded = decodePieces(
            source(bytes),
            (text, last) => {
              pieces.push(text);
              if (last) lasts++;
              else expect(text.endsWith('\n')).toBe(true);
            },
            { pieceBytes },
          )!;
          expect(lasts).toBe(1);
          const whole = decodeText(bytes);
          expect(decoded).toEqual(
            whole.note ? { encoding: whole.encoding, note: whole.note } : { encoding: whole.encoding },
          );
          expect(pieces.join('')).toBe(whole.text);
        },
      ),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('gives the head of the file, decoded, before any piece, and stops when told', () => {
    const text = `TY  - JOUR\r\nTI  - Ça va\r\nER  - \r\n${'x'.repeat(300 * 1024)}`;
    const bytes = iconv.encode(text, 'utf-16le', { addBOM: true });
    let head = '';
    const pieces: string[] = [];
    expect(
      decodePieces(source(bytes), (t) => pieces.push(t), {
        head: (t) => {
          head = t;
          return false;
        },
      }),
    ).toBeNull();
    expect(pieces).toEqual([]);
    // 256 KB of UTF-16 after its BOM: 131,071 characters, less the CRs of its three CRLFs, more
    // than the 64 K characters a format is told from.
    expect(head).toBe(text.replace(/\r\n/g, '\n').slice(0, (256 * 1024 - 2) / 2 - 3));
  });

  const cutAt = (text: string, cuts: number[]) => {
    // Cut after line ends only, as the reading thread does.
    const ends = [...text.matchAll(/\n/g)].map((m) => m.index + 1);
    return [...new Set(cuts.map((c) => ends[c % Math.max(1, ends.length)] ?? 0))]
      .filter((n) => n > 0)
      .sort((a, b) => a - b);
  };
  const feedPieces = (parser: { feed(text: string, last?: boolean): void }, text: string, at: number[]) => {
    let from = 0;
    for (const cut of at) {
      parser.feed(text.slice(from, cut));
      from = cut;
    }
    parser.feed(text.slice(from), true);
  };

  it('parses RIS pieces cut at line ends to what the whole text parses to', () => {
    const seeds = ['seeds.ris', 'continuation.ris', 'malformed.ris'].map((name) => fixtureText(name));
    fc.assert(
      fc.property(fc.oneof(risText, fc.constantFrom(...seeds)), fc.array(fc.nat(), { maxLength: 6 }), (raw, cuts) => {
        const text = raw.replace(/\r\n?/g, '\n');
        const parser = risParser();
        feedPieces(parser, text, cutAt(text, cuts));
        expect(parser.end()).toEqual(parseRis(text));
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  const medlineLine = fc.oneof(
    fc.constantFrom(
      'PMID- 123',
      'TI  - A trial of é',
      '      continued',
      'FAU - Smith, J',
      'DP  - 2001',
      'AB  - x',
      '',
    ),
    fc.string({ maxLength: 30 }),
  );

  it('parses MEDLINE pieces cut at line ends to what the whole text parses to', () => {
    const seeds = ['seeds.nbib', 'malformed.nbib'].map((name) => fixtureText(name));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(medlineLine, { maxLength: 40 }).map((lines) => lines.join('\n')),
          fc.constantFrom(...seeds),
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        (raw, cuts) => {
          const text = raw.replace(/\r\n?/g, '\n');
          const parser = medlineParser();
          feedPieces(parser, text, cutAt(text, cuts));
          expect(parser.end()).toEqual(parseMedline(text));
        },
      ),
      { numRuns: fuzzRuns(500) },
    );
  });
});
