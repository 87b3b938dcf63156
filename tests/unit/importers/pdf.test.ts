// PDF text extraction with pdf.js in Node: the fixture article and the 14-page paper (page count,
// fingerprint, title, known sentences on the right pages); what pdf.js repairs or opens without a
// password imported with a note; a clear error naming the file for what pdf.js cannot open, a text
// file renamed .pdf, a PDF that needs its password and one over the size limit.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaliperError } from '../../../shared/contract/result';
import { splitDetail } from '../../../shared/pdf/pdfErrors';
import {
  checkPdfSize,
  findDoi,
  readPdf,
  titleFromFirstPage,
  usableTitle,
} from '../../../electron/backend/importers/pdf';
import { makePdf } from '../../helpers/makePdf';

const pdfs = fileURLToPath(new URL('../../fixtures/pdfs/', import.meta.url));
const fixture = (name: string) => readFileSync(path.join(pdfs, name));

async function refusal(bytes: Uint8Array, fileName: string, password?: string): Promise<CaliperError> {
  const error = await readPdf(bytes, { fileName, password }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${fileName} was accepted`).toBeInstanceOf(CaliperError);
  return error as CaliperError;
}

describe('readPdf on the fixture article', () => {
  it('reads one page with its fingerprint, title and the sentences a reviewer selects', async () => {
    const pdf = await readPdf(fixture('crt-sample-article.pdf'), { fileName: 'crt-sample-article.pdf' });
    expect(pdf.pageCount).toBe(1);
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.fingerprint).toBe('546576ec579795da1afac12c60230be9');
    // The metadata title is "crt-article.html"; the largest type on page 1 is the real one.
    expect(pdf.title).toBe(
      'Cardiac Resynchronization Therapy in Patients With End-Stage Inotrope-Dependent Class IV Heart Failure',
    );
    expect(pdf.doi).toBeNull();
    const page = pdf.pages[0]!;
    expect(page).toContain('LV ejection fraction increased (23.5 ± 4.3% to 32.0 ± 9.1%; p <0.05).');
    expect(page).toContain('LVEF, % 23.5 ± 4.3 32.0 ± 9.1 <0.05');
    expect(page).toContain(
      'Intravenous inotropic therapy was discontinued in 9 of 10 patients after 15 ± 14 days of\nCRT.',
    );
    expect(pdf.pdfjsVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('readPdf on the 14-page paper', () => {
  const expected: [number, string][] = [
    [1, 'Dynamic languages such as JavaScript are more difﬁcult to com-\npile than statically typed ones.'],
    [1, 'Trace-based Just-in-Time Type Specialization for Dynamic\nLanguages'],
    [2, 'Every compiled trace contains all the guards (checks) required'],
    [5, 'Representation specialization: numbers. JavaScript has no'],
    [8, '5.1 Optimizations'],
    [10, '6.5 Calling External Functions'],
    [14, 'References'],
  ];

  it('has 14 pages, each known sentence on its own page and no other', async () => {
    const pdf = await readPdf(fixture('tracemonkey.pdf'), { fileName: 'tracemonkey.pdf' });
    expect(pdf.pageCount).toBe(14);
    expect(pdf.pages).toHaveLength(14);
    expect(pdf.fingerprint).toBe('110dd61fd57444010b1ab5ff38782f0f');
    expect(pdf.title).toBe('Trace-based Just-in-Time Type Specialization for Dynamic Languages');
    for (const [page, sentence] of expected) {
      const found = pdf.pages.flatMap((text, i) => (text.includes(sentence) ? [i + 1] : []));
      expect(found, sentence).toEqual([page]);
    }
    for (const text of pdf.pages) expect(text.length).toBeGreaterThan(1000);
  });

  it('keeps ligatures as pdf.js’s text layer shows them, so offsets agree with the reader', async () => {
    const pdf = await readPdf(fixture('tracemonkey.pdf'), { fileName: 'tracemonkey.pdf' });
    expect(pdf.pages[1]).toContain('ﬂow is di');
  });
});

describe('readPdf refuses what it cannot read, naming the file', () => {
  const broken = readdirSync(path.join(pdfs, 'broken')).sort();

  it('finds the broken fixtures', () => {
    expect(broken).toEqual(
      expect.arrayContaining(['empty_protected.pdf', 'helloworld-bad.pdf', 'poppler-742-0-fuzzed.pdf']),
    );
    expect(broken.length).toBeGreaterThanOrEqual(5);
  });

  /** ../shared/fixtures/README.md: these three pdf.js repairs, empty_protected has an owner password only. */
  const imports = new Set([
    'helloworld-bad.pdf',
    'GHOSTSCRIPT-698804-1-fuzzed.pdf',
    'PDFBOX-3148-2-fuzzed.pdf',
    'empty_protected.pdf',
  ]);

  for (const name of broken.filter((n) => !imports.has(n))) {
    it(`refuses broken/${name}`, async () => {
      const error = await refusal(fixture(`broken/${name}`), name);
      expect(error.code).toBe('validation');
      expect(error.message).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')} is damaged: .+`));
      // pdf.js's own words are the detail, after the plain sentence, never in it.
      expect(splitDetail(error.message).text).not.toMatch(/pdf\.js|Exception|XRef/);
    });
  }

  it('imports what pdf.js repairs, with a note naming the file and what was repaired', async () => {
    const pdf = await readPdf(fixture('broken/helloworld-bad.pdf'), { fileName: 'helloworld-bad.pdf' });
    expect(pdf.pages).toEqual(['Hello, world!']);
    expect(pdf.notes).toEqual([
      'helloworld-bad.pdf was repaired when read: its cross-reference table is broken. Check its text against the page. Technical detail: pdf.js: Invalid XRef stream',
    ]);
    for (const name of ['GHOSTSCRIPT-698804-1-fuzzed.pdf', 'PDFBOX-3148-2-fuzzed.pdf']) {
      const repaired = await readPdf(fixture(`broken/${name}`), { fileName: name });
      expect(repaired.notes[0]).toMatch(
        new RegExp(`^${name.replace(/\./g, '\\.')} was repaired when read: .+ Technical detail: pdf\\.js: `),
      );
    }
  });

  it('opens a PDF with an owner password only without asking for one, and says it is encrypted', async () => {
    const pdf = await readPdf(fixture('broken/empty_protected.pdf'), { fileName: 'empty_protected.pdf' });
    expect(pdf.pageCount).toBe(1);
    expect(pdf.notes[0]).toBe(
      'empty_protected.pdf is encrypted with an owner password only (permissions); it opens without a password.',
    );
  });

  it('does not call a sound PDF repaired, nor a clean page unusable', async () => {
    const pdf = await readPdf(fixture('tracemonkey.pdf'), { fileName: 'tracemonkey.pdf' });
    expect(pdf.notes).toEqual([]);
    expect(pdf.unusablePages).toEqual([]);
  });

  it('refuses a text file renamed .pdf, and an empty file', async () => {
    const text = Buffer.from('TY  - JOUR\nTI  - Not a PDF at all\nER  - \n', 'utf8');
    const error = await refusal(text, 'references.pdf');
    expect(error).toMatchObject({
      code: 'validation',
      message: 'references.pdf is not a PDF (it does not begin with "%PDF-").',
    });
    expect((await refusal(new Uint8Array(0), 'empty.pdf')).message).toMatch(/^empty\.pdf is empty/);
  });

  it('refuses a PDF cut short', async () => {
    const whole = fixture('crt-sample-article.pdf');
    const error = await refusal(whole.subarray(0, Math.floor(whole.length / 3)), 'cut.pdf');
    expect(error.code).toBe('validation');
    expect(error.message).toMatch(/^cut\.pdf is damaged: /);
  });

  it('opens an encrypted PDF with its password, and says when the password is wrong', async () => {
    const bytes = fixture('broken/empty_protected.pdf');
    const wrong = await refusal(bytes, 'empty_protected.pdf', 'not-the-password');
    expect(wrong).toMatchObject({ code: 'encrypted', message: 'The password for empty_protected.pdf is wrong.' });
    // Its user password is empty: given explicitly, the file opens.
    const pdf = await readPdf(bytes, { fileName: 'empty_protected.pdf', password: '' });
    expect(pdf.pageCount).toBe(1);
  });

  it('asks for the password of a PDF pdf.js cannot open without one', async () => {
    // tests/helpers/makePdf.ts text encrypted by Ghostscript (-sUserPassword=caliper -dEncryptionR=3).
    const bytes = fixture('edge/user-password.pdf');
    const error = await refusal(bytes, 'user-password.pdf');
    expect(error).toMatchObject({
      code: 'encrypted',
      message: 'user-password.pdf is password-protected; give its password to import it.',
    });
    const pdf = await readPdf(bytes, { fileName: 'user-password.pdf', password: 'caliper' });
    expect(pdf.pages[0]).toContain('Secret trial');
  });

  it('survives a PDF on which pdf.js leaves a rejected promise unhandled (it would end a Node process)', async () => {
    // A mutated PDF found by the property test below: pdf.js prefetches a page dictionary whose
    // fetch fails and nobody awaits. pdf.js runs in its own thread, where that is only a note.
    // pdf.js repairs it: it is imported, with a note.
    const repaired = await readPdf(fixture('edge/pdfjs-unhandled-rejection.pdf'), { fileName: 'unhandled.pdf' });
    expect(repaired.pages[0]).toContain('LVEF 23.5 ± 4.3');
    expect(repaired.notes[0]).toMatch(/^unhandled\.pdf was repaired when read: /);
    const after = await readPdf(fixture('crt-sample-article.pdf'), { fileName: 'after.pdf' });
    expect(after.pageCount).toBe(1);
  });

  it('stops a read that takes too long, and reads the next PDF normally', async () => {
    const error = await readPdf(fixture('tracemonkey.pdf'), { fileName: 'slow.pdf', timeoutMs: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CaliperError);
    expect((error as CaliperError).message).toMatch(/^slow\.pdf is damaged: reading it did not finish/);
    const next = await readPdf(fixture('tracemonkey.pdf'), { fileName: 'tracemonkey.pdf' });
    expect(next.pageCount).toBe(14);
  });

  it('refuses a file over 200 MB by its size, before reading it', () => {
    expect(() => checkPdfSize('huge.pdf', 230 * 1024 * 1024)).toThrow(
      new CaliperError('validation', 'huge.pdf is 230.0 MB; the limit is 200.0 MB.'),
    );
    expect(() => checkPdfSize('fine.pdf', 200 * 1024 * 1024)).not.toThrow();
  });
});

