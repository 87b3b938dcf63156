// EndNote XML, BibTeX and CSV: fields, LaTeX and XML entities, column mapping, and bad records with
// their lines.
import { describe, expect, it } from 'vitest';
import { parseBibtex } from '../../../electron/backend/importers/bibtex';
import { guessMapping, parseCsv } from '../../../electron/backend/importers/csv';
import { parseEndnoteXml } from '../../../electron/backend/importers/endnoteXml';
import { latexToText } from '../../../electron/backend/importers/latex';
import { fixtureText } from './fixtures';

describe('EndNote XML', () => {
  it('reads style runs, entities, authors, keywords, DOI and PubMed accession numbers', () => {
    const { records, errors } = parseEndnoteXml(fixtureText('sample.xml'));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      line: 4,
      kind: 'journal_article',
      title: 'Cardiac Resynchronization Therapy in Inotrope-Dependent Heart Failure Patients & Outcomes',
      authors: ['Hernandez, Gabriel A.', 'Blumer, Vanessa'],
      year: 2018,
      journal: 'JACC: Heart Failure',
      volume: '6',
      issue: '9',
      pages: '734-742',
      doi: '10.1016/j.jchf.2018.02.016',
      pmid: '30098965',
      keywords: ['cardiac resynchronization therapy', 'inotropes'],
      url: 'https://www.ncbi.nlm.nih.gov/pubmed/30098965',
    });
    expect(records[0]!.abstract).toContain('(95% CI 86–100%); LVEF ≥ 35%.');
    // An electronic resource number that is not a DOI is left out rather than refused.
    expect(records[1]).toMatchObject({ line: 32, kind: 'conference_abstract', doi: null, authors: ['Lee, K'] });
    expect(errors).toEqual([{ line: 39, message: 'the record has no title' }]);
  });

  it('reports XML that is not well-formed with its line', () => {
    const { records, errors } = parseEndnoteXml(
      '<xml>\n<records>\n<record><titles></title></record>\n</records></xml>',
    );
    expect(records).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(3);
    expect(errors[0]!.message).toMatch(/^the file is not well-formed XML: /);
  });

  it('says so when well-formed XML has no EndNote records', () => {
    expect(parseEndnoteXml('<?xml version="1.0"?><html><body/></html>').errors).toEqual([
      { line: 1, message: 'no <record> elements inside <xml><records> (not an EndNote XML export?)' },
    ]);
  });
});

describe('BibTeX', () => {
  it('reads macros, concatenation, LaTeX accents, braces and the entry type', () => {
    const { records, errors } = parseBibtex(fixtureText('sample.bib'));
    expect(records.map((r) => r.line)).toEqual([4, 18, 34]);
    expect(records[0]).toMatchObject({
      kind: 'journal_article',
      title: 'Cardiac Resynchronization Therapy in Inotrope-Dependent Heart Failure Patients',
      authors: ['Hernandez, Gabriel A.', 'Blumer, Vanessa', 'World Heart Federation'],
      journal: 'JACC: Heart Failure',
      year: 2018,
      pages: '734-742',
      doi: '10.1016/j.jchf.2018.02.016',
      keywords: ['cardiac resynchronization therapy', 'inotropes'],
      abstract: '93% of patients were weaned; LVEF ≥ 35%.',
    });
    expect(records[1]).toMatchObject({
      kind: 'conference_abstract',
      title: 'Lead position and outcome',
      authors: ['Müller, Jürgen', 'Gonçalves, José'],
      journal: 'Proceedings of the Heart Rhythm Congress',
      pmid: '31000001',
    });
    expect(records[2]!.title).toBe('The last entry, after a broken one');
    expect(errors).toEqual([{ line: 32, message: '@entry starting on line 26: the entry is not closed with "}"' }]);
  });

  it('keeps an undefined macro as its name with a note, and names an unclosed entry', () => {
    const undefinedMacro = parseBibtex('@article{a,\n  journal = nowhere,\n  title = {T}\n}');
    expect(undefinedMacro.errors).toEqual([]);
    expect(undefinedMacro.records[0]!.journal).toBe('nowhere');
    expect(undefinedMacro.notes).toEqual([
      { line: 2, message: 'the @string macro "nowhere" is not defined in this file; its name is kept as the text' },
    ]);
    expect(parseBibtex('@article{a,\n  title = {T}').errors[0]!.message).toMatch(/not closed/);
  });

  it('turns LaTeX into text', () => {
    expect(latexToText(String.raw`{\"O}sterreich, Fran{\c c}ois \& Jos\'e -- p\o{}lse $\pm$ 3`)).toBe(
      'Österreich, François & José – pølse ± 3',
    );
  });
});

