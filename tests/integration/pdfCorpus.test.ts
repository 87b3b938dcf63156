// The PDFs other readers open, imported through the router into real review files: every file of
// tests/fixtures/pdfs/broken (copies of ../shared/fixtures/pdfs/broken) and, when the shared fixtures
// are there, every file of ../shared/fixtures/real/pdfs, each with the outcome
// ../shared/fixtures/README.md gives it: owner-password-only files open without a password, files
// pdf.js repairs import with a note saying so, and only what pdf.js cannot open is refused, leaving
// the review file byte-identical. The text is compared with poppler's (expected/poppler-text.json,
// written by expected/make-poppler-text.sh).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PdfImportResult } from '../../shared/model/types';
import { REAL_FIXTURES_ABSENT, sharedFixture } from '../helpers/sharedFixtures';
import { testBackend } from '../helpers/temp';

type Outcome =
  | { kind: 'owner-password-only' | 'repaired' | 'clean' }
  | { kind: 'refused'; code: 'validation' }
  | { kind: 'password'; password: string };

/** The outcome per file, from ../shared/fixtures/README.md and the notes below. */
const EXPECTED: Record<string, Outcome> = {
  // pdfs/broken
  'helloworld-bad.pdf': { kind: 'repaired' },
  'GHOSTSCRIPT-698804-1-fuzzed.pdf': { kind: 'repaired' },
  'PDFBOX-3148-2-fuzzed.pdf': { kind: 'repaired' },
  'empty_protected.pdf': { kind: 'owner-password-only' },
  'poppler-742-0-fuzzed.pdf': { kind: 'refused', code: 'validation' },
  // real/pdfs
  'bug1815476.pdf': { kind: 'owner-password-only' },
  'bug900822.pdf': { kind: 'owner-password-only' },
  'issue17069.pdf': { kind: 'owner-password-only' },
  'issue17215.pdf': { kind: 'owner-password-only' },
  'issue7665.pdf': { kind: 'owner-password-only' },
  'issue9972-1.pdf': { kind: 'owner-password-only' },
  'issue9972-2.pdf': { kind: 'owner-password-only' },
  'issue9972-3.pdf': { kind: 'owner-password-only' },
  'secHandler.pdf': { kind: 'owner-password-only' },
  // pdf.js needs its user password ("asdfasdf", pdf.js's own test); poppler opens it as the owner.
  'pr6531_2.pdf': { kind: 'password', password: 'asdfasdf' },
  'xref_command_missing.pdf': { kind: 'repaired' },
  'issue6069.pdf': { kind: 'repaired' },
  'issue9252.pdf': { kind: 'repaired' },
  'mesh_shading_empty.pdf': { kind: 'repaired' },
  'prefilled_f1040.pdf': { kind: 'clean' },
  'TAMReview.pdf': { kind: 'clean' },
  'issue5946.pdf': { kind: 'clean' },
  'ArabicCIDTrueType.pdf': { kind: 'clean' },
  'SimFang-variant.pdf': { kind: 'clean' },
};

/** Files whose text pdf.js does not read as poppler does, and why. */
const TEXT_DIFFERS: Record<string, string> = {
  // pdf.js finds no text on the page ("Security Handler" for poppler): reported as no extractable text.
  'secHandler.pdf': 'pdf.js reads no text',
  // poppler decodes the CJK font as Latin-1 ("È« ÊÀ"); pdf.js reads the Chinese the page shows.
  'SimFang-variant.pdf': 'poppler reads mojibake',
  // poppler also reads the drawn signature stamp ("E-SIGNED by tt tt … GMT") and splits the watermark
  // into letters; pdf.js reads the watermark whole, the comment and the field, not the stamp.
  'issue17069.pdf': 'poppler reads the signature stamp',
};

interface PopplerText {
  exit: number;
  words: string[];
  text?: string;
}
const poppler = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/pdfs/expected/poppler-text.json', import.meta.url)), 'utf8'),
) as Record<string, PopplerText>;

const committed = fileURLToPath(new URL('../fixtures/pdfs/broken/', import.meta.url));
const realDir = sharedFixture('real/pdfs');

async function review() {
  const t = testBackend();
  const info = (await t.call('review:create', { title: 'Corpus' })) as { path: string };
  await t.call('reviewer:create', { name: 'A' });
  const state = () =>
    [info.path, `${info.path}-wal`]
      .filter(existsSync)
      .map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'))
      .join(' ');
  return { ...t, state };
}

const words = (text: string) => text.normalize('NFKC').toLowerCase();