describe('title and DOI', () => {
  it('take the DOI from the metadata, else from the first page, without trailing punctuation', async () => {
    const fromInfo = await readPdf(
      makePdf({
        pages: [['Some trial of something important'], ['doi: 10.9999/other.2']],
        info: { Subject: 'Circulation. doi:10.1161/CIRC.107.1234' },
      }),
      { fileName: 'a.pdf' },
    );
    expect(fromInfo.doi).toBe('10.1161/CIRC.107.1234');
    const fromText = await readPdf(
      makePdf({
        pages: [['A randomised trial of CRT in heart failure', 'https://doi.org/10.1016/j.jacc.2008.01.036.']],
      }),
      { fileName: 'b.pdf' },
    );
    expect(fromText.doi).toBe('10.1016/j.jacc.2008.01.036');
    expect(fromText.title).toBe('A randomised trial of CRT in heart failure');
  });

  it('prefer a metadata title that looks like one', async () => {
    const pdf = await readPdf(
      makePdf({
        pages: [['Big heading on the page', 'body']],
        info: { Title: 'Effect of CRT on LVEF: a cohort study' },
      }),
      { fileName: 'c.pdf' },
    );
    expect(pdf.title).toBe('Effect of CRT on LVEF: a cohort study');
  });

  it('recognise file names and placeholders as non-titles', () => {
    expect(usableTitle('crt-article.html')).toBeNull();
    expect(usableTitle('Microsoft Word - draft.docx')).toBeNull();
    expect(usableTitle('Untitled')).toBeNull();
    expect(usableTitle(42)).toBeNull();
    expect(usableTitle('  Microsoft Word - Outcomes of CRT in  class IV ')).toBe('Outcomes of CRT in class IV');
    expect(titleFromFirstPage([])).toBeNull();
  });

  it('find DOIs in running text', () => {
    expect(findDoi('see doi:10.1161/CIRCULATIONAHA.107.743120).')).toBe('10.1161/CIRCULATIONAHA.107.743120');
    expect(findDoi('no identifier here, 10.5 mg')).toBeNull();
  });
});