describe('CSV', () => {
  it('guesses the mapping from common headers and reads quoted multi-line fields', () => {
    const result = parseCsv(fixtureText('sample.csv'));
    expect(result.mapping).toMatchObject({ title: 'Title', authors: 'Authors', year: 'Publication Year', doi: 'DOI' });
    expect(result.records.map((r) => [r.line, r.title])).toEqual([
      [2, 'Cardiac resynchronization therapy in patients with stage 4 chronic kidney disease'],
      [4, 'A conference abstract on CRT'],
      [6, 'Too many fields'],
      [7, 'Last good row'],
    ]);
    expect(result.records[0]).toMatchObject({
      authors: ['Lee K.', 'Park S.'],
      year: 2015,
      journal: 'Heart Rhythm',
      doi: '10.1016/j.hrthm.2015.01.001',
      pmid: '90000003',
      keywords: ['CRT', 'CKD'],
      abstract: 'This study evaluated 73 patients.\nCRT response was observed in 22 patients ("responders").',
    });
    expect(result.records[1]!.kind).toBe('conference_abstract');
    expect(result.records[3]!.authors).toEqual(['Hernandez G.A.', 'Blumer V.']);
    expect(result.errors).toEqual([{ line: 5, message: 'the record has no title' }]);
    expect(result.notes).toEqual([
      {
        line: 6,
        message:
          'rows have more fields (13) than the header names (12); fields past the last header are ignored — check the column mapping',
      },
    ]);
  });

  it('uses a column mapping the reviewer gives, with ; as the delimiter', () => {
    const text = fixtureText('mapped.csv');
    expect(parseCsv(text).errors).toEqual([{ line: 1, message: 'no column is mapped to the title' }]);
    const result = parseCsv(text, {
      mapping: { title: 'Article name', authors: 'Who', year: 'When', journal: 'Where', doi: 'Identifier' },
    });
    expect(result.delimiter).toBe(';');
    expect(result.errors).toEqual([]);
    expect(result.records.map((r) => [r.title, r.authors, r.year, r.journal, r.doi])).toEqual([
      ['Effects of CRT on mortality', ['Smith A', 'Jones B'], 2011, 'Lancet', '10.1016/S0140-6736(11)00001-1'],
      ['Effects of CRT on hospitalisation', ['Smith A'], 2012, 'Lancet', null],
    ]);
  });

  it('refuses a mapping to a column that is not there, and reports an unclosed quote with its line', () => {
    expect(parseCsv('Title\nx\n', { mapping: { title: 'Name' } }).errors).toEqual([
      { line: 1, message: 'the column "Name" mapped to title is not in the header' },
    ]);
    const unclosed = parseCsv('Title,Year\nGood,2001\n"Never closed,2002\nmore\n');
    expect(unclosed.records.map((r) => r.title)).toEqual(['Good']);
    expect(unclosed.errors).toEqual([{ line: 3, message: 'a quoted field that is never closed' }]);
  });

  it('splits PubMed CSV author lists', () => {
    const csv = 'PMID,Title,Authors,Publication Year\n1,"A title","Hernandez GA, Blumer V, Viles Gonzalez J.",2018\n';
    expect(parseCsv(csv).records[0]!.authors).toEqual(['Hernandez GA', 'Blumer V', 'Viles Gonzalez J']);
  });

  it('reads tab-separated files and guesses PubMed-style headers', () => {
    expect(guessMapping(['PMID', 'Title', 'Authors', 'Journal/Book', 'Publication Year', 'DOI'])).toMatchObject({
      pmid: 'PMID',
      title: 'Title',
      year: 'Publication Year',
    });
    const result = parseCsv('Title\tYear\nA tab title\t2020\n');
    expect(result.delimiter).toBe('\t');
    expect(result.records[0]).toMatchObject({ title: 'A tab title', year: 2020 });
  });
});
