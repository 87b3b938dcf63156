// The layer rules of ARCHITECTURE.md, checked over every import in the tree: shared/ imports nothing
// outside itself (no node:, DOM, electron); renderer/ imports shared/ only (never electron/);
// electron/backend never imports electron.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern =
    /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

const NODE_BUILTINS = new Set([
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'child_process',
  'stream',
  'events',
  'buffer',
  'module',
  'worker_threads',
  'zlib',
]);
const DOM_GLOBALS = /\b(window|document|navigator|localStorage|sessionStorage|HTMLElement|EventSource|fetch)\s*[.(]/;

type Violation = string;

export function checkFile(file: string, source: string): Violation[] {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const violations: Violation[] = [];
  for (const spec of importsOf(source)) {
    const resolved = spec.startsWith('.')
      ? path
          .relative(root, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join('/')
      : spec;
    const isNode = spec.startsWith('node:') || NODE_BUILTINS.has(spec);
    if (rel.startsWith('shared/')) {
      if (isNode) violations.push(`${rel} imports ${spec} (shared/ must not use Node)`);
      else if (spec === 'electron' || spec.startsWith('electron/'))
        violations.push(`${rel} imports ${spec} (shared/ must not use Electron)`);
      else if (spec.startsWith('.') && !resolved.startsWith('shared/'))
        violations.push(`${rel} imports ${spec} (outside shared/)`);
      else if (['react', 'react-dom', 'zustand'].includes(spec))
        violations.push(`${rel} imports ${spec} (DOM-side library)`);
    }
    if (rel.startsWith('renderer/')) {
      if (spec.startsWith('.') && resolved.startsWith('electron/'))
        violations.push(`${rel} imports ${spec} (renderer/ must not import electron/)`);
      if (spec === 'electron' || isNode) violations.push(`${rel} imports ${spec} (renderer/ runs in the page)`);
    }
    if (rel.startsWith('electron/backend/') && (spec === 'electron' || spec.startsWith('electron/'))) {
      violations.push(`${rel} imports ${spec} (the backend must run without Electron)`);
    }
  }
  if (rel.startsWith('shared/') && DOM_GLOBALS.test(source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, ''))) {
    violations.push(`${rel} uses a DOM global`);
  }
  return violations;
}

describe('layer rules', () => {
  it('hold for every source file in shared/, renderer/ and electron/', () => {
    const files = ['shared', 'renderer', 'electron'].flatMap((d) => sourceFiles(path.join(root, d)));
    expect(files.length).toBeGreaterThan(20);
    const violations = files.flatMap((file) => checkFile(file, readFileSync(file, 'utf8')));
    expect(violations).toEqual([]);
  });

  it('catch each kind of violation', () => {
    const at = (p: string) => path.join(root, p);
    expect(checkFile(at('shared/x.ts'), "import fs from 'node:fs';")).toHaveLength(1);
    expect(checkFile(at('shared/x.ts'), "import { app } from 'electron';")).toHaveLength(1);
    expect(checkFile(at('shared/x.ts'), "import { a } from '../renderer/a';")).toHaveLength(1);
    expect(checkFile(at('shared/x.ts'), 'const w = window.innerWidth;')).toHaveLength(1);
    expect(checkFile(at('renderer/x.ts'), "import { b } from '../electron/backend/backend';")).toHaveLength(1);
    expect(checkFile(at('renderer/x.ts'), "const m = await import('node:path');")).toHaveLength(1);
    expect(checkFile(at('electron/backend/x.ts'), "import { dialog } from 'electron';")).toHaveLength(1);
    expect(checkFile(at('electron/main/x.ts'), "import { dialog } from 'electron';")).toEqual([]);
    expect(checkFile(at('renderer/x.ts'), "import type { A } from '../shared/contract';")).toEqual([]);
  });
});