async function checkFile(dir: string, name: string): Promise<void> {
  const expected = EXPECTED[name];
  expect(expected, `no expected outcome for ${name}`).toBeDefined();
  const t = await review();
  const contentBase64 = readFileSync(path.join(dir, name)).toString('base64');
  const before = t.state();
  const result = await t.router.handle('document:importPdf', { fileName: name, contentBase64 });
  if (expected!.kind === 'refused' || expected!.kind === 'password') {
    expect(result.ok, `${name} was imported`).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(expected!.kind === 'password' ? 'encrypted' : expected!.code);
      expect(result.error.message).toContain(name);
    }
    expect(t.state(), `${name}: the review changed`).toBe(before);
    if (expected!.kind !== 'password') return;
    const withPassword = await t.router.handle('document:importPdf', {
      fileName: name,
      contentBase64,
      password: expected!.password,
    });
    expect(withPassword.ok, `${name} with its password`).toBe(true);
    return;
  }
  expect(result.ok, `${name}: ${result.ok ? '' : result.error.message}`).toBe(true);
  if (!result.ok) return;
  const imported = result.value as PdfImportResult;
  const notes = imported.notes.join('\n');
  if (expected!.kind === 'repaired') expect(notes).toMatch(new RegExp(`${name.replace(/\./g, '\\.')} was repaired`));
  else expect(notes).not.toMatch(/repaired/);
  if (expected!.kind === 'owner-password-only') expect(notes).toMatch(/owner password only/);
  else expect(notes).not.toMatch(/owner password/);

  const { pages } = (await t.call('document:pages', { sha256: imported.document.sha256 })) as { pages: string[] };
  const text = words(pages.join('\n'));
  const reference = poppler[name];
  if (reference && !TEXT_DIFFERS[name] && reference.words.length > 0) {
    const missing = reference.words.filter((w) => !text.includes(w));
    expect(
      missing.length / reference.words.length,
      `${name}: poppler's words missing: ${missing.join(' ')}`,
    ).toBeLessThanOrEqual(0.1);
  }
  if (imported.unusablePages.length === 0 && pages.some((p) => p.trim())) {
    expect(notes).not.toMatch(/no extractable text/);
  }
}

describe('PDFs that readers open, from the pdf.js corpus', () => {
  for (const name of readdirSync(committed).sort()) {
    it(`broken/${name}: ${EXPECTED[name]?.kind ?? 'no expectation'}`, () => checkFile(committed, name));
  }

  if (!realDir) {
    it('real/pdfs', () => console.log(REAL_FIXTURES_ABSENT));
  } else {
    for (const name of readdirSync(realDir).sort()) {
      it(`real/pdfs/${name}: ${EXPECTED[name]?.kind ?? 'no expectation'}`, () => checkFile(realDir, name));
    }

    it('reports TAMReview.pdf pages 2–22 as having no extractable text (page 23 is its back cover, in text)', async () => {
      const t = await review();
      const imported = (await t.call('document:importPdf', {
        fileName: 'TAMReview.pdf',
        contentBase64: readFileSync(path.join(realDir, 'TAMReview.pdf')).toString('base64'),
      })) as PdfImportResult;
      expect(imported.unusablePages).toEqual(Array.from({ length: 21 }, (_, i) => i + 2));
      expect(imported.notes).toContain('Pages 2–22: no extractable text; the numbers cannot be selected.');
    });

    it('reads right-to-left lines in poppler’s order, FreeText and form fields with their page, CJK as shown', async () => {
      const t = await review();
      const read = async (name: string) => {
        const imported = (await t.call('document:importPdf', {
          fileName: name,
          contentBase64: readFileSync(path.join(realDir, name)).toString('base64'),
        })) as PdfImportResult;
        return ((await t.call('document:pages', { sha256: imported.document.sha256 })) as { pages: string[] }).pages;
      };
      const arabic = (await read('ArabicCIDTrueType.pdf'))[0]!;
      const popplerLines = poppler['ArabicCIDTrueType.pdf']!.text!.split('\n').filter((l) => l.trim());
      expect(arabic.split('\n').filter((l) => l.trim())).toEqual(popplerLines);
      expect((await read('issue5946.pdf'))[0]).toBe('This should be visible\n');
      // The tax form's one filled text field is on page 2; its empty fields and check boxes add nothing.
      const form = await read('prefilled_f1040.pdf');
      expect(form).toHaveLength(2);
      expect(form[1]!.endsWith('\nfoobar\n')).toBe(true);
      expect(form[0]).not.toMatch(/\nOff\n/);
      // A FreeText comment and a filled field, after the page's own text.
      expect((await read('issue17069.pdf'))[0]).toMatch(/\ntext comment\n(.*\n)*test value\n$/);
      expect((await read('SimFang-variant.pdf'))[0]!.replace(/ /g, '')).toContain('全世界无产者，联合起来');
    });
  }
});
