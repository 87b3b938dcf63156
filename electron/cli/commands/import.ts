// `caliper import --review FILE PATH...`: imports reference files (RIS, PubMed/MEDLINE, EndNote XML,
// BibTeX, CSV) and PDFs into a review, each file in its own transaction, and prints a JSON summary.
// A PDF becomes a study of its own unless --attach names a study. Exits 1 when anything was refused.
// Layer: electron/cli.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CaliperError } from '../../../shared/contract/result';
import { CSV_COLUMN_FIELDS, type CsvColumnField } from '../../../shared/model/imports';
import { Backend } from '../../backend/backend';
import { defaultDataDir } from '../../backend/dataDir';
import { createReview, openReview } from '../../backend/services/review';
import { importPdfFile } from '../../backend/services/documents';
import { importReferenceFile } from '../../backend/services/importReferences';
import { importReviewJson } from '../../backend/services/reviewJson/import';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { caliperVersion } from '../paths';

const usage = `Usage: caliper import --review FILE [--attach STUDY_ID] [--duplicates skip|merge] [--map FIELD=COLUMN,...] PATH...
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
            const result = await importPdfFile(ctx, file, { attach: values.attach, password: values.password });
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
