// Where the team's shared fixtures are, when this checkout has them: ../shared/fixtures beside the
// repository, or the folder CALIPER_SHARED_FIXTURES names. Tests that read the real files run one
// test that says they were not run when neither is there.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

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

export const NOT_FOUND_MESSAGE = '../shared/fixtures/real not found: real-file checks not run';
