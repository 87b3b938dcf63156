// A large RIS file is decoded and parsed a few megabytes at a time in the reading thread: the pieces
// must read exactly as the whole text does. Checked on fuzzed bytes and text cut at random places
// (line ends CRLF and CR split across pieces, multi-byte characters split across reads, BOMs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, decodeUtf8Pieces, type ByteSource } from '../../../electron/backend/importers/decode';
import { parseRis, risParser } from '../../../electron/backend/importers/ris';
import { fuzzRuns } from '../../helpers/fuzz';
import { fixtureText } from './fixtures';

const source = (bytes: Uint8Array): ByteSource => ({
  size: bytes.length,
  read: (position, length) => bytes.subarray(position, position + length),
});

const risLine = fc.oneof(
  fc.constantFrom('TY  - JOUR', 'ER  - ', 'TI  - A trial of é and 漢字', 'AU  - Smith, J', 'AB  - ', 'PY  - 2001', ''),
  fc.string({ maxLength: 30 }),
);
const risText = fc
  .tuple(fc.array(risLine, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([lines, end]) => lines.join(end));

describe('reading a RIS file in pieces (fuzz)', () => {
  it('decodes UTF-8 in pieces to the text decodeText gives, or declines what is not plain UTF-8', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          risText.map((t) => new TextEncoder().encode(t)),
          risText.map((t) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(t)])),
          fc.uint8Array({ maxLength: 200 }),
        ),
        fc.integer({ min: 1, max: 17 }),
        (bytes, pieceBytes) => {
          const pieces: string[] = [];
          let lasts = 0;
          const encoding = decodeUtf8Pieces(
            source(bytes),
            (text, last) => {
              pieces.push(text);
              if (last) lasts++;
              else expect(text.endsWith('\n')).toBe(true);
            },
            pieceBytes,
          );
          if (encoding === null) {
            expect(pieces).toEqual([]);
            return;
          }
          expect(lasts).toBe(1);
          const whole = decodeText(bytes);
          expect(encoding).toBe(whole.encoding);
          expect(pieces.join('')).toBe(whole.text);
        },
      ),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('parses pieces cut at line ends to what the whole text parses to', () => {
    const seeds = ['seeds.ris', 'continuation.ris', 'malformed.ris'].map((name) => fixtureText(name));
    fc.assert(
      fc.property(fc.oneof(risText, fc.constantFrom(...seeds)), fc.array(fc.nat(), { maxLength: 6 }), (raw, cuts) => {
        const text = raw.replace(/\r\n?/g, '\n');
        // Cut after line ends only, as the reading thread does.
        const ends = [...text.matchAll(/\n/g)].map((m) => m.index + 1);
        const at = [...new Set(cuts.map((c) => ends[c % Math.max(1, ends.length)] ?? 0))]
          .filter((n) => n > 0)
          .sort((a, b) => a - b);
        const parser = risParser();
        let from = 0;
        for (const cut of at) {
          parser.feed(text.slice(from, cut));
          from = cut;
        }
        parser.feed(text.slice(from), true);
        expect(parser.end()).toEqual(parseRis(text));
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});
