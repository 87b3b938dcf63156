// The whole-review JSON file is read one value at a time: whatever the layout and wherever the reads
// split the text (down to 1 byte, inside a multi-byte character or an escape), the values are those
// JSON.parse finds; any text that is not such an object is refused with a ScanError, never another error.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJsonFile, ScanError } from '../../../electron/backend/services/reviewJson/scan';
import { fuzzRuns } from '../../helpers/fuzz';
import { tempDir } from '../../helpers/temp';

/** Scans text from a file in reads of chunkBytes; answers with the object rebuilt from the events. */
function scan(dir: string, text: string, chunkBytes: number, maxValueChars = 1e9): Record<string, unknown> {
  const file = path.join(dir, 'x.json');
  writeFileSync(file, text);
  const out: Record<string, unknown> = {};
  scanJsonFile(
    file,
    {
      value: (key, value) => (out[key] = value),
      arrayStart: (key) => (out[key] = []),
      element: (key, index, value) => {
        const list = out[key] as unknown[];
        expect(index).toBe(list.length);
        list.push(value);
      },
      arrayEnd: (key, count) => expect((out[key] as unknown[]).length).toBe(count),
    },
    maxValueChars,
    chunkBytes,
  );
  return out;
}

const SAMPLE = {
  format: 'caliper-review',
  version: 1,
  neg: -1.5e-3,
  t: true,
  n: null,
  review: { title: 'Ünïcode “quotes” \\ "escaped" \u0001 😀', nested: [1, [2, { a: '}]' }]] },
  studies: [{ id: 's1', label: '[{,:"' }, 'text', 3, false, null, [], {}],
  empty: [],
};

describe('reading a whole-review JSON file value by value', () => {
  it('gives the values JSON.parse gives, in any layout and any read size', () => {
    const dir = tempDir();
    for (const text of [JSON.stringify(SAMPLE), JSON.stringify(SAMPLE, null, 2), `\ufeff${JSON.stringify(SAMPLE)}\n`])
      for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) expect(scan(dir, text, chunk)).toEqual(SAMPLE);
  });

  it('refuses what is not one JSON object, naming the line and column', () => {
    const dir = tempDir();
    const refused: [string, RegExp][] = [
      ['', /ends before/],
      ['[1]', /line 1, column 1: expected "\{"/],
      ['{"a": 1,}', /expected a key/],
      ['{"a": [1,]}', /unexpected "\]"/],
      ['{"a": 1}\n{"b": 2}', /line 2, column 1: there is more/],
      ['{"a": 1, "a": 2}', /"a" appears twice/],
      ['{"a": tru}', /a: is not JSON/],
      ['{"a": [{"x": 1}, {"x": }]}', /a\[1\]: is not JSON/],
      ['{"a": {"b": 1}', /ends before/],
      ['{"a": "xxxxxxxxxxxxxxxx"}', /too large/],
    ];
    for (const [text, message] of refused) {
      expect(() => scan(dir, text, 4, 10), text).toThrow(ScanError);
      expect(() => scan(dir, text, 4, 10), text).toThrow(message);
    }
  });

  it('fuzz: any text is read as JSON.parse reads it, or refused with a ScanError', () => {
    const dir = tempDir();
    const base = JSON.stringify(SAMPLE, null, 1);
    const texts = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      // The sample with a slice cut out, a character put in, or cut short.
      fc
        .tuple(fc.nat(base.length), fc.nat(8), fc.string({ maxLength: 3 }))
        .map(([at, cut, put]) => base.slice(0, at) + put + base.slice(at + cut)),
      fc.nat(base.length).map((at) => base.slice(0, at)),
      fc.json().map((json) => `{"k": ${json}, "l": [${json}, ${json}]}`),
    );
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 9 }), (text, chunk) => {
        let parsed: unknown;
        let duplicate = false;
        try {
          // As written to the file (a lone surrogate becomes U+FFFD in UTF-8).
          parsed = JSON.parse(
            Buffer.from(text, 'utf8')
              .toString('utf8')
              .replace(/^\ufeff/, ''),
          );
          // A key given twice is taken by JSON.parse (the last wins) and refused here.
          duplicate = /"([^"\\]*)"\s*:[\s\S]*"\1"\s*:/.test(text);
        } catch {
          parsed = undefined;
        }
        const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
        try {
          const out = scan(dir, text, chunk);
          expect(isObject).toBe(true);
          expect(out).toEqual(parsed);
        } catch (error) {
          if (!(error instanceof ScanError)) throw error;
          expect(isObject && !duplicate, `refused ${JSON.stringify(text)}: ${error.message}`).toBe(false);
        }
      }),
      { numRuns: fuzzRuns(400) },
    );
  });
});
