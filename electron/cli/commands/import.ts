// `caliper import --review FILE PATH...`: imports reference files (RIS, PubMed/MEDLINE, EndNote XML,
// BibTeX, CSV) and PDFs into a review, each file in its own transaction, and prints a JSON summary.
// A PDF becomes a study of its own unless --attach names a study. Exits 1 when anything was refused.
// PDFs go through the router (`document:importPdf`, validated by the contract) like every caller's;
// reference files, which may be up to 512 MB read from disk and are parsed in a worker thread with
// progress, are read by the import service from their path (the JSON channel carries at most 100 MB).
// Layer: electron/cli.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CaliperError } from '../../../shared/contract/result';
import { CSV_COLUMN_FIELDS, type CsvColumnField } from '../../../shared/model/imports';
import { Backend } from '../../backend/backend';
import { defaultDataDir } from '../../backend/dataDir';
import { createReview, openReview } from '../../backend/services/review';
import { createRouter, type Router } from '../../backend/router';
import { readPdfFile } from '../../backend/services/documents';
import { importReferenceFile } from '../../backend/services/importReferences';
import { importRm5 } from '../../backend/services/rm5/import';
import { importReviewJson } from '../../backend/services/reviewJson/import';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { caliperVersion } from '../paths';

const usage = `Usage: caliper import --review FILE [--attach STUDY_ID] [--duplicates skip|merge] [--map FIELD=COLUMN,...] PATH...
       caliper import --create --review FILE REVIEW.rm5
       caliper import --create --review FILE REVIEW.json

Imports reference files (RIS, PubMed/MEDLINE .nbib/.txt, EndNote XML, BibTeX, CSV) and PDFs into the
review FILE. Each file is imported in one transaction: a file with bad records imports its good
records and lists the bad ones with their line numbers; a refused PDF changes nothing.

  --review FILE        the review (.caliper) to import into
  --create             create the review FILE first when it does not exist
  --attach STUDY_ID    attach the PDFs to this study instead of making a study of each
  --duplicates ACTION  skip (default) or merge likely duplicates (merge = another report of the study)
  --password TEXT      password for encrypted PDFs
  --map FIELD=COLUMN,...
                       CSV column mapping, e.g. --map "title=Item Title,journal=Publication Title";
                       fields: ${CSV_COLUMN_FIELDS.join(', ')}; a field left out is guessed
  --remember           add the review to the app's recent reviews (a command-line import does not)

A RevMan 5 file (.rm5) makes a new review FILE (which must not exist yet): its studies, each outcome of
each comparison as an outcome of the form with its data as consensus values, RevMan's subgroups as
study-level choice fields, and an analysis per outcome with RevMan's settings under the RevMan 5
convention. It prints one line of JSON {"path", "title", "studies", "outcomes", "analyses", "values",
"notes"}; a file that is not a RevMan 5 review, or an existing FILE, exits 2 with one line of JSON
{"error": {"code", "message"}} naming the line and element, and creates nothing.

Prints {"imported", "merged", "skipped", "duplicates", "pdfs", "errors": [{"file", "line", "message"}],
"notes": [{"file", "line", "message"}]} on standard output. Notes say what was imported with a change
(a field left out) or ignored (lines outside records); they are not refusals. Exits 1 when any record
or file was refused, 2 on a usage error.

With --create and one .json file (a whole review as JSON, from File > Export… or caliper export
--format json), creates the new review FILE from it, every id kept (reviewers without passcodes),
in one transaction, and prints {"review", "id", "title", "records", "studies", "reviewers", "pdfs",
"pdfsLeftOut"} on one line. A file that does not validate exits 2 with {"error": {"code",
"message"}} naming the JSON path of the problem; nothing is created.
`;

/** "title=Item Title,journal=Publication Title" as a column mapping; a usage error names what is wrong. */
export function parseColumnMapping(text: string): Partial<Record<CsvColumnField, string>> {
  const mapping: Partial<Record<CsvColumnField, string>> = {};
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    const field = (eq === -1 ? part : part.slice(0, eq)).trim();
    const column = eq === -1 ? '' : part.slice(eq + 1).trim();
    if (!(CSV_COLUMN_FIELDS as readonly string[]).includes(field)) {
      throw new UsageError(`--map: "${field}" is not a field (fields: ${CSV_COLUMN_FIELDS.join(', ')})`);
    }
    if (!column) throw new UsageError(`--map: give a column for ${field} (${field}=COLUMN)`);
    mapping[field as CsvColumnField] = column;
  }
  return mapping;
}

/**
 * Imports a PDF file through the router, as every caller does: the command reads the file (refusing
 * one over the limit by its size) and sends its bytes on `document:importPdf`, validated by the contract.
 */
