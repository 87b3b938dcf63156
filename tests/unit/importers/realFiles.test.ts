// Every real reference export in ../shared/fixtures/real/references (149 files from the test suites
// of JabRef, Zotero, Better BibTeX, rispy, bibtexparser, biber, ASReview, ASySD, CoLRev, synthesisr,
// CiteSource, litstudy and RefLib) imports as its MANIFEST.tsv says: the records counted
// independently with a title are imported, those without are refused each with its line, and files
// broken on purpose are read without a crash. A sample of records per format is checked field by
// field against the file. Run with CALIPER_SHARED_FIXTURES=/path/to/fixtures from a worktree.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReferences, type ImportedRecord } from '../../../electron/backend/importers';
import { REAL_FIXTURES_ABSENT, realFixturesDir } from '../../helpers/sharedFixtures';

const real = realFixturesDir();
const root = real ? path.join(real, 'references') : null;

interface ManifestRow {
  file: string;
  format: string;
  records: number;
  importable: number;
  malformed: boolean;
}

function manifest(dir: string): ManifestRow[] {
  return readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('file\t'))
    .map((l) => {
      const [file, format, , , records, importable, malformed] = l.split('\t');
      return {
        file: file!,
        format: format!,
        records: Number(records),
        importable: Number(importable),
        malformed: malformed === 'yes',
      };
    });
}

function read(file: string) {
  return readReferences(readFileSync(path.join(root!, file)), path.basename(file));
}

/**
 * Where Caliper imports more than the manifest's independent count, and why. The manifest counted
 * with @retorquere/bibtex-parser, which drops an entry whose citation key has a space.
 */
const MORE_THAN_MANIFEST: Record<string, { importable: number; why: string }> = {
  'bibtex/colrev-scopus_bib.bib': {
    importable: 11,
    why: 'the entry on line 129 has a space in its key ("Conference paper2022775") and a title: it is imported',
  },
};

