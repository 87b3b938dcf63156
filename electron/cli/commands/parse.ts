// `caliper parse`: reads text on stdin (or the TEXT arguments) and prints, as JSON, every statistic the
// shared/parse recogniser finds in it, with offsets, units, warnings and candidates.
// Layer: electron/cli, a thin adapter.
import { parseArgs } from 'node:util';
import { recognise } from '../../../shared/parse';
import type { CliCommand } from '../command';

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'recognise statistics ("23.5 ± 4.3%", "9 of 10", "HR 0.51 (0.27–0.98)") in text; prints JSON',
  usage: `Usage: caliper parse [--compact] [TEXT ...]

Reads text from standard input (or joins the TEXT arguments with spaces) and prints a JSON list of the
statistics found, each {kind, start, end, text, values, unit?, warnings[], candidates?}. Offsets count
UTF-16 code units of the input, as JavaScript strings do. Kind "ambiguous" means the text can be read in
more than one way: its readings are in "candidates".

Options:
  --compact   one line of JSON instead of indented output
  -h, --help  this text

Example:
  echo 'LVEF 23.5 ± 4.3%' | npm run --silent caliper -- parse
`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { compact: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    const text = positionals.length > 0 ? positionals.join(' ') : await io.readStdin();
    const statistics = recognise(text);
    io.stdout(`${values.compact ? JSON.stringify(statistics) : JSON.stringify(statistics, null, 2)}\n`);
    return 0;
  },
};
