// Process entry of the `caliper` command line (`npm run --silent caliper -- COMMAND ...`).
// Layer: electron/cli.
import { nodeIO, runCli } from './run';

runCli(process.argv.slice(2), nodeIO).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`caliper: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
