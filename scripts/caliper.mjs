// `npm run caliper -- COMMAND ...`: runs the `caliper` command line from its JavaScript build
// (dist/cli/main.mjs), building it first when it is missing or older than any source file it was
// built from (the list the build writes to dist/cli/inputs.json). `npm run caliper:dev` runs the
// TypeScript sources through tsx instead, for working on the command line itself.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}dist/cli/main.mjs`;

/** True when the build is missing, or a source it was built from changed (or vanished) since. */
function stale() {
  let built;
  let inputs;
  try {
    built = statSync(entry).mtimeMs;
    inputs = JSON.parse(readFileSync(`${root}dist/cli/inputs.json`, 'utf8'));
  } catch {
    return true;
  }
  for (const input of inputs) {
    try {
      if (statSync(`${root}${input}`).mtimeMs > built) return true;
    } catch {
      return true;
    }
  }
  return false;
}

if (stale()) {
  const { buildCli } = await import('./build.mjs');
  await buildCli({ quiet: true });
}
// dist/cli/main.mjs reads its arguments from process.argv.slice(2), which are this script's own.
await import(pathToFileURL(entry).href);
