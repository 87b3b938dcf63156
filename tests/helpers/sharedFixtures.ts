// Real input files written by others live beside the repository in ../shared/fixtures/real, or
// where CALIPER_SHARED_FIXTURES points (a fixtures folder holding real/). Tests read them when they
// are there and never copy them into the project. Layer: tests.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The real/ fixtures folder, or null when neither place has it. */
export function realFixturesDir(): string | null {
  const candidates = [
    process.env.CALIPER_SHARED_FIXTURES ? path.join(process.env.CALIPER_SHARED_FIXTURES, 'real') : null,
    path.resolve(repoRoot, '..', 'shared', 'fixtures', 'real'),
  ];
  for (const dir of candidates) if (dir && existsSync(dir)) return dir;
  return null;
}

/** What a test logs when the real files are not there, instead of checking them. */
export const REAL_FIXTURES_ABSENT = '../shared/fixtures/real not found: real-file checks not run';
