// What the whole-process benchmarks start: the built `caliper` command line (built first when a
// source is newer, as `npm run caliper` does) and R with metafor, when the machine has them.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** dist/cli/main.mjs, current with the sources (scripts/caliper.mjs builds it when stale). */
export function builtCli(): string {
  execFileSync(process.execPath, [`${root}scripts/caliper.mjs`, '--version'], { cwd: root, stdio: 'ignore' });
  return `${root}dist/cli/main.mjs`;
}

/** "metafor 3.8.1 (R 4.2.2)" when Rscript and metafor are installed, else undefined. */
export function rscriptVersion(): string | undefined {
  const found = spawnSync(
    'Rscript',
    ['-e', 'cat(as.character(packageVersion("metafor")), paste(R.version$major, R.version$minor, sep = "."))'],
    { encoding: 'utf8' },
  );
  if (found.error || found.status !== 0) return undefined;
  const [metafor, r] = found.stdout.trim().split(/\s+/);
  return `metafor ${metafor} (R ${r})`;
}
