// Bytes to text (BOM, CRLF, CR, Latin-1/Windows-1252, UTF-16) and format detection, against the
// edge-case fixtures: the same records whatever the encoding.
import { describe, expect, it } from 'vitest';
import { readReferences } from '../../../electron/backend/importers';
import { decodeText } from '../../../electron/backend/importers/decode';
import { detectFormat } from '../../../electron/backend/importers/detect';
import { fixtureBytes } from './fixtures';

const MULLER = {
  title: "Cardiac resynchronization in Müller's cohort: São Paulo registry",
  authors: ['Müller, Jürgen', 'Gonçalves, José'],
  journal: 'Revista Española de Cardiología',
  doi: '10.1016/J.REC.2019.01.002',
  year: 2019,
};

describe('decoding', () => {
  it('reads UTF-8 with a BOM and CRLF line ends', () => {
    const read = readReferences(fixtureBytes('bom-crlf.ris'), 'bom-crlf.ris');
    expect(read.encoding).toBe('utf-8-bom');
    expect(read.errors).toEqual([]);
    expect(read.records[0]).toMatchObject({ line: 1, ...MULLER });
    expect(read.records[1]).toMatchObject({
      line: 11,
      title: 'Left ventricular lead position and outcome ≥ 6 months after CRT',
    });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    const read = readReferences(fixtureBytes('latin1.ris'), 'latin1.ris');
    expect(read.encoding).toBe('windows-1252');
    expect(read.records[0]).toMatchObject(MULLER);
    expect(read.records[1]!.authors).toEqual(['Øster, Åse']);
  });

  it('reads UTF-16 LE and BE by their BOM', () => {
    const le = readReferences(fixtureBytes('utf16le.ris'), 'utf16le.ris');
    expect(le.encoding).toBe('utf-16le');
    expect(le.records[0]).toMatchObject(MULLER);
    const be = readReferences(fixtureBytes('utf16be.nbib'), 'utf16be.nbib');
    expect(be.encoding).toBe('utf-16be');
    expect(be.records.map((r) => r.pmid)).toEqual(['90000001', '90000002', '90000003']);
  });

  it('reads UTF-16 LE without a BOM', () => {
    const bytes = Buffer.from('TY  - JOUR\r\nTI  - No BOM\r\nER  - \r\n', 'utf16le');
    expect(decodeText(bytes)).toEqual({ text: 'TY  - JOUR\nTI  - No BOM\nER  - \n', encoding: 'utf-16le' });
  });

  it('reads old-Mac CR line ends with the same line numbers', () => {
    const cr = readReferences(fixtureBytes('cr-only.nbib'), 'cr-only.nbib');
    const lf = readReferences(fixtureBytes('seeds.nbib'), 'seeds.nbib');
    expect(cr.records).toEqual(lf.records);
    expect(cr.records.map((r) => r.line)).toEqual([1, 20, 62]);
  });
});

describe('format detection', () => {
  it('tells formats by content, whatever the extension', () => {
    expect(detectFormat('TY  - JOUR\nER  - \n', 'export.txt')).toBe('ris');
    expect(detectFormat('PMID- 1\nTI  - x\n', 'pubmed.txt')).toBe('medline');
    expect(detectFormat('\nPMID- 1\n', 'citations.ris')).toBe('medline');
    expect(detectFormat('<?xml version="1.0"?>\n<xml><records><record/></records></xml>', 'a.txt')).toBe('endnote_xml');
    expect(detectFormat('% comment\n@article{a, title={x}}', 'a.txt')).toBe('bibtex');
    expect(detectFormat('@article{a, title={x}}', 'refs')).toBe('bibtex');
    expect(detectFormat('Title,Year\nx,2001\n', 'sheet.txt')).toBe('csv');
  });

  it('falls back to the extension, and to nothing', () => {
    expect(detectFormat('', 'empty.ris')).toBe('ris');
    expect(detectFormat('Name;When\nx;1\n', 'a.csv')).toBe('csv');
    expect(detectFormat('hello world', 'notes.txt')).toBeNull();
    const read = readReferences(Buffer.from('hello world'), 'notes.txt');
    expect(read.format).toBeNull();
    expect(read.errors).toEqual([
      {
        line: 1,
        message: 'the file is not in a reference format Caliper reads (RIS, PubMed/MEDLINE, EndNote XML, BibTeX, CSV)',
      },
    ]);
  });

  it('detects every fixture', () => {
    const expected: Record<string, string> = {
      'seeds.ris': 'ris',
      'seeds.nbib': 'medline',
      'sample.xml': 'endnote_xml',
      'sample.bib': 'bibtex',
      'sample.csv': 'csv',
      'mapped.csv': 'csv',
      'utf16be.nbib': 'medline',
      'latin1.ris': 'ris',
    };
    for (const [name, format] of Object.entries(expected)) {
      expect(readReferences(fixtureBytes(name), name).format, name).toBe(format);
    }
  });
});
