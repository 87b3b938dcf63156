// RIS: the seed file, continuation lines, repeated tags, and bad records with their lines.
import { describe, expect, it } from 'vitest';
import { parseRis } from '../../../electron/backend/importers/ris';
import { fixtureText } from './fixtures';

describe('RIS', () => {
  it('reads the three seed records with their fields and first lines', () => {
    const { records, errors } = parseRis(fixtureText('seeds.ris'));
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.year, r.kind])).toEqual([
      [1, 2007, 'journal_article'],
      [8, 2018, 'journal_article'],
      [30, 2015, 'journal_article'],
    ]);
    const hernandez = records[1]!;
    expect(hernandez.title).toBe(
      'Cardiac Resynchronization Therapy in Inotrope-Dependent Heart Failure Patients: A Systematic Review and Meta-Analysis',
    );
    expect(hernandez.authors).toHaveLength(8);
    expect(hernandez.authors[0]).toBe('Hernandez, Gabriel A.');
    expect(hernandez.authors[7]).toBe('Chaparro, Sandra');
    expect(hernandez).toMatchObject({ journal: 'JACC: Heart Failure', volume: '6', issue: '9', pages: '734-742' });
    expect(hernandez.keywords).toEqual(['cardiac resynchronization therapy', 'heart failure', 'inotropes']);
    expect(records[2]!.abstract).toContain('(71±10 years)');
  });

  it('joins continuation lines, repeats AU/A1/KW, takes the DOI from a doi.org URL and the PMID from PubMed’s AN', () => {
    const { records, errors, notes } = parseRis(fixtureText('continuation.ris'));
    expect(errors).toEqual([]);
    expect(notes).toEqual([
      { line: 1, message: 'line 1 is outside any record (a record starts with "TY  -"); ignored' },
    ]);
    const [trial, registry] = records;
    expect(trial).toMatchObject({
      line: 2,
      title:
        'A randomised trial of cardiac resynchronization therapy in patients with mild heart failure and a wide QRS complex',
      authors: ['Smith, Anne', 'Jones, Bob', 'Brown, Carol', 'Green, David'],
      year: 2012,
      journal: 'New England Journal of Medicine',
      pages: '1101-1109',
      doi: '10.1056/NEJMoa1200001',
      pmid: '22455556',
      keywords: ['CRT', 'heart failure'],
      url: 'https://doi.org/10.1056/NEJMoa1200001',
    });
    expect(trial!.abstract).toBe(
      'Background: patients with mild heart failure. Methods: 1820 patients were randomised. Results: mortality 12 of 120 vs 20 of 118.',
    );
    expect(registry).toMatchObject({ line: 25, kind: 'registry_record', pmid: null, year: null });
  });

  it('refuses only the record without a title; keeps the others with their unusable fields left out and noted', () => {
    const { records, errors, notes } = parseRis(fixtureText('malformed.ris'));
    expect(records.map((r) => r.title)).toEqual([
      'A good first record',
      'A record from the year 3021',
      'A record whose ER line was lost',
      'A record with a broken DOI',
      'A good last record',
      'A truncated record at the end of the file',
    ]);
    expect(records[1]!.year).toBeNull();
    expect(records[3]!.doi).toBeNull();
    expect(errors).toEqual([{ line: 7, message: 'the record has no title' }]);
    expect(notes).toEqual([
      { line: 12, message: 'the year 3021 is outside 1500–2200; left out' },
      {
        line: 17,
        message: 'the record starting on line 17 has no ER line before the next TY on line 21; read up to there',
      },
      { line: 21, message: 'the DOI "not-a-doi" is not a DOI (10.NNNN/…); left out' },
      { line: 31, message: 'the record starting on line 31 ends without an ER line; read to the end of the file' },
    ]);
  });

  it('normalises DOIs, years and conference types', () => {
    const text = [
      'TY  - CONF',
      'TI  - Abstract',
      'PY  - 2019///',
      'DO  - https://doi.org/10.1016/J.REC.2019.01.002',
      'ER  -',
      'TY  - JOUR',
      'T1  - Second',
      'Y1  - c1999',
      'DO  - doi:10.1000/XYZ',
      'ER  - ',
    ].join('\n');
    const { records, errors } = parseRis(text);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.kind, r.title, r.year, r.doi])).toEqual([
      ['conference_abstract', 'Abstract', 2019, '10.1016/J.REC.2019.01.002'],
      ['journal_article', 'Second', 1999, '10.1000/XYZ'],
    ]);
  });

  it('reads an empty file as no records and no errors', () => {
    expect(parseRis('')).toEqual({ records: [], errors: [], notes: [] });
    expect(parseRis('\n\n  \n')).toEqual({ records: [], errors: [], notes: [] });
  });
});
