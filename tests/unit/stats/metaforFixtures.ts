// Helpers for comparing the pooling core against metafor fixtures (tests/fixtures/metafor, written by
// tests/r/make-metafor-fixtures.R): every expected field, within 1e-6 relative or 1e-9 absolute.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export function loadFixture<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/metafor/${file}`, import.meta.url), 'utf8')) as T;
}

/** metafor's comparison target: |actual - expected| ≤ max(1e-9, 1e-6 |expected|). */
export function close(actual: number, expected: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
}

/**
 * Walks `expected` and compares every number in it with the same path in `actual`; strings must be equal ("Inf"
 * and "-Inf" stand for infinities, which JSON lacks), null (R's NA) must be NaN or absent. Returns the mismatches as readable lines.
 */
export function mismatches(actual: unknown, expected: unknown, path = ''): string[] {
  if (expected === null) {
    return actual === undefined || actual === null || (typeof actual === 'number' && Number.isNaN(actual))
      ? []
      : [`${path}: expected NA, got ${String(actual)}`];
  }
  if (typeof expected === 'number') {
    return typeof actual === 'number' && close(actual, expected)
      ? []
      : [`${path}: expected ${expected}, got ${String(actual)}`];
  }
  if (expected === 'Inf' || expected === '-Inf') {
    return actual === (expected === 'Inf' ? Infinity : -Infinity)
      ? []
      : [`${path}: expected ${expected}, got ${String(actual)}`];
  }
  if (typeof expected === 'string')
    return actual === expected ? [] : [`${path}: expected "${expected}", got ${String(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${path}: expected ${expected.length} items, got ${JSON.stringify(actual)?.slice(0, 80)}`];
    return expected.flatMap((e, i) => mismatches(actual[i], e, `${path}[${i}]`));
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null) return [`${path}: expected an object`];
    return Object.entries(expected).flatMap(([key, e]) =>
      mismatches((actual as Record<string, unknown>)[key], e, `${path}.${key}`),
    );
  }
  return [`${path}: unexpected fixture value`];
}

export function expectMatchesMetafor(actual: unknown, expected: unknown): void {
  expect(mismatches(actual, expected)).toEqual([]);
}