export async function importPdfPath(
  router: Router,
  file: string,
  options: { attach?: string | undefined; password?: string | undefined } = {},
): Promise<{ studyId: string; sha256: string; pages: number; notes: string[] }> {
  const { fileName, bytes } = await readPdfFile(file);
  const result = await router.invoke('document:importPdf', {
    fileName,
    content: bytes,
    ...(options.attach === undefined ? {} : { studyId: options.attach }),
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  return {
    studyId: result.study.id,
    sha256: result.document.sha256,
    pages: result.document.pageCount,
    notes: result.notes,
  };
}

interface Summary {
  imported: number;
  merged: number;
  skipped: number;
  duplicates: number;
  pdfs: { file: string; studyId: string; sha256: string; pages: number; notes: string[] }[];
  errors: { file: string; line: number | null; message: string }[];
  notes: { file: string; line: number; message: string }[];
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import reference files and PDFs into a review and print a JSON summary',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        review: { type: 'string' },
        attach: { type: 'string' },
        duplicates: { type: 'string', default: 'skip' },
        password: { type: 'string' },
        create: { type: 'boolean', default: false },
        map: { type: 'string' },
        remember: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (!values.review) throw new UsageError('--review FILE is required');
    if (positionals.length === 0) throw new UsageError('name at least one file to import');
    if (values.duplicates !== 'skip' && values.duplicates !== 'merge') {
      throw new UsageError(`--duplicates must be skip or merge (got "${values.duplicates}")`);
    }
    const rm5 = positionals.filter((file) => file.toLowerCase().endsWith('.rm5'));
    if (rm5.length) {
      if (positionals.length > 1) throw new UsageError('a RevMan file (.rm5) is imported on its own');
      if (!values.create) throw new UsageError('a RevMan file (.rm5) makes a new review: add --create');
      return importRevMan(values.review, rm5[0]!, values['data-dir'], values.remember, io);
    }
    if (values.create && positionals.length === 1 && positionals[0]!.toLowerCase().endsWith('.json')) {
      return importWholeReview(values.review, positionals[0]!, values['data-dir'], values.remember, io);
    }
    if (positionals.some((file) => file.toLowerCase().endsWith('.json'))) {
      throw new UsageError(
        'a whole review as JSON makes a new review: import --create --review NEW.caliper REVIEW.json',
      );
    }
    const onDuplicate = values.duplicates;
    const columnMapping = values.map === undefined ? undefined : parseColumnMapping(values.map);
    const backend = new Backend({
      dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir(),
      host: 'web',
      versions: { caliper: caliperVersion() },
    });
    const ctx = backend.context();
    const router = createRouter(backend);
    const summary: Summary = { imported: 0, merged: 0, skipped: 0, duplicates: 0, pdfs: [], errors: [], notes: [] };
    // The recent-reviews list is the app's: a command-line import leaves it as it was unless asked.
    const remember = { remember: values.remember };
    try {
      try {
        if (values.create && !existsSync(values.review)) {
          createReview(ctx, { title: path.basename(values.review, '.caliper'), path: values.review }, remember);
        } else openReview(ctx, { path: values.review }, remember);
      } catch (error) {
        io.stderr(`caliper import: ${(error as Error).message}\n`);
        return 2;
      }
      for (const file of positionals) {
        if (file.toLowerCase().endsWith('.pdf')) {
          try {
            const result = await importPdfPath(router, file, { attach: values.attach, password: values.password });
            summary.pdfs.push({ file, ...result });
            summary.imported += values.attach ? 0 : 1;
          } catch (error) {
            if (!(error instanceof CaliperError)) throw error;
            summary.errors.push({ file, line: null, message: error.message });
          }
        } else {
          const result = await importReferenceFile(ctx, file, { onDuplicate, columnMapping });
          summary.imported += result.imported;
          summary.merged += result.merged;
          summary.skipped += result.skipped;
          summary.duplicates += result.duplicates;
          summary.errors.push(...result.errors);
          summary.notes.push(...result.notes);
        }
      }
    } finally {
      backend.close();
    }
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.errors.length > 0 ? 1 : 0;
  },
};

/** `--create --review FILE review.rm5`: a new review from a RevMan 5 file, one line of JSON either way. */
function importRevMan(review: string, file: string, dataDir: string | undefined, remember: boolean, io: CliIO): number {
  const backend = new Backend({
    dataDir: dataDir ? path.resolve(dataDir) : defaultDataDir(),
    host: 'web',
    versions: { caliper: caliperVersion() },
  });
  try {
    const summary = importRm5(backend.context(), { rm5Path: file, reviewPath: review }, { remember });
    io.stdout(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof CaliperError)) throw error;
    io.stderr(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    return 2;
  } finally {
    backend.close();
  }
}

/** `import --create --review FILE REVIEW.json`: a new review from a whole-review JSON file. */
function importWholeReview(
  review: string,
  source: string,
  dataDir: string | undefined,
  remember: boolean,
  io: CliIO,
): number {
  const backend = new Backend({
    dataDir: dataDir ? path.resolve(dataDir) : defaultDataDir(),
    host: 'web',
    versions: { caliper: caliperVersion() },
  });
  try {
    const result = importReviewJson(backend.context(), { source, target: review }, { remember });
    const { review: info, ...counts } = result;
    io.stdout(`${JSON.stringify({ review: info.path, id: info.id, title: info.title, ...counts })}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof CaliperError)) throw error;
    io.stderr(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    return 2;
  } finally {
    backend.close();
  }
}
