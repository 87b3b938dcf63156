// The pooling core is pure TypeScript (ARCHITECTURE.md layer rules): shared/stats may import only its
// own modules and the @stdlib distribution and special-function packages, never node:, DOM, electron or
// other packages.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../../shared/stats/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

function imports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  for (const m of source.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

describe('shared/stats layering', () => {
  it('has modules to check', () => {
    expect(files).toEqual(
      expect.arrayContaining(['index.ts', 'pool.ts', 'tau2.ts', 'effectSizes.ts', 'distributions.ts']),
    );
  });

  it.each(files)('%s imports only shared/stats modules and @stdlib distributions and special functions', (file) => {
    const source = readFileSync(new URL(file, dir), 'utf8');
    for (const specifier of imports(source)) {
      expect(
        specifier.startsWith('./') || /^@stdlib\/(stats-base-dists|math-base-special)-/.test(specifier),
        `${file} imports ${specifier}`,
      ).toBe(true);
    }
    expect(source).not.toMatch(/\b(process|window|document|Buffer)\./);
  });

  it('every module starts with a header comment', () => {
    for (const file of files) expect(readFileSync(new URL(file, dir), 'utf8').startsWith('//'), file).toBe(true);
  });
});
