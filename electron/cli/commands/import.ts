// `caliper import --review FILE PATH...`: imports reference files (RIS, PubMed/MEDLINE, EndNote XML,
// BibTeX, CSV) and PDFs into a review, each file in its own transaction, and prints a JSON summary.
// A PDF becomes a study of its own unless --attach names a study. Exits 1 when anything was refused.
// Layer: electron/cli.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CaliperError } from '../../../shared/contract/result';
import { Backend } from '../../backend/backend';
import { defaultDataDir } from '../../backend/dataDir';
import { createReview, openReview } from '../../backend/services/review';
import { importPdfFile } from '../../backend/services/documents';
import { importReferenceFile } from '../../backend/services/importReferences';
import { UsageError, type CliCommand } from '../command';
import { caliperVersion } from '../paths';

const usage = `Usage: caliper import --review FILE [--attach STUDY_ID] [--duplicates skip|merge] PATH...

Imports reference files (RIS, PubMed/MEDLINE .nbib/.txt, EndNote XML, BibTeX, CSV) and PDFs into the
review FILE. Each file is imported in one transaction: a file with bad records imports its good
records and lists the bad ones with their line numbers; a refused PDF changes nothing.

  --review FILE        the review (.caliper) to import into
  --create             create the review FILE first when it does not exist
  --attach STUDY_ID    attach the PDFs to this study instead of making a study of each
  --duplicates ACTION  skip (default) or merge likely duplicates (merge = another report of the study)
  --password TEXT      password for encrypted PDFs

Prints {"imported", "merged", "skipped", "duplicates", "pdfs", "errors": [{"file", "line", "message"}]}
on standard output; exits 1 when any record or file was refused, 2 on a usage error.
`;

interface Summary {
  imported: number;
  merged: number;
  skipped: number;
  duplicates: number;
  pdfs: { file: string; studyId: string; sha256: string; pages: number; notes: string[] }[];
  errors: { file: string; line: number | null; message: string }[];
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
    const onDuplicate = values.duplicates;
    const backend = new Backend({
      dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir(),
      host: 'web',
      versions: { caliper: caliperVersion() },
    });
    const summary: Summary = { imported: 0, merged: 0, skipped: 0, duplicates: 0, pdfs: [], errors: [] };
    try {
      try {
        if (values.create && !existsSync(values.review)) {
          createReview(backend, { title: path.basename(values.review, '.caliper'), path: values.review });
        } else openReview(backend, { path: values.review });
      } catch (error) {
        io.stderr(`caliper import: ${(error as Error).message}\n`);
        return 2;
      }
      for (const file of positionals) {
        if (file.toLowerCase().endsWith('.pdf')) {
          try {
            const result = await importPdfFile(backend, file, { attach: values.attach, password: values.password });
            summary.pdfs.push({ file, ...result });
            summary.imported += values.attach ? 0 : 1;
          } catch (error) {
            if (!(error instanceof CaliperError)) throw error;
            summary.errors.push({ file, line: null, message: error.message });
          }
        } else {
          const result = await importReferenceFile(backend, file, { onDuplicate });
          summary.imported += result.imported;
          summary.merged += result.merged;
          summary.skipped += result.skipped;
          summary.duplicates += result.duplicates;
          summary.errors.push(...result.errors);
        }
      }
    } finally {
      backend.close();
    }
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.errors.length > 0 ? 1 : 0;
  },
};
