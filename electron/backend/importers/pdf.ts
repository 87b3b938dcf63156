// Reads a PDF once, at import: pdf.js's fingerprint, the page count, a title and DOI for matching it to
// a study, and the text of every page joined exactly as the renderer's text layer joins it
// (shared/anchor/pageText.ts, same getTextContent options), so highlight offsets mean the same thing
// on both sides. What pdf.js opens is imported as every reader opens it: a PDF encrypted with an owner
// password only (no password asked: pdf.js tries the empty one), a PDF pdf.js repaired on the fly
// (with a note saying so). Only what pdf.js cannot open or read is refused, with a CaliperError that
// names the file and says what is wrong. Pages without usable text (a font without a Unicode map, a
// scan) are listed. pdf.js runs in its own thread (./pdfjs.ts); nothing here writes to a review.
// Layer: electron/backend (importers).
import { PAGE_TEXT_OPTIONS, annotationTexts, joinPageText, pageItems } from '../../../shared/anchor/pageText';
import { pageRanges, unusablePages, unusablePagesNote } from '../../../shared/anchor/textQuality';
import { CaliperError } from '../../../shared/contract/result';
import { explainPdfError, withDetail } from '../../../shared/pdf/pdfErrors';
import { MAX_PDF_BYTES, formatMegabytes } from '../../../shared/contract/limits';
import { PdfjsTimeout, pdfjsDataDirs, readWithPdfjs, type RawAnswer, type RawTextItem } from './pdfjs';

export interface PdfInfo {
  /** pdf.js's fingerprint (the document's permanent ID, or a hash of its first bytes). */
  fingerprint: string;
  pageCount: number;
  /** From the metadata when it looks like a title, else the largest type on page 1; null if neither. */
  title: string | null;
  /** From the metadata or the first page's text, without a resolver prefix. */
  doi: string | null;
  /** pages[i] is the text of page i + 1. */
  pages: string[];
  pdfjsVersion: string;
  /** Pages (1-based) without usable text: no letters, or control characters instead of them. */
  unusablePages: number[];
  /** What a reviewer should know about the file: repaired, encrypted, pages without text. */
  notes: string[];
}

export interface ReadPdfOptions {
  /** The name the file arrived with; every error message names it. */
  fileName: string;
  password?: string | undefined;
  /** How long pdf.js may take before the read is stopped; by default a minute and more for large files. */
  timeoutMs?: number | undefined;
}

/**
 * What in pdf.js's diagnostics means the file's structure is broken: pdf.js repaired it on the fly
 * (an import says so), or, when it could not open the file, what was wrong.
 */
const DAMAGE: { pattern: RegExp; what: string }[] = [
  { pattern: /Indexing all PDF objects|indexObjects|XRef/i, what: 'its cross-reference table is broken' },
  {
    pattern: /Empty "\w+" stream|Bad FCHECK|Invalid block type|Unexpected end|Invalid stream/i,
    what: 'a stream is corrupt',
  },
  { pattern: /getTextContent - ignoring|Malformed dictionary|missing "endobj"/i, what: 'its content is corrupt' },
];

const DOI_PATTERN = /\b(10\.\d{4,9}\/[^\s"'<>]+)/i;

/** Refuses a file over the limit before anything reads it. */
export function checkPdfSize(fileName: string, bytes: number): void {
  if (bytes > MAX_PDF_BYTES) {
    throw new CaliperError(
      'validation',
      `${fileName} is ${formatMegabytes(bytes)}; the limit is ${formatMegabytes(MAX_PDF_BYTES)}.`,
    );
  }
}

/** "%PDF-" within the first 1,024 bytes, as readers accept (PDF 32000-1, 7.5.2 and its implementation notes). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** A DOI found in text, without "doi:" or a resolver, and without trailing punctuation. */
export function findDoi(text: string): string | null {
  const match = DOI_PATTERN.exec(text.normalize('NFKC'));
  if (!match) return null;
  return match[1]!.replace(/[.,;:)\]}>]+$/, '');
}

