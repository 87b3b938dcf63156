// PubMed/MEDLINE (.nbib): the seed file, continuation lines, FAU over AU, DOIs from LID/AID, and
// bad records with their lines.
import { describe, expect, it } from 'vitest';
import { parseMedline } from '../../../electron/backend/importers/medline';
import { fixtureText } from './fixtures';

describe('MEDLINE', () => {
  it('reads the three seed records, joining continuation lines', () => {
    const { records, errors } = parseMedline(fixtureText('seeds.nbib'));
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.pmid, r.year])).toEqual([
      [1, '90000001', 2007],
      [20, '90000002', 2018],
      [62, '90000003', 2015],
    ]);
    expect(records[0]!.title).toBe(
      'Cardiac resynchronization therapy in patients with end-stage inotrope-dependent class IV heart failure.',
    );
    expect(records[0]!.abstract).toContain('Ten patients (age 55 +/- 13 years) with inotrope-dependent class IV HF');
    expect(records[0]!.abstract).toContain('(23.5 +/- 4.3% to 32.0 +/- 9.1%; p <0.05).');
    expect(records[0]!.journal).toBe('The American journal of cardiology');
    const second = records[1]!;
    expect(second.authors).toEqual([
      'Hernandez, Gabriel A',
      'Blumer, Vanessa',
      'Arcay, Luis',
      'Monge, Jorge',
      'Viles Gonzalez, Juan',
      'Lindenfeld, Jo Ann',
      'Goldberger, Jeffrey',
      'Chaparro, Sandra',
    ]);
    expect(second).toMatchObject({ volume: '6', issue: '9', pages: '734-742', kind: 'journal_article' });
    expect(second.keywords).toContain('New York Heart Association functional class IV');
  });

  it('uses AU when there is no FAU, takes the DOI from LID, and reads conference abstracts', () => {
    const text = [
      'PMID- 123',
      'TI  - Title',
      'AU  - Smith J',
      'AU  - Doe A',
      'LID - 10.1000/abc.1 [doi]',
      'LID - S0002-9149(07)00001-1 [pii]',
      'PT  - Congress',
      'DP  - 2019 Jan-Feb',
    ].join('\n');
    const { records } = parseMedline(text);
    expect(records[0]).toMatchObject({
      authors: ['Smith J', 'Doe A'],
      doi: '10.1000/abc.1',
      kind: 'conference_abstract',
      year: 2019,
    });
  });

  it('opens a new record at PMID even without a blank line before it', () => {
    const { records } = parseMedline('PMID- 1\nTI  - One\nPMID- 2\nTI  - Two\n');
    expect(records.map((r) => [r.line, r.pmid, r.title])).toEqual([
      [1, '1', 'One'],
      [3, '2', 'Two'],
    ]);
  });

  it('refuses only the record without a title; keeps the others, noting what it dropped or joined', () => {
    const { records, errors, notes } = parseMedline(fixtureText('malformed.nbib'));
    expect(records.map((r) => [r.line, r.title])).toEqual([
      [1, 'A good MEDLINE record.'],
      [12, 'A record with a line that lost its indentation'],
      [18, 'A record whose PMID is not a number.'],
      [22, 'Another good record, from a conference.'],
    ]);
    expect(records[0]!.doi).toBe('10.1000/good.1');
    expect(records[1]!.abstract).toBe('The first line of the abstract which was not indented.');
    expect(records[2]!.pmid).toBeNull();
    expect(errors).toEqual([{ line: 8, message: 'the record has no title' }]);
    expect(notes).toEqual([
      { line: 15, message: 'a line that is not indented after AB; read as part of AB' },
      { line: 18, message: 'the PMID "ABC" is not a PubMed id; left out' },
    ]);
  });
});