/** Markup that must not reach a stored title or abstract. */
const MARKUP = /<\/?jats:|&(?:amp|lt|gt|nbsp|#x?[0-9a-f]+);|\\text(?:less|greater)|\{\\/i;

describe('real reference exports', () => {
  if (!root) {
    it('are not here', () => {
      console.log(REAL_FIXTURES_ABSENT);
    });
    return;
  }
  const rows = manifest(root);

  it('the manifest lists 149 files in five formats', () => {
    expect(rows).toHaveLength(149);
    expect(new Set(rows.map((r) => r.format))).toEqual(new Set(['ris', 'medline', 'endnote_xml', 'bibtex', 'csv']));
  });

  for (const row of rows) {
    const importable = MORE_THAN_MANIFEST[row.file]?.importable ?? row.importable;
    it(`${row.file}: ${importable} of ${row.records} records${row.malformed ? ' (malformed on purpose)' : ''}`, () => {
      const result = read(row.file);
      expect(result.records).toHaveLength(importable);
      const lines = readFileSync(path.join(root, row.file)).length + 1;
      for (const e of result.errors) expect(e.line >= 1 && e.line <= lines && e.message.length > 0).toBe(true);
      if (!row.malformed) {
        // Only the title-less records are refused, each once.
        expect(result.errors).toHaveLength(row.records - importable);
        for (const e of result.errors) expect(e.message).toBe('the record has no title');
      }
      for (const r of result.records) {
        expect(r.title).not.toMatch(MARKUP);
        if (r.abstract) expect(r.abstract).not.toMatch(MARKUP);
        for (const a of r.authors) expect(a.length).toBeLessThanOrEqual(200);
      }
    });
  }

  const pick = (file: string, index = 0): ImportedRecord => read(file).records[index]!;

  it('RIS: fields of Dimensions, Scopus, APA PsycNET and RefLib records', () => {
    expect(pick('ris/citesource-Dimensions_246.ris')).toMatchObject({
      title:
        'The long-term impact of bushfires on the mental health of Australians: a systematic review and meta-analysis',
      year: 2022,
      journal: 'European Journal of Psychotraumatology',
      doi: '10.1080/20008198.2022.2087980',
    });
    expect(pick('ris/citesource-Dimensions_246.ris').abstract).toMatch(
      /^Background: The long-term health effects of bushfires/,
    );
    const scopus = pick('ris/synthesisr-scopus.ris');
    expect(scopus.authors.slice(0, 2)).toEqual(['Tingley, M.W.', 'Stillman, A.N.']);
    expect(scopus.doi).toBe('10.1016/j.foreco.2019.117694');
    const psycinfo = pick('ris/colrev-psycinfo_ris.ris');
    expect(psycinfo).toMatchObject({ title: 'Primary Title', pmid: '33355555', year: 2020, doi: '10.1011/hea0004444' });
    // U+2028 inside a C1 value no longer glues the next tag onto an author.
    const blueLight = read('ris/reflib-blue-light.ris').records;
    expect(blueLight.find((r) => r.authors.includes('Car, J.'))).toBeTruthy();
    expect(read('ris/asreview-ris_many_authors.ris').records[0]!.authors).toHaveLength(5_000);
  });

  it('MEDLINE and ERIC nbib: fields of a PubMed record and an ERIC record', () => {
    expect(pick('medline/reflibmedline-cancer.nbib')).toMatchObject({
      title: 'Prognostic value of preoperative von Willebrand factor plasma levels in patients with Glioblastoma.',
      year: 2016,
      journal: 'Cancer medicine',
      doi: '10.1002/cam4.747',
      pmid: '27236861',
    });
    expect(pick('medline/reflibmedline-cancer.nbib').authors[0]).toBe('Marfia, Giovanni');
    expect(pick('medline/zotero-MEDLINEnbib.js-case007.nbib')).toMatchObject({
      title: 'Tests of Robustness in Peer Review',
      authors: ['Leipzig, Jeremy'],
      year: 2021,
    });
    expect(pick('medline/zotero-MEDLINEnbib.js-case000.nbib').pmid).toBeNull();
  });

  it('EndNote XML: bold style runs and a DOI written twice', () => {
    expect(pick('endnote_xml/reflibnode-bold.xml')).toMatchObject({
      title: 'Patient satisfaction with physician-patient communication during telemedicine',
      year: 2009,
      journal: 'Telemed J E Health',
      doi: '10.1089/tmj.2009.0030',
      pmid: '19919189',
    });
    expect(pick('endnote_xml/asysd-zotero_export.xml')).toMatchObject({
      title: 'Myoclonus in older Cavalier King Charles Spaniels.',
      authors: ['Rotter, Carina', 'Whittaker, Danielle', 'Rusbridge, Clare'],
      doi: '10.1111/jvim.16404',
    });
  });

  it('BibTeX: {\\textless} kept as "<", DOI URLs, Latin-9 and GBK files, math', () => {
    const zotero = read('bibtex/asysd-zotero_export.bib').records;
    expect(zotero.filter((r) => r.abstract?.includes(' < ')).length).toBeGreaterThan(50);
    expect(pick('bibtex/jabref-complex.bib', 1)).toMatchObject({
      authors: ['E. Bardram'],
      year: 2005,
      doi: '10.1007/s00779-005-0347-6',
    });
    expect(
      read('bibtex/jabref-complex.bib').records.filter((r) => r.doi?.startsWith('10.1145/')).length,
    ).toBeGreaterThan(5);
    const latin9 = read('bibtex/biber-encoding1.bib');
    expect(latin9.encoding).toBe('latin-9');
    expect(latin9.records[0]!.title).toBe('Šome title');
    const gbk = read('bibtex/bibtexparser-gbk_test.bib');
    expect(gbk.records[0]).toMatchObject({ title: 'Test Title', authors: ['凯撒'], journal: '测试期刊', year: 2013 });
    expect(gbk.notes[0]!.message).toMatch(/read as gb18030 \(a guess/);
    const math = read('bibtex/bbt-math-markup-472.bib').records;
    expect(math.every((r) => !/[$\\]/.test(r.title))).toBe(true);
  });

  it('CSV: Springer, IEEE, CiteSource and Zotero exports', () => {
    expect(pick('csv/colrev-springer_csv.csv')).toMatchObject({
      title: 'Publication tilte',
      authors: ['Andy Smith', 'Tom Weber'],
      journal: 'Nature',
      year: 2000,
      doi: '10.1007/11111',
    });
    expect(pick('csv/litstudy-ieee.csv')).toMatchObject({
      authors: ['P. Kogge', 'J. Shalf'],
      journal: 'Computing in Science & Engineering',
      doi: '10.1109/MCSE.2013.95',
      year: 2013,
    });
    expect(pick('csv/citesource-benchmark_export.csv', 16).authors).toEqual([
      'López, AF',
      'Barrón, EGH',
      'Bugallo, PMB',
    ]);
    expect(pick('csv/asysd-zotero_export.csv')).toMatchObject({
      journal: 'Journal of veterinary internal medicine',
      abstract: expect.stringMatching(/^BACKGROUND: Myoclonus is observed/),
    });
  });
});
