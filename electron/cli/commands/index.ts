// The list of `caliper` sub-commands, in the order `caliper --help` shows them. Each command's module
// (and the backend, pdf.js or the web host behind it) loads only when that command runs, so
// `caliper --help` and `caliper pool` do not pay for what `serve` and `import` need. The summaries
// here are the ones `caliper --help` prints; tests/unit/cli/commands.test.ts checks them against
// each command's own.
import type { CliCommand } from '../command';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export const commands: CommandEntry[] = [
  {
    name: 'serve',
    summary: 'serve Caliper to a web browser on 127.0.0.1 and print its address',
    load: async () => (await import('./serve')).serveCommand,
  },
  {
    name: 'import',
    summary: 'import reference files and PDFs into a review and print a JSON summary',
    load: async () => (await import('./import')).importCommand,
  },
  {
    name: 'reconcile',
    summary: 'compare two reviewers’ extractions and print states, consensus and agreement as JSON',
    load: async () => (await import('./reconcile')).reconcileCommand,
  },
  {
    name: 'merge',
    summary: 'merge a reviewer’s work from a copy of the review; prints a one-line JSON summary',
    load: async () => (await import('./merge')).mergeCommand,
  },
  {
    name: 'pool',
    summary: 'pool studies given as JSON (meta-analysis with the numbers of R metafor) and print the result',
    load: async () => (await import('./pool')).poolCommand,
  },
  {
    name: 'analyse',
    summary: 'run a review’s stored analyses and print JSON, a forest plot (SVG) or an R script',
    load: async () => (await import('./analyse')).analyseCommand,
  },
  {
    name: 'export',
    summary: 'export a review as an extraction sheet (XLSX), CSV, RevMan or R script and print a JSON summary',
    load: async () => (await import('./export')).exportCommand,
  },
  {
    name: 'convert',
    summary: 'convert reported statistics (CI, SE, p, median/IQR/range, groups) for pooling',
    load: async () => (await import('./convert')).convertCommand,
  },
  {
    name: 'parse',
    summary: 'recognise statistics ("23.5 ± 4.3%", "9 of 10", "HR 0.51 (0.27–0.98)") in text; prints JSON',
    load: async () => (await import('./parse')).parseCommand,
  },
];
