// Where the team's shared fixtures are, when this checkout has them: ../shared/fixtures beside the
// repository, or the folder CALIPER_SHARED_FIXTURES names. Real input files written by others live in
// its real/ folder; tests read them when they are there, never copy them into the project, and run one
// test that says they were not run when neither place has them. Layer: tests.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The shared fixtures folder, or null when this checkout has none. */
export function sharedFixturesDir(): string | null {
  const candidates = [process.env.CALIPER_SHARED_FIXTURES, path.resolve(repoRoot, '..', 'shared', 'fixtures')];
  for (const dir of candidates) if (dir && existsSync(dir)) return dir;
  return null;
}

/** A folder inside the shared fixtures (for example 'real/pdfs'), or null when it is not there. */
export function sharedFixture(relative: string): string | null {
  const root = sharedFixturesDir();
  const dir = root ? path.join(root, relative) : null;
  return dir && existsSync(dir) ? dir : null;
}

/** The real/ fixtures folder, or null when neither place has it. */
export function realFixturesDir(): string | null {
  return sharedFixture('real');
}

/** What a test logs when the real files are not there, instead of checking them. */
export const REAL_FIXTURES_ABSENT = '../shared/fixtures/real not found: real-file checks not run';