describe('readPdf on mutated PDFs (property)', () => {
  const seed = makePdf({
    pages: [
      ['A trial of resynchronization therapy', 'LVEF 23.5 ± 4.3 (n = 10)'],
      ['Page two', 'doi:10.1000/xyz'],
    ],
    info: { Title: 'A trial of resynchronization therapy' },
  });
  const mutation = fc.record({
    at: fc.nat({ max: seed.length - 1 }),
    kind: fc.constantFrom('flip', 'delete', 'insert', 'truncate'),
    byte: fc.integer({ min: 0, max: 255 }),
    length: fc.integer({ min: 1, max: 40 }),
  });

  function mutate(bytes: Buffer, steps: { at: number; kind: string; byte: number; length: number }[]): Buffer {
    let out = Buffer.from(bytes);
    for (const { at, kind, byte, length } of steps) {
      const i = Math.min(at, out.length);
      if (kind === 'flip')
        out = Buffer.concat([out.subarray(0, i), Buffer.alloc(length, byte), out.subarray(i + length)]);
      else if (kind === 'delete') out = Buffer.concat([out.subarray(0, i), out.subarray(i + length)]);
      else if (kind === 'insert')
        out = Buffer.concat([out.subarray(0, i), Buffer.alloc(length, byte), out.subarray(i)]);
      else out = out.subarray(0, i);
    }
    return out;
  }

  it('either reads a PDF or refuses it with a typed error naming the file: never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (steps) => {
        const bytes = mutate(seed, steps);
        const outcome = await readPdf(bytes, { fileName: 'mutant.pdf' }).then(
          (pdf) => pdf,
          (error: unknown) => error,
        );
        if (outcome instanceof CaliperError) {
          expect(['validation', 'encrypted']).toContain(outcome.code);
          expect(outcome.message).toContain('mutant.pdf');
        } else {
          expect(outcome).toMatchObject({ pageCount: expect.any(Number), pages: expect.any(Array) });
          expect((outcome as { pages: string[] }).pages).toHaveLength((outcome as { pageCount: number }).pageCount);
        }
      }),
      { numRuns: 300 },
    );
  });
});
