// The `caliper` command line as `npm run caliper` runs it: from its JavaScript build in dist/cli
// (scripts/caliper.mjs builds it when a source is newer), in plain Node without tsx. The built
// commands must find what the backend loads at run time: better-sqlite3, the SQL migrations, and
// pdf.js with its thread script.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';

const root = fileURLToPath(new URL('../../', import.meta.url));
const launcher = path.join(root, 'scripts/caliper.mjs');
const built = path.join(root, 'dist/cli/main.mjs');

describe('the built caliper command line', () => {
  it('is built by the launcher, lists its sources, and pools and imports in plain Node', () => {
    const version = execFileSync(process.execPath, [launcher, '--version'], { cwd: root, encoding: 'utf8' });
    expect(version.trim()).toBe(
      (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version,
    );
    const inputs = JSON.parse(readFileSync(path.join(root, 'dist/cli/inputs.json'), 'utf8')) as string[];
    expect(inputs).toContain('electron/cli/main.ts');
    expect(inputs).toContain('electron/backend/router.ts');

    const pooled = spawnSync(process.execPath, [built, 'pool', '-'], {
      input: JSON.stringify({
        measure: 'RR',
        method: 'DL',
        studies: [
          { id: 'A', ai: 4, n1i: 123, ci: 11, n2i: 139 },
          { id: 'B', ai: 6, n1i: 306, ci: 29, n2i: 303 },
        ],
      }),
      encoding: 'utf8',
    });
    expect(pooled.stderr).toBe('');
    expect(pooled.status).toBe(0);
    expect((JSON.parse(pooled.stdout) as { k: number }).k).toBe(2);

    const bad = spawnSync(process.execPath, [built, 'pool', '-'], { input: '{"measure": "RR"}', encoding: 'utf8' });
    expect(bad.status).toBe(2);

    const dir = tempDir();
    const review = path.join(dir, 'built.caliper');
    const imported = spawnSync(
      process.execPath,
      [
        built,
        'import',
        '--data-dir',
        dir,
        '--review',
        review,
        '--create',
        path.join(root, 'tests/fixtures/pdfs/crt-sample-article.pdf'),
      ],
      { encoding: 'utf8' },
    );
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const summary = JSON.parse(imported.stdout) as { imported: number; pdfs: { pages: number }[] };
    expect(summary.imported).toBe(1);
    expect(summary.pdfs[0]!.pages).toBeGreaterThan(0);

    // A reference file over 1 MB is read in the reading thread, which the build puts beside the CLI.
    const ris = path.join(dir, 'large.ris');
    writeFileSync(
      ris,
      Array.from(
        { length: 2_500 },
        (_, i) =>
          `TY  - JOUR\nTI  - Built record ${i}\nPY  - 2001\nAB  - ${'Words of an abstract. '.repeat(25)}\nER  - \n`,
      ).join('\n'),
    );
    const large = spawnSync(process.execPath, [built, 'import', '--data-dir', dir, '--review', review, ris], {
      encoding: 'utf8',
    });
    expect(large.stderr).toBe('');
    expect(large.status).toBe(0);
    expect((JSON.parse(large.stdout) as { imported: number }).imported).toBe(2_500);
  });
});
