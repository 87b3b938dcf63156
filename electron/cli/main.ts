// Process entry of the `caliper` command line (`npm run --silent caliper -- COMMAND ...`).
// Layer: electron/cli.
// Node's compile cache keeps V8's compiled code of the modules loaded after this call (in the
// system's temporary folder), so a command's second start does not compile the bundle again.
import module from 'node:module';

module.enableCompileCache?.();
const { nodeIO, runCli } = await import('./run');

runCli(process.argv.slice(2), nodeIO).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`caliper: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