/** Metadata titles are often a file name or a tool's placeholder; those are not titles. */
export function usableTitle(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const title = raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^Microsoft (Word|PowerPoint) - /i, '');
  if (title.length < 8 || title.length > 500) return null;
  if (/\.(html?|docx?|rtf|odt|pdf|tex|dvi|indd|qxd|ps|txt)$/i.test(title)) return null;
  if (/^(untitled|title|document|slide \d+|no title)$/i.test(title)) return null;
  if (!/\p{L}{3}/u.test(title)) return null;
  return title;
}

/** The run of largest type near the top of the first page: how a paper sets its title. */
export function titleFromFirstPage(items: readonly RawTextItem[]): string | null {
  const sized = items.filter((i) => i.str.trim().length > 0 && i.height > 0).slice(0, 200);
  if (sized.length === 0) return null;
  const largest = Math.max(...sized.map((i) => i.height));
  const start = sized.findIndex((i) => i.height >= largest * 0.95);
  const run: string[] = [];
  for (const item of sized.slice(start)) {
    if (item.height < largest * 0.95) break;
    run.push(item.str);
  }
  const title = run
    .join(' ')
    .replace(/-\s+(?=\p{L})/gu, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return usableTitle(title);
}

/** pdf.js lines that mention the cross-reference table but report nothing wrong with the file. */
const HARMLESS = /skipping XRef table since it was already parsed/i;

/** The damage pdf.js reported while reading (and repairing) a file: plain words and pdf.js's own. */
function damageIn(notes: readonly string[]): { what: string; detail: string } | null {
  for (const { pattern, what } of DAMAGE) {
    const note = notes.find((n) => pattern.test(n) && !HARMLESS.test(n));
    if (note) {
      const detail = note
        .replace(/^(Warning|Info): /, '')
        .replace(/^\(while reading XRef\): /, '')
        .replace(/^\w+(Error|Exception): /, '')
        .replace(/\.$/, '')
        .slice(0, 200);
      return { what, detail: `pdf.js: ${detail}` };
    }
  }
  return null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** pdf.js's PasswordResponses.INCORRECT_PASSWORD (NEED_PASSWORD, 1, is when none was given). */
const INCORRECT_PASSWORD = 2;

/** Long enough for a 1,000-page PDF on a slow machine; a read that takes longer is stopped. */
function defaultTimeoutMs(bytes: number): number {
  return 60_000 + Math.ceil(bytes / (1024 * 1024)) * 500;
}

/** "x.pdf is damaged: why." with pdf.js's own words as the message's technical detail. */
function damaged(fileName: string, why: string, detail = ''): CaliperError {
  return new CaliperError('validation', withDetail(`${fileName} is damaged: ${why}.`, detail));
}

/**
 * Reads a PDF's facts and page texts, or throws a CaliperError naming the file: 'validation' when it
 * is too large, not a PDF or damaged; 'encrypted' when it is password-protected and no (right)
 * password was given. pdf.js runs in its own thread (./pdfjs.ts).
 */
export async function readPdf(bytes: Uint8Array, options: ReadPdfOptions): Promise<PdfInfo> {
  const { fileName, password } = options;
  checkPdfSize(fileName, bytes.length);
  if (bytes.length === 0) throw new CaliperError('validation', `${fileName} is empty (0 bytes); it is not a PDF.`);
  if (!looksLikePdf(bytes)) {
    throw new CaliperError('validation', `${fileName} is not a PDF (it does not begin with "%PDF-").`);
  }
  let answer: RawAnswer;
  try {
    answer = await readWithPdfjs(
      {
        // A copy of its own, moved to the pdf.js thread.
        data: new Uint8Array(bytes),
        password,
        params: {
          verbosity: 5, // INFOS: pdf.js reports what it repaired, and ./pdfWorker.mjs collects it
          ...pdfjsDataDirs(),
          cMapPacked: true,
          useWorkerFetch: false,
          disableFontFace: true,
          useSystemFonts: false,
          useWasm: false,
          enableXfa: false,
          isOffscreenCanvasSupported: false,
          isImageDecoderSupported: false,
          disableRange: true,
          disableStream: true,
          disableAutoFetch: true,
        },
        textOptions: { ...PAGE_TEXT_OPTIONS },
      },
      options.timeoutMs ?? defaultTimeoutMs(bytes.length),
    );
  } catch (error) {
    if (error instanceof PdfjsTimeout) throw damaged(fileName, `reading it did not finish (${error.message})`);
    // The thread itself failed (pdf.js threw outside any read, or could not be loaded).
    throw new CaliperError('validation', `${fileName} could not be read: ${messageOf(error)}.`);
  }

  if (!answer.ok) {
    if (answer.error.name === 'PasswordException') {
      throw new CaliperError(
        'encrypted',
        answer.error.code === INCORRECT_PASSWORD && password
          ? `The password for ${fileName} is wrong.`
          : `${fileName} is password-protected; give its password to import it.`,
      );
    }
    const damage = damageIn(answer.notes);
    if (damage) throw damaged(fileName, damage.what, damage.detail);
    const explained = explainPdfError(answer.error.name, answer.error.message.replace(/\.$/, ''));
    throw damaged(fileName, explained.text.replace(/^the PDF is damaged: /, ''), `pdf.js: ${explained.detail}`);
  }
  const { info, xmp, numPages, fingerprints } = answer.result;
  if (numPages < 1) throw new CaliperError('validation', `${fileName} has no pages.`);
  const rawPages = answer.result.pages;
  if (!rawPages || rawPages.length !== numPages) throw damaged(fileName, 'not every page could be read');
  const unreadable = answer.result.pageErrors.map((e) => e.page);
  if (unreadable.length === numPages) {
    throw damaged(fileName, 'no page could be read', `pdf.js: ${answer.result.pageErrors[0]!.message.slice(0, 200)}`);
  }

  const notes: string[] = [];
  if (info.EncryptFilterName && !password) {
    notes.push(`${fileName} is encrypted with an owner password only (permissions); it opens without a password.`);
  }
  const damage = damageIn(answer.notes);
  if (damage)
    notes.push(
      withDetail(`${fileName} was repaired when read: ${damage.what}. Check its text against the page.`, damage.detail),
    );
  if (unreadable.length > 0) {
    notes.push(
      withDetail(
        `${unreadable.length === 1 ? 'Page' : 'Pages'} ${pageRanges(unreadable)} of ${fileName} could not be read (the page is damaged); ${unreadable.length === 1 ? 'it has' : 'they have'} no text.`,
        `pdf.js: ${answer.result.pageErrors[0]!.message.slice(0, 200)}`,
      ),
    );
  }
  const pages = rawPages.map((page) =>
    page
      ? joinPageText(
          pageItems(
            page.items,
            annotationTexts(page.annotations).map((a) => a.str),
          ),
        ).text
      : '',
  );
  const unusable = unusablePages(pages);
  const unusableNote = unusablePagesNote(unusable, numPages);
  if (unusableNote) notes.push(unusableNote);
  const firstItems = rawPages[0]?.items ?? [];
  const title = usableTitle(info.Title) ?? usableTitle(xmp['dc:title']) ?? titleFromFirstPage(firstItems);
  const metaText = [xmp['prism:doi'], xmp['dc:identifier'], info.Subject, info.Keywords, info.Custom]
    .map((v) => (typeof v === 'string' ? v : v ? JSON.stringify(v) : ''))
    .join(' ');
  const doi = findDoi(metaText) ?? findDoi(pages[0] ?? '');
  return {
    fingerprint: fingerprints[0] ?? '',
    pageCount: numPages,
    title,
    doi,
    pages,
    pdfjsVersion: answer.result.version,
    unusablePages: unusable,
    notes,
  };
}
