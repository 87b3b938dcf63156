// The reading thread reads a large RIS or MEDLINE file a megabyte at a time (decoded in pieces, cut
// at line ends, parsed as it goes): what it reads must be exactly what reading the whole file in the
// calling thread gives (records, bad records and notes with their line numbers, the encoding and a
// guessed encoding's note), whatever the encoding and wherever the pieces fall inside a record.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PIECE_BYTES } from '../../electron/backend/importers/decode';
import { readReferences } from '../../electron/backend/importers';
import { IN_THREAD_MAX_BYTES, readReferencesInThread } from '../../electron/backend/importers/thread';
import type { ImportedRecord } from '../../electron/backend/importers/types';
import { fixtureText } from '../unit/importers/fixtures';
import { tempDir } from '../helpers/temp';

/** About 2.5 MB of records (accented letters, long abstracts), then the malformed fixture's records. */
function bigText(format: 'ris' | 'medline', lineEnd: string): string {
  const records: string[] = [];
  for (let i = 0; i < 2_400; i++) {
    records.push(
      format === 'ris'
        ? `TY  - JOUR\nTI  - Essai ${i} de résynchronisation cardiaque à Göteborg\nAU  - Müller, José\nPY  - 2001\nAB  - ${'Résumé de l’essai. '.repeat(50)}\nER  - \n`
        : `PMID- ${10_000 + i}\nTI  - Essai ${i} de résynchronisation cardiaque à Göteborg\nFAU - Müller, José\nDP  - 2001\nAB  - ${'Résumé de l’essai. '.repeat(25)}\n      ${'Résumé de l’essai. '.repeat(25)}\n`,
    );
  }
  records.push(fixtureText(format === 'ris' ? 'malformed.ris' : 'malformed.nbib'));
  return records.join('\n').replace(/\n/g, lineEnd);
}

async function readBothWays(name: string, bytes: Uint8Array) {
  expect(bytes.length).toBeGreaterThan(2 * PIECE_BYTES);
  expect(bytes.length).toBeGreaterThan(IN_THREAD_MAX_BYTES);
  const file = path.join(tempDir(), name);
  writeFileSync(file, bytes);
  const whole = readReferences(bytes, name);
  const taken: ImportedRecord[] = [];
  const threaded = await readReferencesInThread(
    { fileName: name, filePath: file },
    { takeRecords: (first, records) => taken.splice(first, records.length, ...records) },
  );
  return { whole, threaded: { ...threaded, records: taken } };
}

describe('reading a large line-format file in pieces in the reading thread', () => {
  it('reads UTF-16 (told from its first bytes) with CRLF line ends as the whole file reads, records cut across pieces included', async () => {
    const text = bigText('ris', '\r\n');
    const bytes = iconv.encode(text, 'utf-16le', { addBOM: true });
    // A piece boundary falls inside a record: not at a blank line between two.
    const boundary = iconv.decode(bytes.subarray(0, PIECE_BYTES), 'utf-16le');
    expect(boundary.endsWith('\r\n\r\n')).toBe(false);
    const { whole, threaded } = await readBothWays('big-utf16.ris', bytes);
    expect(threaded.encoding).toBe('utf-16le');
    const fixture = readReferences(Buffer.from(fixtureText('malformed.ris')), 'malformed.ris');
    expect(threaded.records).toHaveLength(2_400 + fixture.records.length);
    expect(threaded).toEqual(whole);
    // The malformed records at the end keep their lines: after 2,400 records of 7 lines each.
    expect(threaded.errors.map((e) => e.line)).toEqual(fixture.errors.map((e) => e.line + 2_400 * 7));
    expect(threaded.records[1_000]!.title).toBe('Essai 1000 de résynchronisation cardiaque à Göteborg');
  });

  it('reads a legacy code page it guesses, with the guess noted on line 1, as the whole file reads', async () => {
    const bytes = iconv.encode(bigText('ris', '\n'), 'windows-1252');
    const { whole, threaded } = await readBothWays('big-1252.ris', bytes);
    expect(threaded.encoding).toBe(whole.encoding);
    expect(threaded.notes[0]).toMatchObject({ line: 1, message: expect.stringMatching(/not UTF-8/) });
    expect(threaded).toEqual(whole);
    expect(threaded.records[5]!.authors).toEqual(['Müller, José']);
  });

  it('reads MEDLINE in UTF-8 with old-Mac CR line ends as the whole file reads', async () => {
    const bytes = Buffer.from(bigText('medline', '\r'));
    const { whole, threaded } = await readBothWays('big.nbib', bytes);
    expect(threaded.format).toBe('medline');
    expect(threaded.encoding).toBe('utf-8');
    expect(threaded.records.length).toBeGreaterThan(2_400);
    expect(threaded).toEqual(whole);
  });
});
