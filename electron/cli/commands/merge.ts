// `caliper merge --review FILE --from COPY --reviewer NAME`: brings a reviewer's values, highlights and
// statuses from a copy of the review (extracted on another computer) into the review, in one
// transaction, through the same router and channel as File > Merge reviewer work…. Layer: electron/cli.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CaliperError } from '../../../shared/contract/result';
import { Backend } from '../../backend/backend';
import { defaultDataDir } from '../../backend/dataDir';
import { createRouter } from '../../backend/router';
import { openReview } from '../../backend/services/review';
import type { CliCommand } from '../command';
import { caliperVersion } from '../paths';

const usage = `Usage: caliper merge --review FILE --from COPY --reviewer NAME [--passcode-stdin] [--dry-run]

Brings the reviewer NAME's values, highlights and extraction statuses from COPY (a copy of the same
review that they extracted in on another computer) into the review FILE, matched by the ids of studies,
fields, outcomes, timepoints and arms. Everything comes in, in one transaction, or nothing does: a value
that differs from the one NAME has in FILE, or a study, field or outcome FILE does not have, refuses the
whole merge. COPY is only read. A reviewer FILE does not have is created with their passcode.

  --review FILE      the review (.caliper) to merge into
  --from COPY        the reviewer's copy (.caliper)
  --reviewer NAME    whose work to bring in (their name or id in COPY)
  --passcode-stdin   read NAME's passcode from the first line of standard input (needed when they have one)
  --dry-run          print what the merge would do (and its conflicts) without merging

Prints one line of JSON: {"merged": true, "reviewer", "reviewerId", "reviewerCreated", "counts":
{"studies", "values", "highlights", "statuses", "arms", "documents", "unchanged"}} (with --dry-run,
{"merged": false, "counts", "conflicts": [{"kind", "studyId", "message"}]}). A conflict, a file that is
not a review or not a copy of it, an unknown reviewer or a wrong passcode exits 2 with one line of JSON,
{"error": {"code", "message"}}; nothing is written.
`;

const fail = (io: Parameters<CliCommand['run']>[1], code: string, message: string) => {
  io.stderr(`${JSON.stringify({ error: { code, message } })}\n`);
  return 2;
};

export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: 'merge a reviewer’s work from a copy of the review; prints a one-line JSON summary',
  usage,
  async run(argv, io) {
    let values;
    try {
      values = parseArgs({
        args: argv,
        options: {
          review: { type: 'string' },
          from: { type: 'string' },
          reviewer: { type: 'string' },
          'passcode-stdin': { type: 'boolean', default: false },
          'dry-run': { type: 'boolean', default: false },
          'data-dir': { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }).values;
    } catch (error) {
      return fail(io, 'usage', (error as Error).message);
    }
    for (const option of ['review', 'from', 'reviewer'] as const)
      if (!values[option]) return fail(io, 'usage', `--${option} is required (caliper merge --help)`);
    const review = values.review!;
    if (!existsSync(review)) return fail(io, 'not_found', `${review}: no such review file`);
    const passcode = values['passcode-stdin'] ? (await io.readStdin()).split(/\r?\n/)[0] : undefined;
    const backend = new Backend({
      dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir(),
      host: 'web',
      versions: { caliper: caliperVersion() },
    });
    const router = createRouter(backend);
    try {
      // The recent-reviews list is the app's: a command leaves it alone.
      openReview(backend.context(), { path: review }, { remember: false });
      const request = {
        path: values.from!,
        reviewer: values.reviewer!,
        ...(passcode === undefined ? {} : { passcode }),
      };
      if (values['dry-run']) {
        const preview = await router.invoke('review:mergePreview', request);
        io.stdout(
          `${JSON.stringify({ merged: false, reviewer: preview.reviewer, counts: preview.counts, conflicts: preview.conflicts, conflictCount: preview.conflictCount })}\n`,
        );
        return preview.conflictCount > 0 ? 2 : 0;
      }
      const result = await router.invoke('review:mergeCommit', request);
      io.stdout(`${JSON.stringify({ merged: true, ...result })}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof CaliperError)) throw error;
      return fail(io, error.code, error.message);
    } finally {
      backend.close();
    }
  },
};
