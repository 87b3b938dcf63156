import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newRowId } from '../../../electron/backend/db/ids';

/** The milliseconds a version 7 UUID carries in its first 48 bits. */
const millisOf = (id: string) => Number.parseInt(id.replace('-', '').slice(0, 12), 16);

describe('row ids', () => {
  it('are RFC 9562 version 7 UUIDs, as the uuid package reads them', () => {
    for (let i = 0; i < 1_000; i++) {
      const id = newRowId();
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
      // The variant bits stay RFC 9562's (10xx).
      expect('89ab').toContain(id[19]);
    }
  });

  it('carry the time they were made, so later ids sort after earlier ones', async () => {
    const before = Date.now();
    const first = newRowId();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = newRowId();
    const after = Date.now();
    expect(millisOf(first)).toBeGreaterThanOrEqual(before);
    expect(millisOf(second)).toBeLessThanOrEqual(after);
    expect(millisOf(second)).toBeGreaterThan(millisOf(first));
    expect(second > first).toBe(true);
  });

  it('do not repeat, even within one millisecond', () => {
    const ids = Array.from({ length: 50_000 }, newRowId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
