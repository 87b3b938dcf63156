// The recogniser on real abstracts written by others (../shared/fixtures/real/abstracts, labelled in
// realAbstracts.ts): recall and precision per kind over the labelled statistics, and no distractor read.
// A labelled statistic is found when a returned statistic overlaps its text with the same kind and the
// same values (and the same unit, where both state one). The texts are read from the shared fixtures
// (../shared beside the repository, or CALIPER_SHARED_FIXTURES); without them one test says so.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recognise, type Statistic } from '../../../shared/parse';
import type { Expected } from './phrasings';
import { realAbstracts } from './realAbstracts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function abstractsDir(): string | null {
  const roots = [process.env.CALIPER_SHARED_FIXTURES, path.resolve(repoRoot, '..', 'shared', 'fixtures')];
  for (const root of roots) {
    const dir = root ? path.join(root, 'real', 'abstracts') : null;
    if (dir && existsSync(dir)) return dir;
  }
  return null;
}

const AIM = 0.97;

interface Located extends Expected {
  start: number;
  end: number;
}

function sameNumber(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9;
}

/** Values equal key by key; an estimate's optional measure label is descriptive and not compared. */
function sameValues(kind: string, got: Record<string, unknown>, want: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(got), ...Object.keys(want)]);
  if (kind === 'estimate_ci') keys.delete('measure');
  for (const key of keys) {
    const a = got[key];
    const b = want[key];
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      if (!sameValues(kind, a as Record<string, unknown>, b as Record<string, unknown>)) return false;
    } else if (typeof a === 'number' || typeof b === 'number') {
      if (!sameNumber(a, b)) return false;
    } else if (a !== b) return false;
  }
  return true;
}

function matches(got: Statistic, want: Located): boolean {
  if (got.end <= want.start || got.start >= want.end || got.kind !== want.kind) return false;
  if (!sameValues(want.kind, got.values as Record<string, unknown>, want.values ?? {})) return false;
  return got.unit === undefined || want.unit === undefined || got.unit === want.unit;
}

/** Every labelled statistic with its offsets, found in order in the text (a label error fails loudly). */
function locate(file: string, text: string, list: Expected[]): Located[] {
  let from = 0;
  return list.map((e) => {
    const start = text.indexOf(e.text, from);
    if (start < 0) throw new Error(`${file}: label "${e.text}" not found after offset ${from}`);
    from = start + 1;
    return { ...e, start, end: start + e.text.length };
  });
}

function occurrences(text: string, part: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) out.push([at, at + part.length]);
  if (out.length === 0) throw new Error(`distractor "${part}" not in the text`);
  return out;
}

interface Score {
  labelled: number;
  found: number;
  returned: number;
  correct: number;
}

function score(dir: string) {
  const perKind = new Map<string, Score>();
  const kind = (k: string) => {
    let s = perKind.get(k);
    if (!s) perKind.set(k, (s = { labelled: 0, found: 0, returned: 0, correct: 0 }));
    return s;
  };
  const missed: string[] = [];
  const wrong: string[] = [];
  const distractorsRead: string[] = [];
  for (const row of realAbstracts) {
    const text = readFileSync(path.join(dir, row.file), 'utf8');
    const want = locate(row.file, text, row.expect);
    const got = recognise(text);
    const used = new Set<number>();
    for (const w of want) {
      kind(w.kind).labelled++;
      const k = got.findIndex((g, index) => !used.has(index) && matches(g, w));
      if (k >= 0) {
        used.add(k);
        kind(w.kind).found++;
      } else missed.push(`${row.file}: ${w.kind} "${w.text}" ${JSON.stringify(w.values)}`);
    }
    got.forEach((g, index) => {
      kind(g.kind).returned++;
      if (used.has(index)) kind(g.kind).correct++;
      else wrong.push(`${row.file}: ${g.kind} "${g.text}" ${JSON.stringify(g.values)} ${g.unit ?? ''}`);
    });
    for (const d of row.distractors) {
      for (const [start, end] of occurrences(text, d)) {
        const read = got.find((g) => g.start < end && g.end > start);
        if (read) distractorsRead.push(`${row.file}: "${d}" read as ${read.kind} "${read.text}"`);
      }
    }
  }
  return { perKind, missed, wrong, distractorsRead };
}

function ratioOf(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

const dir = abstractsDir();

describe('recognise: real abstracts written by others', () => {
  if (!dir) {
    it('needs the shared fixtures', () => {
      console.log('../shared/fixtures/real not found: real-file checks not run');
    });
    return;
  }

  it('labels at least 300 statistics and 100 distractors in the 59 abstracts', () => {
    expect(realAbstracts.length).toBe(59);
    expect(realAbstracts.reduce((sum, r) => sum + r.expect.length, 0)).toBeGreaterThanOrEqual(300);
    expect(realAbstracts.reduce((sum, r) => sum + r.distractors.length, 0)).toBeGreaterThanOrEqual(100);
  });

  it(`reads ≥ ${AIM * 100}% of the labelled statistics right, returns ≥ ${AIM * 100}% correct ones, and no distractor`, () => {
    const { perKind, missed, wrong, distractorsRead } = score(dir);
    const total = { labelled: 0, found: 0, returned: 0, correct: 0 };
    const lines = ['kind            labelled  recall  returned  precision'];
    for (const [k, s] of [...perKind].sort()) {
      for (const key of Object.keys(total) as Array<keyof Score>) total[key] += s[key];
      lines.push(
        `${k.padEnd(16)}${String(s.labelled).padStart(8)}  ${(100 * ratioOf(s.found, s.labelled)).toFixed(1).padStart(6)}` +
          `${String(s.returned).padStart(10)}  ${(100 * ratioOf(s.correct, s.returned)).toFixed(1).padStart(9)}`,
      );
    }
    const recall = ratioOf(total.found, total.labelled);
    const precision = ratioOf(total.correct, total.returned);
    lines.push(
      `all             ${String(total.labelled).padStart(8)}  ${(100 * recall).toFixed(1).padStart(6)}` +
        `${String(total.returned).padStart(10)}  ${(100 * precision).toFixed(1).padStart(9)}`,
    );
    console.log([...lines, 'missed:', ...missed, 'wrong:', ...wrong].join('\n'));
    expect(distractorsRead).toEqual([]);
    expect(recall).toBeGreaterThanOrEqual(AIM);
    expect(precision).toBeGreaterThanOrEqual(AIM);
  });
});
